package io.github.farolero.amocrm.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it. Thread-safe (a server thread may move it). */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  private MutableClock(AtomicReference<Instant> now) {
    this.now = now;
  }

  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(start));
  }

  public Instant advance(Duration d) {
    return now.updateAndGet(i -> i.plus(d));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now);
  }
}
