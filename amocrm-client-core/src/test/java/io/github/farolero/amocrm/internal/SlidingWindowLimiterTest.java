package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RateLimiterTimeoutException;
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
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(RateLimit.perSecond(7), clock);
    long start = clock.nanoTime();
    for (int i = 0; i < 7; i++) {
      limiter.acquire().release();
    }
    assertThat(clock.nanoTime()).isEqualTo(start); // no waiting for the first seven
    limiter.acquire().release();
    assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void aSlotHeldByARequestInFlightIsCountedFromItsAnswer() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(RateLimit.perSecond(1), clock);
    long start = clock.nanoTime();
    SlidingWindowLimiter.Permit slow = limiter.acquire();
    long answer = start + Duration.ofMillis(300).toNanos();
    clock.schedule(answer, slow::release);
    limiter.acquire().release();
    assertThat(clock.nanoTime()).isEqualTo(answer + Duration.ofSeconds(1).toNanos());
  }

  @Test
  void waitingLongerThanMaxWaitFails() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(
        new RateLimit(1, Duration.ofSeconds(1), Duration.ofMillis(500)), clock);
    limiter.acquire(); // never released: the slot stays busy
    assertThatThrownBy(limiter::acquire).isInstanceOf(RateLimiterTimeoutException.class)
        .hasMessageContaining("1 per 1000 ms");
  }

  @Test
  void releasingTwiceCountsOnce() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(RateLimit.perSecond(2), clock);
    SlidingWindowLimiter.Permit p = limiter.acquire();
    p.release();
    clock.advanceTo(clock.nanoTime() + Duration.ofSeconds(5).toNanos());
    long before = clock.nanoTime();
    p.release(); // must not push the slot's time forward again
    limiter.acquire().release();
    limiter.acquire().release();
    assertThat(clock.nanoTime()).isEqualTo(before);
  }

  /** Real threads on the real clock: counts only, no assertion on elapsed time. */
  @Test
  void concurrentCallersNeverExceedTheLimitInAnyWindow() throws Exception {
    int permits = 5;
    Duration window = Duration.ofMillis(200);
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(
        new RateLimit(permits, window, Duration.ofSeconds(60)), NanoClock.SYSTEM);
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
            SlidingWindowLimiter.Permit p = limiter.acquire();
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
      // A grant is recorded after acquire() returned and before release(), so each slot's uses
      // are still a window apart when measured this way.
      SlidingWindowLimiterPropertyTest.assertAtMost(permits, window.toNanos(), all);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sharedLimitersAreOnePerIntegrationAccountAndLimit() {
    RateLimit seven = RateLimit.perSecond(7);
    SlidingWindowLimiter a = RateLimiters.shared("client-a", "x.amocrm.ru", seven);
    assertThat(RateLimiters.shared("client-a", "X.amocrm.ru", RateLimit.perSecond(7))).isSameAs(a);
    assertThat(RateLimiters.shared("client-b", "x.amocrm.ru", seven)).isNotSameAs(a);
    assertThat(RateLimiters.shared("client-a", "y.amocrm.ru", seven)).isNotSameAs(a);
    assertThat(RateLimiters.shared("client-a", "x.amocrm.ru", RateLimit.perSecond(3)))
        .isNotSameAs(a);
  }
}
