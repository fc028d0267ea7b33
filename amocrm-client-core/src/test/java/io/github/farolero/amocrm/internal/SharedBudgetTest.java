package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.error.RateLimiterTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The limiter with a shared budget, on a fake clock: a turn from the budget after the JVM's, the
 * budget's waits followed (not spun), {@code maxWait} kept, a ban the budget knows refused
 * locally, amoCRM's answers reported, and the store down: fail by default, or the declared share.
 */
class SharedBudgetTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final FakeNanoClock clock = new FakeNanoClock();
  private final RateLimiters registry = new RateLimiters(clock);

  /** A budget whose answers a test scripts; counts what the limiter asks of it. */
  private static final class ScriptedBudget implements RateBudget {
    Supplier<Take> next = () -> Take.granted(() -> {});
    Fallback fallback = Fallback.fail();
    int tries;
    int releases;
    final List<Duration> pauses = new ArrayList<>();
    final List<Duration> bans = new ArrayList<>();

    @Override
    public Take tryTake(Scope scope, RateLimit limit) {
      tries++;
      return next.get();
    }

    Take granted() {
      return Take.granted(() -> releases++);
    }

    @Override
    public void pause(Scope scope, Duration pause) {
      pauses.add(pause);
    }

    @Override
    public void ban(Scope scope, Duration coolDown) {
      bans.add(coolDown);
    }

    @Override
    public Fallback fallback() {
      return fallback;
    }
  }

  private RateLimiters.Lane lane(RateLimit limit, ScriptedBudget budget) {
    return registry.lane("client", "x.amocrm.ru", "https://x.amocrm.ru:443", limit, budget);
  }

  @Test
  void aTurnComesFromTheBudgetAfterTheJvmsAndGoesBackWithTheRequest() throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    budget.next = budget::granted;
    SlidingWindowLimiter.Permit permit = lane(RateLimit.perSecond(7), budget).acquire(false);
    assertThat(budget.tries).isEqualTo(1);
    assertThat(budget.releases).isZero();
    permit.release();
    permit.release();
    assertThat(budget.releases).isEqualTo(1);
  }

  @Test
  void theBudgetsWaitIsFollowedNotSpun() throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    long start = clock.nanoTime();
    budget.next = () -> clock.nanoTime() - start < 300_000_000L
        ? RateBudget.Take.waitFor(Duration.ofMillis(300)) : budget.granted();
    lane(RateLimit.perSecond(7), budget).acquire(false).release();
    assertThat(budget.tries).isEqualTo(2);
    assertThat(clock.nanoTime() - start).isEqualTo(300_000_000L);
  }

  @Test
  void aWaitLongerThanMaxWaitGivesUpAndTheJvmsTurnIsNotCounted() throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    budget.next = () -> RateBudget.Take.waitFor(Duration.ofMinutes(5));
    RateLimit one = new RateLimit(1, Duration.ofSeconds(1), Duration.ofSeconds(2));
    long start = clock.nanoTime();
    assertThatThrownBy(() -> lane(one, budget).acquire(false))
        .isInstanceOf(RateLimiterTimeoutException.class)
        .hasMessageContaining("shared through");
    assertThat(clock.nanoTime() - start).isEqualTo(2 * SECOND);
    // Hints are followed at most a window at a time: the budget was asked again each second.
    assertThat(budget.tries).isEqualTo(3);

    // The request was never sent: the JVM's one turn per second is free at once.
    budget.next = budget::granted;
    long before = clock.nanoTime();
    lane(one, budget).acquire(false).release();
    assertThat(clock.nanoTime()).isEqualTo(before);
  }

  @Test
  void aBanTheBudgetKnowsIsRefusedLocallyWithoutAskingAgain() throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    budget.next = () -> RateBudget.Take.banned(Duration.ofMinutes(4));
    RateLimiters.Lane lane = lane(RateLimit.perSecond(7), budget);
    assertThatThrownBy(() -> lane.acquire(false)).isInstanceOf(AccountBlockedException.class);
    assertThatThrownBy(() -> lane.acquire(false))
        .isInstanceOf(AccountBlockedException.class)
        .hasMessageContaining("refused locally");
    assertThat(budget.tries).isEqualTo(1);
    // Four minutes of the ten-minute cool-down were left: after them, one request probes.
    clock.advanceTo(clock.nanoTime() + Duration.ofMinutes(4).toNanos());
    budget.next = budget::granted;
    assertThat(lane.acquire(false).probe()).isTrue();
  }

  @Test
  void amoCrmsAnswersAreToldToTheBudget() throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    budget.next = budget::granted;
    RateLimiters.Lane lane = lane(RateLimit.perSecond(7), budget);
    SlidingWindowLimiter.Permit permit = lane.acquire(false);
    permit.answered(false, Duration.ofSeconds(2).toNanos());
    permit.release();
    assertThat(budget.pauses).containsExactly(Duration.ofSeconds(2));
    lane.answered(true, -1); // the token endpoint met a ban
    assertThat(budget.bans).containsExactly(RateLimit.DEFAULT_BAN_COOL_DOWN);
  }

  @Test
  void aStoreDownFailsTheRequestByDefaultAndIsAskedAgainOnlyAfterASecond() throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    budget.next = () -> {
      throw new IllegalStateException("connection refused");
    };
    RateLimiters.Lane lane = lane(RateLimit.perSecond(7), budget);
    assertThatThrownBy(() -> lane.acquire(false))
        .isInstanceOf(RateBudgetException.class)
        .hasMessageContaining("not sent")
        .hasRootCauseMessage("connection refused");
    assertThatThrownBy(() -> lane.acquire(false)).isInstanceOf(RateBudgetException.class);
    assertThat(budget.tries).isEqualTo(1);
    clock.advanceTo(clock.nanoTime() + SECOND);
    budget.next = budget::granted;
    lane.acquire(false).release();
    assertThat(budget.tries).isEqualTo(2);
  }

  @Test
  void aStoreDownWithADeclaredShareSendsAtThatShare() throws Exception {
    // 7 per second shared by 7 instances: 1 per second each while the store is down.
    assertThat(secondsForThreeRequestsWhileDown(7)).isEqualTo(2);
    // The control: a share of the whole limit lets the three go at once.
    assertThat(secondsForThreeRequestsWhileDown(1)).isZero();
  }

  private long secondsForThreeRequestsWhileDown(int instances) throws Exception {
    ScriptedBudget budget = new ScriptedBudget();
    budget.fallback = RateBudget.Fallback.localShare(instances);
    budget.next = () -> {
      throw new IllegalStateException("connection refused");
    };
    RateLimiters.Lane lane = registry.lane("client-" + instances, "x.amocrm.ru",
        "https://x.amocrm.ru:443", RateLimit.perSecond(7), budget);
    long start = clock.nanoTime();
    for (int i = 0; i < 3; i++) {
      lane.acquire(false).release();
    }
    // Never more than once a second.
    assertThat(budget.tries).isLessThanOrEqualTo(1 + (int) ((clock.nanoTime() - start) / SECOND));
    return (clock.nanoTime() - start) / SECOND;
  }

  @Test
  void theFallbackIsPartOfTheBudget() {
    ScriptedBudget budget = new ScriptedBudget();
    RateBudget withShare = budget.withFallback(RateBudget.Fallback.localShare(4));
    assertThat(withShare.fallback().instances()).isEqualTo(4);
    assertThat(withShare.withFallback(RateBudget.Fallback.fail()).fallback().fails()).isTrue();
    assertThat(RateBudget.Fallback.localShare(4).share(RateLimit.perSecond(7)).requests())
        .isEqualTo(1);
    assertThat(RateBudget.Fallback.localShare(2).share(RateLimit.perSecond(7)).requests())
        .isEqualTo(3);
    assertThatThrownBy(() -> RateBudget.Fallback.localShare(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
