package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For any arrival pattern and any response latencies, no window of the limit's length (measured on
 * the injected ticker) holds more than N grants; and none holds more than N arrivals at the
 * server either, wherever between its grant and its answer each request reached the server.
 */
class SlidingWindowLimiterPropertyTest {

  /** One request: when it comes after the previous one, how long its answer takes, and where in
   * that time it reaches the server (0 = at the grant, 1 = just before the answer). */
  record Arrival(long gapNanos, long latencyNanos, double serverAt) {}

  @Provide
  Arbitrary<List<Arrival>> arrivals() {
    Arbitrary<Long> gap = Arbitraries.oneOf(
        Arbitraries.just(0L),                                   // bursts
        Arbitraries.longs().between(0, 50_000_000L),            // dense
        Arbitraries.longs().between(0, 2_000_000_000L));        // sparse
    Arbitrary<Long> latency = Arbitraries.oneOf(
        Arbitraries.just(0L), Arbitraries.longs().between(0, 1_500_000_000L));
    Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
    return Combinators.combine(gap, latency, at).as(Arrival::new).list().ofMinSize(1)
        .ofMaxSize(300);
  }

  @Property(tries = 300)
  void noWindowHoldsMoreThanTheLimit(
      @ForAll @IntRange(min = 1, max = 10) int permits,
      @ForAll @IntRange(min = 50, max = 2000) int windowMillis,
      @ForAll("arrivals") List<Arrival> arrivals) throws InterruptedException {
    FakeNanoClock clock = new FakeNanoClock();
    long window = Duration.ofMillis(windowMillis).toNanos();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit limit = new RateLimit(permits, Duration.ofMillis(windowMillis), Duration.ofDays(1));
    List<Long> grants = new ArrayList<>();
    List<Long> atServer = new ArrayList<>();
    long arrival = clock.nanoTime();
    for (Arrival a : arrivals) {
      arrival += a.gapNanos();
      clock.advanceTo(arrival);
      SlidingWindowLimiter.Permit permit = limiter.acquire(limit);
      long granted = clock.nanoTime();
      assertThat(permit.grantedAt()).isEqualTo(granted);
      assertThat(granted).isGreaterThanOrEqualTo(arrival);
      grants.add(granted);
      atServer.add(granted + (long) (a.serverAt() * a.latencyNanos()));
      clock.schedule(granted + a.latencyNanos(), permit::release);
    }
    clock.drain();
    assertAtMost(permits, window, grants);
    assertAtMost(permits, window, atServer);
  }

  /**
   * Callers with different limits on one limiter (one window): together no window holds more
   * than the loosest limit, and when a caller is granted, fewer than its own limit were counted.
   */
  @Property(tries = 200)
  void callersWithDifferentLimitsTogetherKeepTheLoosest(
      @ForAll("arrivals") List<Arrival> arrivals,
      @ForAll @IntRange(min = 1, max = 10) int a,
      @ForAll @IntRange(min = 1, max = 10) int b) throws InterruptedException {
    FakeNanoClock clock = new FakeNanoClock();
    Duration w = Duration.ofSeconds(1);
    long window = w.toNanos();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit[] limits = {new RateLimit(a, w, Duration.ofDays(1)),
        new RateLimit(b, w, Duration.ofDays(1))};
    List<Long> grants = new ArrayList<>();
    List<Long> atServer = new ArrayList<>();
    List<Long> answers = new ArrayList<>();
    long arrival = clock.nanoTime();
    int i = 0;
    for (Arrival x : arrivals) {
      arrival += x.gapNanos();
      clock.advanceTo(arrival);
      RateLimit limit = limits[i++ % 2];
      SlidingWindowLimiter.Permit permit = limiter.acquire(limit);
      long granted = clock.nanoTime();
      // Counted at this grant: requests granted before and answered less than a window ago
      // or not yet.
      long counted = 0;
      for (int k = 0; k < grants.size(); k++) {
        if (answers.get(k) > granted - window) {
          counted++;
        }
      }
      assertThat(counted).as("counted at a grant under %s", limit)
          .isLessThan(limit.requests());
      grants.add(granted);
      answers.add(granted + x.latencyNanos());
      atServer.add(granted + (long) (x.serverAt() * x.latencyNanos()));
      clock.schedule(granted + x.latencyNanos(), permit::release);
    }
    clock.drain();
    assertAtMost(Math.max(a, b), window, grants);
    assertAtMost(Math.max(a, b), window, atServer);
  }

  /** A request that arrives when fewer than the limit are counted is granted at once. */
  @Property(tries = 100)
  void aSparseArrivalIsNotDelayed(@ForAll @IntRange(min = 1, max = 10) int permits) throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    for (int i = 0; i < 20; i++) {
      long before = clock.nanoTime();
      limiter.acquire(RateLimit.perSecond(permits)).release();
      assertThat(clock.nanoTime()).isEqualTo(before);
      clock.advanceTo(before + Duration.ofSeconds(1).toNanos());
    }
  }

  static void assertAtMost(int permits, long window, List<Long> times) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    for (int i = 0; i + permits < sorted.size(); i++) {
      assertThat(sorted.get(i + permits) - sorted.get(i))
          .as("%d events within one window starting at event %d", permits + 1, i)
          .isGreaterThanOrEqualTo(window);
    }
  }
}
