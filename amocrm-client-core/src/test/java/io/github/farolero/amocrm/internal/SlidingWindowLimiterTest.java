package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateLimiterTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

  @Test
  void exactlyNAreGrantedAtOnceThenTheNextWaitsAWindowFromTheFirstRelease() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit seven = RateLimit.perSecond(7);
    long start = clock.nanoTime();
    for (int i = 0; i < 7; i++) {
      limiter.acquire(seven).release();
    }
    assertThat(clock.nanoTime()).isEqualTo(start); // no waiting for the first seven
    limiter.acquire(seven).release();
    assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void aSlotHeldByARequestInFlightIsCountedFromItsAnswer() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit one = RateLimit.perSecond(1);
    long start = clock.nanoTime();
    SlidingWindowLimiter.Permit slow = limiter.acquire(one);
    long answer = start + Duration.ofMillis(300).toNanos();
    clock.schedule(answer, slow::release);
    limiter.acquire(one).release();
    assertThat(clock.nanoTime()).isEqualTo(answer + Duration.ofSeconds(1).toNanos());
  }

  @Test
  void waitingLongerThanMaxWaitFails() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit limit = new RateLimit(1, Duration.ofSeconds(1), Duration.ofMillis(500));
    limiter.acquire(limit); // never released: the turn stays taken
    assertThatThrownBy(() -> limiter.acquire(limit))
        .isInstanceOf(RateLimiterTimeoutException.class)
        .hasMessageContaining("1 per 1000 ms");
  }

  @Test
  void releasingTwiceCountsOnce() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit two = RateLimit.perSecond(2);
    SlidingWindowLimiter.Permit p = limiter.acquire(two);
    p.release();
    clock.advanceTo(clock.nanoTime() + Duration.ofSeconds(5).toNanos());
    long before = clock.nanoTime();
    p.release(); // must not count again
    limiter.acquire(two).release();
    limiter.acquire(two).release();
    assertThat(clock.nanoTime()).isEqualTo(before);
  }

  /** Real threads on the real clock: counts only, no assertion on elapsed time. */
  @Test
  void concurrentCallersNeverExceedTheLimitInAnyWindow() throws Exception {
    int permits = 5;
    Duration window = Duration.ofMillis(200);
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(NanoClock.SYSTEM);
    RateLimit limit = new RateLimit(permits, window, Duration.ofSeconds(60));
    int threads = 8;
    int perThread = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          go.await();
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            SlidingWindowLimiter.Permit p = limiter.acquire(limit);
            mine.add(System.nanoTime());
            p.release();
          }
          return mine;
        }));
      }
      go.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      Collections.sort(all);
      assertThat(all).hasSize(threads * perThread);
      // A grant is recorded after acquire() returned and before release(), so it lies between
      // the request's grant and its answer: the limit holds when measured this way.
      SlidingWindowLimiterPropertyTest.assertAtMost(permits, window.toNanos(), all);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * "Wait as long as it takes" (a maxWait of Long.MAX_VALUE seconds) and absurdly long windows
   * are legal RateLimits; Duration.toNanos() overflowed on them with an ArithmeticException at
   * the first request.
   */
  @Test
  void hugeWaitsAndWindowsDoNotOverflow() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit forever = RateLimit.perSecond(1).withMaxWait(Duration.ofSeconds(Long.MAX_VALUE));
    limiter.acquire(forever).release();
    long before = clock.nanoTime();
    limiter.acquire(forever).release();
    assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofSeconds(1).toNanos());

    SlidingWindowLimiter other = new SlidingWindowLimiter(clock);
    RateLimit millennium = new RateLimit(2, Duration.ofDays(365L * 1000), Duration.ofMillis(1));
    other.acquire(millennium).release();
    other.acquire(millennium).release();
    assertThatThrownBy(() -> other.acquire(millennium))
        .isInstanceOf(RateLimiterTimeoutException.class);
  }

  /** Every caller counts against the one limiter; each waits under its own limit. */
  @Test
  void callersWithDifferentLimitsShareOneCount() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit seven = RateLimit.perSecond(7);
    long start = clock.nanoTime();
    for (int i = 0; i < 3; i++) {
      limiter.acquire(seven).release();
    }
    // A caller allowed 3 per second sees the other caller's 3: it waits a window.
    limiter.acquire(RateLimit.perSecond(3)).release();
    assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(1).toNanos());

    long second = clock.nanoTime();
    for (int i = 0; i < 6; i++) {
      limiter.acquire(seven).release(); // with the 3-per-second caller's one: 7 counted
    }
    assertThat(clock.nanoTime()).isEqualTo(second);
    // Only maxWait differs: the same count, so this one waits for its turn too.
    limiter.acquire(seven.withMaxWait(Duration.ofMinutes(5))).release();
    assertThat(clock.nanoTime() - second).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void clientsOfOneIntegrationAndAccountShareALimiterWhateverTheirLimits() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    RateLimiters registry = new RateLimiters(clock);
    RateLimit seven = RateLimit.perSecond(7);
    RateLimiters.Lane a = registry.lane("client-a", "x.amocrm.ru", seven);
    RateLimiters.Lane patient = registry.lane("client-a", "X.amocrm.ru",
        seven.withMaxWait(Duration.ofMinutes(5)));
    long start = clock.nanoTime();
    for (int i = 0; i < 7; i++) {
      a.acquire(false).release();
    }
    patient.acquire(false).release();
    assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(registry.size()).isEqualTo(1);

    // Another integration, or another account, has a limiter of its own.
    long now = clock.nanoTime();
    registry.lane("client-b", "x.amocrm.ru", seven).acquire(false).release();
    registry.lane("client-a", "y.amocrm.ru", seven).acquire(false).release();
    assertThat(clock.nanoTime()).isEqualTo(now);
    assertThat(registry.size()).isEqualTo(3);
  }

  /** Limiters of clients that are gone do not pile up in the JVM-wide registry. */
  @Test
  void idleLimitersAreDroppedAndBusyOnesKept() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    RateLimiters registry = new RateLimiters(clock);
    RateLimit seven = RateLimit.perSecond(7);
    for (int i = 0; i < 1_000; i++) {
      registry.lane("client", "account" + i + ".amocrm.ru", seven).acquire(false).release();
    }
    assertThat(registry.size()).isEqualTo(1_000);
    RateLimiters.Lane held = registry.lane("client", "held.amocrm.ru", seven);
    SlidingWindowLimiter.Permit inFlight = held.acquire(false);
    RateLimiters.Lane recent = registry.lane("client", "recent.amocrm.ru", seven);

    clock.advanceTo(clock.nanoTime() + Duration.ofSeconds(2).toNanos());
    for (int i = 0; i < 7; i++) {
      recent.acquire(false).release();
    }
    // Taking a turn sweeps (at most once a second): the idle thousand go.
    assertThat(registry.size()).isEqualTo(2);

    // The one answered less than a window ago keeps what it knows: the 8th still waits.
    long before = clock.nanoTime();
    registry.sweep();
    recent.acquire(false).release();
    assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofSeconds(1).toNanos());

    // The one with a request in flight is kept however long it takes.
    clock.advanceTo(clock.nanoTime() + Duration.ofMinutes(10).toNanos());
    registry.sweep();
    assertThat(registry.size()).isEqualTo(1);
    inFlight.release();
    registry.sweep();
    assertThat(registry.size()).isEqualTo(1); // answered just now: still counted
    clock.advanceTo(clock.nanoTime() + Duration.ofSeconds(1).toNanos());
    registry.sweep();
    assertThat(registry.size()).isZero();
  }

  @Test
  void aRetiredLimiterGrantsNothingAndTheLaneMovesToANewOne() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    assertThat(limiter.retireIfIdle()).isTrue();
    assertThat(limiter.acquireUnlessRetired(RateLimit.perSecond(7), false)).isNull();
    assertThatThrownBy(() -> limiter.acquire(RateLimit.perSecond(7)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedWaitLeavesTheLimiterIdle() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit limit = new RateLimit(1, Duration.ofSeconds(1), Duration.ofMillis(100));
    SlidingWindowLimiter.Permit p = limiter.acquire(limit);
    assertThatThrownBy(() -> limiter.acquire(limit))
        .isInstanceOf(RateLimiterTimeoutException.class);
    p.release();
    clock.advanceTo(clock.nanoTime() + Duration.ofSeconds(1).toNanos());
    assertThat(limiter.retireIfIdle()).isTrue(); // the timed-out caller is not left counted
  }
}
