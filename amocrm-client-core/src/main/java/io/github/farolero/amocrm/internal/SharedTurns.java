package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.error.RateLimiterTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the callers of one limiter (one integration and account in this JVM) take turns from a
 * shared {@link RateBudget}, after their turn in the JVM. One caller at a time asks the store (the
 * others queue behind it in arrival order), so a JVM sends the store one request at a time however
 * many threads wait; the waits between tries follow the store's hints, bounded by one window and
 * the caller's {@code maxWait}.
 *
 * <p>While the store cannot be reached, the budget's {@link RateBudget.Fallback} decides: fail
 * (a {@link RateBudgetException}, nothing sent) or send under a share of the limit counted here.
 * The store is tried again at most once a second meanwhile. Thread-safe.
 */
final class SharedTurns {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.api");
  /** How long a store that failed is not asked again. */
  static final long RETRY_DOWN_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The shortest wait between two tries: a hint of zero without a turn must not spin. */
  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final NanoClock clock;
  private final SlidingWindowLimiter owner;
  private final ReentrantLock gate = new ReentrantLock(true);
  private final ReentrantLock sleep = new ReentrantLock();
  private final Condition never = sleep.newCondition();
  // Guarded by gate:
  private boolean down; // the store failed at downAt, and has not answered since
  private long downAt;
  private @Nullable SlidingWindowLimiter fallbackWindow; // the share's own count, while down

  SharedTurns(NanoClock clock, SlidingWindowLimiter owner) {
    this.clock = clock;
    this.owner = owner;
  }

  /**
   * Takes a turn from {@code budget} for the request that holds {@code permit} (its turn in the
   * JVM), and attaches it to the permit, which releases it. {@code start} is when the request
   * began waiting: its {@code maxWait} counts from there.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws RateLimiterTimeoutException if no turn came within {@code maxWait}
   * @throws io.github.farolero.amocrm.error.AccountBlockedException if the budget says a ban's
   *     cool-down runs
   * @throws RateBudgetException if the store cannot be reached and the fallback is to fail
   */
  void take(RateBudget budget, RateBudget.Scope scope, RateLimit limit, long start,
      SlidingWindowLimiter.Permit permit) throws InterruptedException {
    long maxWait = Durations.nanos(limit.maxWait());
    if (!gate.tryLock(maxWait - (clock.nanoTime() - start), TimeUnit.NANOSECONDS)) {
      throw timeout(start, limit, budget);
    }
    try {
      long windowNanos = Durations.nanos(limit.window());
      while (true) {
        long now = clock.nanoTime();
        if (down && now - downAt < RETRY_DOWN_NANOS) {
          takeFallback(budget, scope, limit, start, permit, null);
          return;
        }
        RateBudget.Take take;
        try {
          take = budget.tryTake(scope, limit);
        } catch (RuntimeException e) {
          if (!down) {
            log.warn("the shared rate budget {} could not be reached for {}: {}; {}", budget,
                scope, e.toString(), budget.fallback().fails() ? "requests fail until it answers"
                    : "requests go on at a " + budget.fallback() + " of the limit");
          }
          down = true;
          downAt = now;
          takeFallback(budget, scope, limit, start, permit, e);
          return;
        }
        if (down) {
          down = false;
          log.info("the shared rate budget {} answers again for {}", budget, scope);
        }
        RateBudget.Turn turn = take.turn();
        if (turn != null) {
          permit.attach(new Shared(budget, scope, limit, turn));
          return;
        }
        if (take.banned()) {
          owner.bannedElsewhere(Durations.nanos(take.waitTime()), limit);
          owner.checkNotBanned(limit); // throws: refused locally, no request sent
        }
        long left = maxWait - (clock.nanoTime() - start);
        if (left <= 0) {
          throw timeout(start, limit, budget);
        }
        long wait = Math.max(MIN_WAIT_NANOS,
            Math.min(Durations.nanos(take.waitTime()), windowNanos));
        pause(Math.min(wait, left));
      }
    } finally {
      gate.unlock();
    }
  }

  /** Sends under the fallback's share while the store is down, or fails. Holds the gate. */
  private void takeFallback(RateBudget budget, RateBudget.Scope scope, RateLimit limit,
      long start, SlidingWindowLimiter.Permit permit, @Nullable RuntimeException cause)
      throws InterruptedException {
    RateBudget.Fallback fallback = budget.fallback();
    if (fallback.fails()) {
      throw new RateBudgetException("the shared rate budget " + budget + " could not be reached"
          + " for " + scope + (cause == null ? " a moment ago (it is tried again once a second)"
              : "") + "; the request was not sent. Declare RateBudget.Fallback.localShare(n)"
          + " to send at a share of the limit while it is down", cause);
    }
    long left = Durations.nanos(limit.maxWait()) - (clock.nanoTime() - start);
    if (left <= 0) {
      throw timeout(start, limit, budget);
    }
    RateLimit share = fallback.share(limit).withMaxWait(Duration.ofNanos(left));
    SlidingWindowLimiter window = fallbackWindow;
    if (window == null) {
      window = new SlidingWindowLimiter(clock);
      fallbackWindow = window;
    }
    permit.attach(window.acquire(share));
  }

  private void pause(long nanos) throws InterruptedException {
    sleep.lock();
    try {
      clock.await(never, nanos);
    } finally {
      sleep.unlock();
    }
  }

  private RateLimiterTimeoutException timeout(long start, RateLimit limit, RateBudget budget) {
    return new RateLimiterTimeoutException("waited "
        + Duration.ofNanos(clock.nanoTime() - start).toMillis() + " ms for a turn under the rate"
        + " limit " + limit + " shared through " + budget + " and gave up; too many requests"
        + " share this integration's limit across the cluster");
  }

  /** A turn of the shared budget, carried by the request's permit. */
  private static final class Shared implements SlidingWindowLimiter.Attachment {
    private final RateBudget budget;
    private final RateBudget.Scope scope;
    private final RateLimit limit;
    private final RateBudget.Turn turn;

    Shared(RateBudget budget, RateBudget.Scope scope, RateLimit limit, RateBudget.Turn turn) {
      this.budget = budget;
      this.scope = scope;
      this.limit = limit;
      this.turn = turn;
    }

    @Override
    public void answered(boolean ban, long pauseNanos) {
      report(budget, scope, limit, ban, pauseNanos);
    }

    @Override
    public void release() {
      try {
        turn.release();
      } catch (RuntimeException e) {
        log.warn("could not give a turn back to the shared rate budget {} for {} ({}); it frees"
            + " itself after the budget's lease", budget, scope, e.toString());
      }
    }

    @Override
    public void abandon() {
      release();
    }
  }

  /** Tells the budget what amoCRM answered: a ban or a 429's pause, for every process. */
  static void report(RateBudget budget, RateBudget.Scope scope, RateLimit limit, boolean ban,
      long pauseNanos) {
    try {
      if (ban) {
        budget.ban(scope, limit.banCoolDown());
      } else if (pauseNanos >= 0) {
        budget.pause(scope, Duration.ofNanos(pauseNanos));
      }
    } catch (RuntimeException e) {
      log.warn("could not tell the shared rate budget {} that amoCRM answered {} for {} ({});"
          + " other processes learn it from amoCRM", budget, ban ? "a ban" : "429", scope,
          e.toString());
    }
  }
}
