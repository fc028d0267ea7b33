package io.github.farolero.amocrm.internal;

import java.util.concurrent.locks.Condition;

/**
 * The rate limiter's time: a monotonic ticker and a way to wait on it. Not the token clock (that
 * one is wall time and tests move it by hours); tests of the limiter pass a fake that advances
 * instead of waiting.
 */
interface NanoClock {

  /** {@link System#nanoTime()} and {@link Condition#awaitNanos(long)}. */
  NanoClock SYSTEM = new NanoClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void await(Condition condition, long nanos) throws InterruptedException {
      condition.awaitNanos(nanos);
    }
  };

  /** Returns the current time in nanoseconds, from an arbitrary origin. */
  long nanoTime();

  /**
   * Waits on the condition (whose lock the caller holds) for at most {@code nanos}, or until
   * signalled; may return early.
   */
  void await(Condition condition, long nanos) throws InterruptedException;
}
