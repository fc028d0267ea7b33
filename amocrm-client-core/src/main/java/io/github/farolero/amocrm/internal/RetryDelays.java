package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** The arithmetic of retries: backoff with jitter, and {@code Retry-After}. */
final class RetryDelays {
  private RetryDelays() {}

  /**
   * Returns the delay before retry number {@code retry} (1 for the first): {@code base * 2^(retry-1)}
   * capped at the policy's maximum, then scaled into [half, all] of it by {@code random}.
   *
   * @param random a number in [0, 1)
   */
  static Duration backoff(RetryPolicy policy, int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry < 1: " + retry);
    }
    long base = Durations.nanos(policy.baseDelay());
    long max = Durations.nanos(policy.maxDelay());
    long exp = base;
    for (int i = 1; i < retry && exp < max; i++) {
      exp = exp > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : exp * 2;
    }
    exp = Math.min(exp, max);
    long half = exp / 2;
    long jittered = half + (long) (Math.max(0, Math.min(1, random)) * (exp - half));
    return Duration.ofNanos(Math.min(jittered, exp));
  }

  /**
   * Reads a {@code Retry-After} header: delay-seconds or an HTTP date. Returns null if absent or
   * unreadable (a negative number too); a date in the past gives zero; seconds past a long's range
   * give the longest duration.
   */
  static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip();
    if (!h.isEmpty() && h.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // delay-seconds. More than a long holds is still "wait", longer than any policy allows:
      // read as absent it would let the client retry at once.
      try {
        return Duration.ofSeconds(Long.parseLong(h));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(Long.MAX_VALUE);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
