package io.github.farolero.amocrm.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it. Share one between the client and
 * {@link MockAmoCrmServer} to expire tokens without waiting. Thread-safe.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Returns a clock standing at an instant, in UTC.
   *
   * @param start the instant
   * @return the clock
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start, "start == null")),
        ZoneOffset.UTC);
  }

  /** Returns a clock standing at 2026-01-01T00:00:00Z. */
  public static MutableClock create() {
    return at(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward (or back, for a negative duration).
   *
   * @param duration how far
   * @return the new instant
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration == null");
    return now.updateAndGet(i -> i.plus(duration));
  }

  /**
   * Sets the clock.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant == null"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** Returns a clock sharing this one's time, in another zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, Objects.requireNonNull(zone, "zone == null"));
  }

  @Override
  public String toString() {
    return "MutableClock{" + now.get() + '}';
  }
}
