package io.github.farolero.amocrm;

import java.time.Duration;

/**
 * Waits between retries. The client sleeps through this, so tests can pass one that records the
 * delay and returns at once, and never wait on real time.
 *
 * <p>Implementations must be thread-safe: every thread that retries calls it.
 */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the current thread with {@link Thread#sleep(long, int)}. */
  Sleeper SYSTEM = duration -> {
    long nanos = duration.toNanos();
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  };

  /**
   * Waits for the duration.
   *
   * @param duration how long, not negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
