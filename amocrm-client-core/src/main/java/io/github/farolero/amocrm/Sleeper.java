package io.github.farolero.amocrm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. The client sleeps through this, so tests can pass one that records the
 * delay and returns at once, and never wait on real time.
 *
 * <p>Implementations must be thread-safe: every thread that retries calls it.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Sleeps on the current thread ({@link TimeUnit#sleep(long)}); a duration past what a long
   * holds in nanoseconds (about 292 years) sleeps that long, and zero or less not at all.
   */
  Sleeper SYSTEM = duration -> {
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException e) {
      nanos = duration.isNegative() ? 0 : Long.MAX_VALUE;
    }
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
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
