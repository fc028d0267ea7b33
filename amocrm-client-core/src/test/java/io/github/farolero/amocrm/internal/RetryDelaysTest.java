package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryDelaysTest {

  private static final RetryPolicy POLICY = RetryPolicy.builder()
      .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(30)).build();

  @Property(tries = 300)
  void backoffDoublesFromTheBaseIsCappedAndJitteredIntoItsUpperHalf(
      @ForAll @IntRange(min = 1, max = 80) int retry,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
    long full = Math.min(30_000, 1000L << Math.min(retry - 1, 20));
    Duration d = RetryDelays.backoff(POLICY, retry, random);
    assertThat(d.toMillis()).isBetween(full / 2, full);
  }

  @Test
  void theExtremesOfTheJitter() {
    assertThat(RetryDelays.backoff(POLICY, 1, 0)).isEqualTo(Duration.ofMillis(500));
    assertThat(RetryDelays.backoff(POLICY, 3, 0.999_999_999)).isBetween(
        Duration.ofMillis(3999), Duration.ofSeconds(4));
    assertThat(RetryDelays.backoff(POLICY, 50, 0)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(RetryDelays.retryAfter("7", clock)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryDelays.retryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
    assertThat(RetryDelays.retryAfter("Thu, 01 Jan 2026 00:00:42 GMT", clock))
        .isEqualTo(Duration.ofSeconds(42));
    assertThat(RetryDelays.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT", clock))
        .isEqualTo(Duration.ZERO);
    assertThat(RetryDelays.retryAfter("soon", clock)).isNull();
    assertThat(RetryDelays.retryAfter("-5", clock)).isNull();
    assertThat(RetryDelays.retryAfter(null, clock)).isNull();
  }

  /**
   * Seconds past long's range mean "not for a very long time", not "no Retry-After": read as
   * unreadable they let the client retry within a second, against the server's wish.
   */
  @Test
  void aHugeRetryAfterIsLongerThanAnyDelayNotAbsent() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    Duration huge = RetryDelays.retryAfter("99999999999999999999", clock);
    assertThat(huge).isNotNull().isGreaterThan(Duration.ofDays(365 * 1000));
    assertThat(RetryDelays.retryAfter("9223372036854775807", clock))
        .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(RetryDelays.retryAfter("1.5", clock)).isNull(); // not delay-seconds
  }

  @Test
  void anUnboundedMaximumDelayDoesNotOverflow() {
    RetryPolicy unbounded = RetryPolicy.builder().baseDelay(Duration.ofDays(365L * 1000))
        .maxDelay(Duration.ofSeconds(Long.MAX_VALUE)).build();
    assertThat(RetryDelays.backoff(unbounded, 1, 0.999)).isGreaterThan(Duration.ofDays(365));
    assertThat(RetryDelays.backoff(unbounded, 60, 0.5)).isPositive();
  }

  @Test
  void theSystemSleeperTakesAnyDuration() throws Exception {
    io.github.farolero.amocrm.Sleeper.SYSTEM.sleep(Duration.ZERO);
    io.github.farolero.amocrm.Sleeper.SYSTEM.sleep(Duration.ofMillis(-5));
    Thread sleeper = new Thread(() -> {
      try {
        io.github.farolero.amocrm.Sleeper.SYSTEM.sleep(Duration.ofSeconds(Long.MAX_VALUE));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the expected way out
      }
    });
    java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    sleeper.setUncaughtExceptionHandler((t, e) -> failure.set(e));
    sleeper.start();
    // Whether the interrupt lands before or during the sleep, the sleep ends with an
    // InterruptedException; an overflow in converting the duration would fail either way.
    sleeper.interrupt();
    sleeper.join(Duration.ofSeconds(30).toMillis());
    assertThat(failure.get()).isNull();
    assertThat(sleeper.isAlive()).isFalse();
  }
}
