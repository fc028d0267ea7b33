package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The JVM-wide registry of rate limiters: one per integration (client id), account domain and
 * server (the account's host, or the base URL requests go to instead).
 * amoCRM counts requests per integration, and a ban falls on the account, so every client of one
 * integration talking to one account shares a limiter, whatever {@link RateLimit} each was given
 * (each request waits under its own client's limit, counting everyone's requests); two accounts
 * of one public integration do not slow each other.
 *
 * <p>Clients hold a {@link Lane} (a key and a limit), never a limiter: the registry drops a
 * limiter once nothing it knows matters any more (no request waiting or in flight, no answer
 * within its window), because a new one would then behave the same. So an application that builds
 * clients for many accounts, or a client per job, does not grow this map without end. Idle
 * limiters are swept at most once a second, by a caller taking a turn. Thread-safe.
 */
public final class RateLimiters {

  private static final RateLimiters SHARED = new RateLimiters(NanoClock.SYSTEM);
  private static final long SWEEP_INTERVAL = Duration.ofSeconds(1).toNanos();

  // clientId null: every integration's requests on the account (the account-wide limit).
  private record Key(@Nullable String clientId, String domain, String origin) {}

  private final ConcurrentMap<Key, SlidingWindowLimiter> limiters = new ConcurrentHashMap<>();
  private final NanoClock clock;
  private final AtomicLong nextSweep;

  /** A registry of its own, on this clock: for tests. Clients use {@link #shared()}. */
  RateLimiters(NanoClock clock) {
    this.clock = clock;
    this.nextSweep = new AtomicLong(clock.nanoTime() + SWEEP_INTERVAL);
  }

  /** Returns the JVM-wide registry. */
  public static RateLimiters shared() {
    return SHARED;
  }

  /**
   * Returns how one client takes its turns.
   *
   * @param clientId the integration's client id, or "" for a long-lived token without one
   * @param domain the account's domain
   * @param limit the client's own limit
   */
  public Lane lane(String clientId, String domain, RateLimit limit) {
    return lane(clientId, domain, "https://" + domain, limit);
  }

  /**
   * Returns how one client takes its turns, when its requests go to a server of their own (a base
   * URL that is not the account's host: a proxy, a test server). Clients share a limiter only
   * when they send to the same server: a mock amoCRM in one test must not inherit another's ban.
   *
   * @param origin the scheme, host and port requests go to
   */
  public Lane lane(String clientId, String domain, String origin, RateLimit limit) {
    return lane(clientId, domain, origin, limit, null);
  }

  /**
   * Returns how one client takes its turns, counted in this JVM and, with a {@code budget}, across
   * every process that shares it.
   *
   * @param clientId the integration's client id ("" for a long-lived token without one), or null
   *     for the account-wide lane every integration of the account shares
   * @param budget the shared budget, or null to count in this JVM only
   */
  public Lane lane(@Nullable String clientId, String domain, String origin, RateLimit limit,
      @Nullable RateBudget budget) {
    String lowerDomain = domain.toLowerCase(Locale.ROOT);
    return new Lane(new Key(clientId, lowerDomain, origin.toLowerCase(Locale.ROOT)), limit,
        budget, clientId == null ? RateBudget.Scope.account(lowerDomain)
            : RateBudget.Scope.integration(clientId, lowerDomain));
  }

  /** Returns how many limiters the registry holds. */
  int size() {
    return limiters.size();
  }

  /** Drops every idle limiter. */
  void sweep() {
    limiters.forEach((key, limiter) -> {
      if (limiter.retireIfIdle()) {
        limiters.remove(key, limiter);
      }
    });
  }

  private void maybeSweep() {
    long now = clock.nanoTime();
    long due = nextSweep.get();
    if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL)) {
      sweep();
    }
  }

  /** One client's way to its integration's limiter, under its own limit. Thread-safe. */
  public final class Lane {
    private final Key key;
    private final RateLimit limit;
    private final @Nullable RateBudget budget;
    private final RateBudget.Scope scope;
    // The limiter last found for the key, so that a request skips the map look-up (hashing the
    // key) while it lives; a swept limiter refuses every turn, and the lane looks again then.
    private volatile @Nullable SlidingWindowLimiter current;

    private Lane(Key key, RateLimit limit, @Nullable RateBudget budget, RateBudget.Scope scope) {
      this.key = key;
      this.limit = limit;
      this.budget = budget;
      this.scope = scope;
    }

    /** Returns this client's limit. */
    RateLimit limit() {
      return limit;
    }

    /** Returns about how many requests queue for a turn behind the head (a cheap estimate). */
    int queued() {
      SlidingWindowLimiter limiter = current;
      return limiter == null ? 0 : limiter.queuedBehindHead();
    }

    /**
     * Waits for a turn and takes it. Release the permit when the response has arrived or the
     * request failed.
     *
     * @param priority true to go ahead of the queue (a retry after a 401), still within the limit
     * @throws InterruptedException if interrupted while waiting
     * @throws io.github.farolero.amocrm.error.RateLimiterTimeoutException if no turn came within
     *     the limit's {@code maxWait}
     * @throws io.github.farolero.amocrm.error.AccountBlockedException if a ban's cool-down runs
     * @throws io.github.farolero.amocrm.error.RateBudgetException if the shared budget cannot be
     *     reached and its fallback is to fail
     */
    SlidingWindowLimiter.Permit acquire(boolean priority) throws InterruptedException {
      // Only a shared budget needs the start (its wait counts against the same maxWait).
      long start = budget == null ? 0 : clock.nanoTime();
      maybeSweep();
      while (true) {
        SlidingWindowLimiter limiter = limiter();
        SlidingWindowLimiter.Permit permit = limiter.acquireUnlessRetired(limit, priority);
        if (permit != null) {
          return budget == null ? permit : shared(limiter, permit, budget, start);
        }
        forget(limiter); // swept meanwhile: the next look-up makes a new one
      }
    }

    /** Adds the shared budget's turn to the JVM's; gives the JVM's back unsent if none came. */
    private SlidingWindowLimiter.Permit shared(SlidingWindowLimiter limiter,
        SlidingWindowLimiter.Permit permit, RateBudget budget, long start)
        throws InterruptedException {
      boolean taken = false;
      try {
        limiter.shared().take(budget, scope, limit, start, permit);
        taken = true;
        return permit;
      } finally {
        if (!taken) {
          permit.abandon();
        }
      }
    }

    /**
     * Records amoCRM's answer to a request that took no turn (the token endpoint's): a ban starts
     * the cool-down for every client of this integration and account.
     */
    void answered(boolean ban, long pauseNanos) {
      if (budget != null) {
        SharedTurns.report(budget, scope, limit, ban, pauseNanos);
      }
      while (true) {
        SlidingWindowLimiter limiter = limiter();
        if (limiter.answered(ban, pauseNanos)) {
          return;
        }
        forget(limiter); // swept meanwhile: record it in a new one
      }
    }

    /**
     * Refuses a request that takes no turn while a ban's cool-down runs.
     *
     * @throws io.github.farolero.amocrm.error.AccountBlockedException if refused
     */
    void checkNotBanned() {
      SlidingWindowLimiter limiter = limiters.get(key);
      if (limiter != null) {
        limiter.checkNotBanned(limit);
      }
    }

    private SlidingWindowLimiter limiter() {
      SlidingWindowLimiter limiter = current;
      if (limiter == null) {
        limiter = limiters.computeIfAbsent(key, k -> new SlidingWindowLimiter(clock));
        current = limiter;
      }
      return limiter;
    }

    private void forget(SlidingWindowLimiter swept) {
      limiters.remove(key, swept);
      if (current == swept) {
        current = null;
      }
    }

    @Override
    public String toString() {
      return limit + " for " + (key.clientId() == null ? "every integration of " : "")
          + key.domain() + (budget == null ? "" : " shared through " + budget);
    }
  }
}
