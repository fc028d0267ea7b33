package io.github.farolero.amocrm.internal;

import java.time.Duration;

/**
 * Saturating arithmetic on durations. A policy may legally say "wait as long as it takes"
 * ({@code Duration.ofSeconds(Long.MAX_VALUE)}); nothing built from one may overflow.
 */
final class Durations {
  private Durations() {}

  /** {@link Duration#toNanos()}, saturated at about 292 years. */
  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@link Duration#toMillis()}, saturated, for messages. */
  static long millis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** Returns {@code a + b}, saturated at about 292 years (both are expected non-negative). */
  static Duration saturatedSum(Duration a, Duration b) {
    long sum = nanos(a) + nanos(b);
    return Duration.ofNanos(sum < 0 ? Long.MAX_VALUE : sum);
  }

  /** Names a duration for a message: {@code 1500 ms}. */
  static String describe(Duration d) {
    return millis(d) + " ms";
  }
}
