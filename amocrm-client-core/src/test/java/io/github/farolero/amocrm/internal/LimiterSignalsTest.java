package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.AccountBlockedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What the limiter does besides counting: a 401 retry goes ahead of the queue, a 429 pauses
 * everyone, a 403 ban refuses everyone for a cool-down and then lets one request probe.
 */
class LimiterSignalsTest {

  private static final RateLimit ONE = new RateLimit(1, Duration.ofMillis(1), Duration.ofMinutes(1));

  @Test
  void aPriorityCallerGoesAheadOfACallerThatWaitedLonger() throws Exception {
    assertThat(grantOrder(true)).containsExactly("retry", "queued");
  }

  /** The control: without priority the queue is first come, first served. */
  @Test
  void withoutPriorityTheEarlierCallerGoesFirst() throws Exception {
    assertThat(grantOrder(false)).containsExactly("queued", "retry");
  }

  /**
   * One permit is held; a caller queues, then the "retry" arrives. When the permit is released,
   * who gets the next turn?
   */
  private static List<String> grantOrder(boolean retryHasPriority) throws Exception {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(NanoClock.SYSTEM);
    List<String> order = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SlidingWindowLimiter.Permit held = limiter.acquire(ONE);
      Future<?> queued = pool.submit(() -> take(limiter, false, "queued", order));
      awaitTrue(() -> limiter.waitingForRoom() == 1);
      Future<?> retry = pool.submit(() -> take(limiter, retryHasPriority, "retry", order));
      // The priority caller waits for room too; a plain one queues behind the head instead.
      awaitTrue(() -> retryHasPriority ? limiter.waitingForRoom() == 2
          : limiter.queuedBehindHead() == 1);
      held.release();
      queued.get(1, TimeUnit.MINUTES);
      retry.get(1, TimeUnit.MINUTES);
      return order;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Void take(SlidingWindowLimiter limiter, boolean priority, String name,
      List<String> order) throws InterruptedException {
    SlidingWindowLimiter.Permit p = limiter.acquireUnlessRetired(ONE, priority);
    order.add(name);
    p.release();
    return null;
  }

  @Test
  void a429PausesTheWindowForEveryoneForItsRetryAfter() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit seven = RateLimit.perSecond(7);
    SlidingWindowLimiter.Permit first = limiter.acquire(seven);
    long pause = TimeUnit.SECONDS.toNanos(5);
    first.answered(false, pause);
    first.release();
    long before = clock.nanoTime();

    limiter.acquire(seven).release(); // another caller: it waits out the pause

    assertThat(clock.nanoTime() - before).isGreaterThanOrEqualTo(pause);
  }

  @Test
  void aBanRefusesEveryoneLocallyUntilTheCoolDownThenOneProbeLiftsIt() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit limit = RateLimit.perSecond(7).withBanCoolDown(Duration.ofMinutes(10));
    SlidingWindowLimiter.Permit banned = limiter.acquire(limit);
    banned.answered(true, -1);
    banned.release();

    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> limiter.acquire(limit))
          .isInstanceOf(AccountBlockedException.class)
          .hasMessageContaining("refused locally, no request sent");
    }
    assertThatThrownBy(() -> limiter.checkNotBanned(limit))
        .isInstanceOf(AccountBlockedException.class);

    clock.advanceTo(clock.nanoTime() + TimeUnit.MINUTES.toNanos(10));
    SlidingWindowLimiter.Permit probe = limiter.acquire(limit);
    assertThat(probe.probe()).isTrue();
    assertThatThrownBy(() -> limiter.acquire(limit))
        .as("only one request probes").isInstanceOf(AccountBlockedException.class)
        .hasMessageContaining("probing");
    probe.answered(false, -1);
    probe.release();

    SlidingWindowLimiter.Permit after = limiter.acquire(limit);
    assertThat(after.probe()).isFalse();
    after.release();
    limiter.checkNotBanned(limit);
  }

  @Test
  void aProbeThatIsBannedAgainStartsANewCoolDown() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit limit = RateLimit.perSecond(7).withBanCoolDown(Duration.ofSeconds(30));
    limiter.answered(true, -1); // seen by the token endpoint, which takes no turns
    clock.advanceTo(clock.nanoTime() + TimeUnit.SECONDS.toNanos(30));
    SlidingWindowLimiter.Permit probe = limiter.acquire(limit);
    probe.answered(true, -1);
    probe.release();

    assertThatThrownBy(() -> limiter.acquire(limit)).isInstanceOf(AccountBlockedException.class);
    clock.advanceTo(clock.nanoTime() + TimeUnit.SECONDS.toNanos(30));
    assertThat(limiter.acquire(limit).probe()).isTrue();
  }

  @Test
  void aProbeThatFailedWithoutAnAnswerLetsTheNextRequestProbe() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock);
    RateLimit limit = RateLimit.perSecond(7).withBanCoolDown(Duration.ofSeconds(1));
    limiter.answered(true, -1);
    clock.advanceTo(clock.nanoTime() + TimeUnit.SECONDS.toNanos(1));
    limiter.acquire(limit).release(); // an I/O error: no answer seen

    SlidingWindowLimiter.Permit next = limiter.acquire(limit);
    assertThat(next.probe()).isTrue();
  }

  @Test
  void aBannedOrPausedLimiterIsNotRetiredWhileItMatters() throws Exception {
    FakeNanoClock clock = new FakeNanoClock();
    SlidingWindowLimiter banned = new SlidingWindowLimiter(clock);
    banned.answered(true, -1);
    clock.advanceTo(clock.nanoTime() + TimeUnit.HOURS.toNanos(1));
    assertThat(banned.retireIfIdle()).as("a ban ends only with a probe's success").isFalse();

    SlidingWindowLimiter paused = new SlidingWindowLimiter(clock);
    paused.answered(false, TimeUnit.SECONDS.toNanos(5));
    assertThat(paused.retireIfIdle()).isFalse();
    clock.advanceTo(clock.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    assertThat(paused.retireIfIdle()).isTrue();
  }

  @Test
  void clientsOfOneIntegrationShareALimiterOnlyWhenTheyTalkToTheSameServer() throws Exception {
    RateLimiters registry = new RateLimiters(new FakeNanoClock());
    RateLimit limit = RateLimit.perSecond(7);
    registry.lane("client", "x.amocrm.ru", "http://127.0.0.1:1001", limit).answered(true, -1);

    assertThatThrownBy(() -> registry.lane("client", "x.amocrm.ru", "http://127.0.0.1:1001",
        limit).acquire(false)).isInstanceOf(AccountBlockedException.class);
    registry.lane("client", "x.amocrm.ru", "http://127.0.0.1:1002", limit).acquire(false)
        .release();
    registry.lane("client", "x.amocrm.ru", limit).acquire(false).release();
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within a minute");
      }
      Thread.sleep(1);
    }
  }
}
