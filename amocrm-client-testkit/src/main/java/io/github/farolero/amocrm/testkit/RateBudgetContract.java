package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The tests every shared {@link RateBudget} passes. Extend it, return a budget on a reachable
 * store from {@link #createBudget(Duration)}, and JUnit 5 runs the suite against it; each test
 * uses scopes of its own, so one store may serve every test.
 *
 * <p>What it checks: at most {@code requests} turns are held at once; a released turn stays
 * counted for one window and is free after it; callers with different limits share the count;
 * scopes are independent; a 429's pause holds every turn and is never shortened; a ban refuses
 * with its time left; a turn released twice frees its slot once (never a slot someone else took
 * since); a turn never released frees itself after the lease; many threads taking and releasing
 * never hold more than the limit in any window (checked on this host's clock, so the store must
 * run here or keep time with it); a store that cannot answer throws, never grants.
 */
public abstract class RateBudgetContract {

  /** How much a store's clock may lag or lead this host's in the window check. */
  private static final long CLOCK_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

  /** The budget under test, made fresh for every test, with a one-minute lease. */
  protected RateBudget budget;

  /**
   * Returns a budget whose turns free themselves {@code lease} after they were taken if never
   * released. Called before every test (with a one-minute lease) and by the lease test.
   *
   * @param lease how long a turn that is never released holds its slot
   * @return the budget
   * @throws Exception if it cannot be made
   */
  protected abstract RateBudget createBudget(Duration lease) throws Exception;

  /**
   * Closes what {@link #createBudget} opened. The default does nothing.
   *
   * @param budget a budget this suite made
   * @throws Exception if closing failed
   */
  protected void close(RateBudget budget) throws Exception {}

  /**
   * Makes the budget's store unable to answer (a database stopped, a wrong port), so that the
   * suite can check that a failure is an exception, never a turn. The default aborts that test.
   *
   * @param budget the budget under test
   * @throws Exception if it cannot be done
   */
  protected void makeUnavailable(RateBudget budget) throws Exception {
    throw new TestAbortedException("this budget's store cannot be made unavailable in a test");
  }

  /** Makes the budget under test. */
  @BeforeEach
  void createBudget() throws Exception {
    budget = createBudget(Duration.ofMinutes(1));
  }

  /** Closes the budget under test. */
  @AfterEach
  void closeBudget() throws Exception {
    close(budget);
  }

  private static RateBudget.Scope newScope() {
    // A domain of its own too: the account-wide scope of a store that outlives a run stays apart.
    String run = UUID.randomUUID().toString();
    return RateBudget.Scope.integration("contract-" + run, "contract-" + run + ".amocrm.ru");
  }

  private static RateLimit limit(int requests, Duration window) {
    return new RateLimit(requests, window, Duration.ofMinutes(1));
  }

  private static RateBudget.Turn granted(RateBudget.Take take) {
    assertThat(take.turn()).as("a turn was taken: %s", take).isNotNull();
    return take.turn();
  }

  private static void assertWaits(RateBudget.Take take, Duration atMost) {
    assertThat(take.turn()).as("no turn: %s", take).isNull();
    assertThat(take.banned()).as("not a ban: %s", take).isFalse();
    assertThat(take.waitTime()).isPositive().isLessThanOrEqualTo(atMost);
  }

  /** Takes turns until one is granted, following the wait hints; fails after 20 seconds. */
  private RateBudget.Turn takeEventually(RateBudget b, RateBudget.Scope scope, RateLimit limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      RateBudget.Take take = b.tryTake(scope, limit);
      if (take.turn() != null) {
        return take.turn();
      }
      assertThat(take.banned()).as("not banned").isFalse();
      assertThat(System.nanoTime() - deadline).as("a turn within 20 s").isNegative();
      Thread.sleep(Math.max(1, Math.min(take.waitTime().toMillis(), 50)));
    }
  }

  @Test
  void grantsUpToTheLimitThenWaits() {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(3, Duration.ofSeconds(10));
    for (int i = 0; i < 3; i++) {
      granted(budget.tryTake(scope, limit));
    }
    assertWaits(budget.tryTake(scope, limit), Duration.ofMinutes(2));
  }

  @Test
  void aReleasedTurnStaysCountedForAWindow() {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(2, Duration.ofSeconds(30));
    RateBudget.Turn first = granted(budget.tryTake(scope, limit));
    granted(budget.tryTake(scope, limit));
    first.release();
    // The window is 30 s: a slot freed now is free again only then.
    assertWaits(budget.tryTake(scope, limit), Duration.ofSeconds(31));
  }

  @Test
  void aReleasedTurnIsFreeAfterTheWindow() throws InterruptedException {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(1, Duration.ofMillis(200));
    granted(budget.tryTake(scope, limit)).release();
    takeEventually(budget, scope, limit).release();
  }

  @Test
  void callersWithDifferentLimitsShareTheCount() {
    RateBudget.Scope scope = newScope();
    Duration window = Duration.ofSeconds(10);
    for (int i = 0; i < 3; i++) {
      granted(budget.tryTake(scope, limit(3, window)));
    }
    assertWaits(budget.tryTake(scope, limit(2, window)), Duration.ofMinutes(2));
    assertWaits(budget.tryTake(scope, limit(3, window)), Duration.ofMinutes(2));
    granted(budget.tryTake(scope, limit(5, window)));
  }

  @Test
  void scopesAreIndependent() {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(1, Duration.ofSeconds(10));
    granted(budget.tryTake(scope, limit));
    assertWaits(budget.tryTake(scope, limit), Duration.ofMinutes(2));
    granted(budget.tryTake(newScope(), limit));
    granted(budget.tryTake(RateBudget.Scope.account(scope.domain()), limit));
  }

  @Test
  void aPauseHoldsEveryTurnAndIsNeverShortened() {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(5, Duration.ofSeconds(1));
    budget.pause(scope, Duration.ofSeconds(30));
    assertWaits(budget.tryTake(scope, limit), Duration.ofSeconds(31));
    budget.pause(scope, Duration.ofMillis(1));
    assertWaits(budget.tryTake(scope, limit), Duration.ofSeconds(31));
    granted(budget.tryTake(newScope(), limit));
  }

  @Test
  void aBanRefusesWithItsTimeLeft() {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(5, Duration.ofSeconds(1));
    budget.ban(scope, Duration.ofMinutes(1));
    RateBudget.Take take = budget.tryTake(scope, limit);
    assertThat(take.turn()).isNull();
    assertThat(take.banned()).as("banned: %s", take).isTrue();
    assertThat(take.waitTime()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    granted(budget.tryTake(newScope(), limit));
  }

  @Test
  void aTurnReleasedTwiceFreesItsSlotOnce() throws InterruptedException {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(1, Duration.ofMillis(200));
    RateBudget.Turn first = granted(budget.tryTake(scope, limit));
    first.release();
    RateBudget.Turn second = takeEventually(budget, scope, limit);
    first.release(); // must not free the slot the second turn holds now
    assertWaits(budget.tryTake(scope, limit), Duration.ofMinutes(2));
    second.release();
  }

  @Test
  void aTurnNeverReleasedFreesItselfAfterTheLease() throws Exception {
    RateBudget leased = createBudget(Duration.ofSeconds(3));
    try {
      RateBudget.Scope scope = newScope();
      RateLimit limit = limit(1, Duration.ofMillis(100));
      granted(leased.tryTake(scope, limit)); // its process "dies": never released
      assertWaits(leased.tryTake(scope, limit), Duration.ofMinutes(2));
      takeEventually(leased, scope, limit).release();
    } finally {
      close(leased);
    }
  }

  @Test
  void manyThreadsNeverHoldMoreThanTheLimitInAnyWindow() throws Exception {
    List<long[]> held = takeAndReleaseConcurrently(budget, 3, Duration.ofMillis(100), 8, 12);
    assertThat(held).hasSize(8 * 12);
    assertThat(mostHeldAtOnce(held, TimeUnit.MILLISECONDS.toNanos(100)))
        .as("turns counted at once, from take until a window after release")
        .isLessThanOrEqualTo(3);
  }

  @Test
  void anUnreachableStoreThrowsAndNeverGrants() throws Exception {
    makeUnavailable(budget);
    assertThatThrownBy(() -> budget.tryTake(newScope(), limit(5, Duration.ofSeconds(1))))
        .isInstanceOf(RuntimeException.class);
  }

  /**
   * Runs {@code threads} threads that each take {@code turns} turns of one new scope under
   * {@code requests} per {@code window}, hold each a random 0-5 ms (a request in flight) and
   * release it. Returns, per turn, when it was surely held: from just after its take to just
   * before its release, on {@link System#nanoTime()}.
   *
   * @param budget the budget
   * @param requests the limit's requests
   * @param window the limit's window
   * @param threads how many threads
   * @param turns how many turns each takes
   * @return {@code [taken, released]} per turn
   * @throws Exception if a thread failed
   */
  public static List<long[]> takeAndReleaseConcurrently(RateBudget budget, int requests,
      Duration window, int threads, int turns) throws Exception {
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(requests, window);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<long[]>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          List<long[]> mine = new ArrayList<>();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (mine.size() < turns) {
            RateBudget.Take take = budget.tryTake(scope, limit);
            RateBudget.Turn turn = take.turn();
            if (turn == null) {
              if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no turn within 60 s: " + take);
              }
              Thread.sleep(Math.max(1, Math.min(take.waitTime().toMillis(), 20)));
              continue;
            }
            long taken = System.nanoTime();
            Thread.sleep(ThreadLocalRandom.current().nextInt(6));
            long released = System.nanoTime();
            turn.release();
            mine.add(new long[] {taken, released});
          }
          return mine;
        }));
      }
      List<long[]> all = new ArrayList<>();
      for (Future<List<long[]>> f : futures) {
        all.addAll(f.get(120, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Returns the most turns counted at one instant, each counted from its take until
   * {@code windowNanos} after its release (less a few milliseconds for the store's clock).
   *
   * @param held {@code [taken, released]} per turn, from {@link #takeAndReleaseConcurrently}
   * @param windowNanos the window
   * @return the most at once
   */
  public static int mostHeldAtOnce(List<long[]> held, long windowNanos) {
    List<long[]> events = new ArrayList<>();
    for (long[] h : held) {
      long end = h[1] + windowNanos - CLOCK_SLACK_NANOS;
      if (end > h[0]) {
        events.add(new long[] {h[0], 1});
        events.add(new long[] {end, -1});
      }
    }
    // Ends before starts at the same instant: touching intervals do not overlap.
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (long[] e : events) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }
}
