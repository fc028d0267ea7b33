package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.RateLimiterTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Never more than {@code N} requests in any window of length {@code W}: a sliding window, not a
 * token bucket (no bursts). One limiter serves every client of one integration and account
 * ({@link RateLimiters}); each caller brings its own {@link RateLimit}, and every request of every
 * caller counts against it.
 *
 * <p>A request is granted under {@code (N, W)} when the requests in flight plus those answered
 * less than {@code W} ago are fewer than {@code N}. Counting a request from its grant until one
 * window after its answer, not from its send, is what makes the limit hold on the server: a
 * request reaches the server somewhere between its grant and its answer, so of any {@code N + 1}
 * requests that reach the server within one window, the last granted saw the other {@code N} in
 * flight or answered less than a window before, and was not granted. With instant answers this is
 * exactly "the {@code N}-th last grant is at least {@code W} ago". The price is throughput: about
 * {@code N / (W + latency)}.
 *
 * <p>Callers with different limits share the count: a caller allowed 3 per second goes only while
 * fewer than 3 requests of anyone are counted, one allowed 7 while fewer than 7. So the strictest
 * caller keeps its own limit, and together they never exceed the loosest one (for equal windows).
 *
 * <p>Fair: callers queue on a fair lock and take turns in arrival order; only the head of the
 * queue waits for its turn. A <em>priority</em> caller (the retry of a request amoCRM refused with
 * 401, whose new token must reach the wire before it can die too) goes ahead of the queue, but
 * still only when the window has room. Waits are bounded by each caller's {@code maxWait}.
 *
 * <p>What amoCRM says is shared too. A 429 pauses the window for everyone until its
 * {@code Retry-After} (or one window) has passed. A 403 ban answer refuses every request locally,
 * with no request sent, for the caller's {@link RateLimit#banCoolDown()}; after it one request
 * probes, alone, and only its success lifts the ban. Thread-safe.
 */
final class SlidingWindowLimiter {

  /** Longest pause a 429 imposes on everyone, whatever its {@code Retry-After} says. */
  private static final long MAX_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final NanoClock clock;
  private final SharedTurns shared;
  private final ReentrantLock turnstile = new ReentrantLock(true);
  private final ReentrantLock state = new ReentrantLock();
  private final Condition released = state.newCondition();
  // Guarded by state:
  private int inFlight; // permits granted and not yet released
  private int users; // callers inside acquire or holding a permit
  private int priorityWaiting; // priority callers waiting: the queue's head lets them go first
  private boolean retired; // taken out of the registry: grants nothing more
  private long longestWindow; // the longest window a caller asked for: how long releases matter
  private long[] releases = new long[8]; // a ring of answer times, ascending
  private int head;
  private int size;
  private boolean paused; // a 429 paused the window until pausedUntil
  private long pausedUntil;
  private boolean banned; // a 403 ban answer came at bannedAt, and no probe succeeded since
  private long bannedAt;
  private boolean probing; // a request is testing whether the ban was lifted

  SlidingWindowLimiter(NanoClock clock) {
    this.clock = clock;
    this.shared = new SharedTurns(clock, this);
  }

  /** Returns how this limiter's callers take turns from a shared {@code RateBudget}. */
  SharedTurns shared() {
    return shared;
  }

  /**
   * Waits for a turn under {@code limit} and takes it. Release the permit when the response has
   * arrived or the request failed.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws RateLimiterTimeoutException if no turn came within the limit's {@code maxWait}
   * @throws AccountBlockedException if amoCRM banned the account less than a cool-down ago
   * @throws IllegalStateException if the registry retired this limiter
   */
  Permit acquire(RateLimit limit) throws InterruptedException {
    Permit permit = acquireUnlessRetired(limit, false);
    if (permit == null) {
      throw new IllegalStateException("this rate limiter was retired");
    }
    return permit;
  }

  /**
   * Like {@link #acquire}, but returns null at once if the registry retired this limiter; a
   * {@code priority} caller goes ahead of the queue.
   */
  @Nullable Permit acquireUnlessRetired(RateLimit limit, boolean priority)
      throws InterruptedException {
    // Saturated: "wait as long as it takes" is a legal maxWait, a millennium a legal window.
    long windowNanos = Durations.nanos(limit.window());
    state.lock();
    try {
      if (retired) {
        return null;
      }
      users++;
      longestWindow = Math.max(longestWindow, windowNanos);
      // The fast path: nobody waits or queues and the window has room now, so going first
      // takes nobody's turn; one lock, no turnstile, no condition.
      if (!priority && priorityWaiting == 0 && !banned && !turnstile.isLocked()
          && !turnstile.hasQueuedThreads()) {
        long now = clock.nanoTime();
        prune(now);
        int free = limit.requests() - inFlight;
        if (free > 0 && (!paused || now - pausedUntil >= 0)
            && (size < free || now - at(size - free) >= windowNanos)) {
          return grant(now, false);
        }
      }
    } finally {
      state.unlock();
    }
    boolean granted = false;
    try {
      Permit permit = priority ? awaitAhead(windowNanos, limit) : awaitInTurn(windowNanos, limit);
      granted = true;
      return permit;
    } finally {
      if (!granted) {
        leave();
      }
    }
  }

  /** Queues on the fair turnstile; only its head waits for the window. */
  private Permit awaitInTurn(long windowNanos, RateLimit limit) throws InterruptedException {
    long start = clock.nanoTime();
    if (!turnstile.tryLock(Durations.nanos(limit.maxWait()), TimeUnit.NANOSECONDS)) {
      throw timeout(start, limit);
    }
    try {
      state.lockInterruptibly();
      try {
        return awaitWindow(start, windowNanos, limit, false);
      } finally {
        state.unlock();
      }
    } finally {
      turnstile.unlock();
    }
  }

  /** Skips the turnstile; the head of the queue yields to it. */
  private Permit awaitAhead(long windowNanos, RateLimit limit) throws InterruptedException {
    long start = clock.nanoTime();
    state.lockInterruptibly();
    try {
      priorityWaiting++;
      try {
        return awaitWindow(start, windowNanos, limit, true);
      } finally {
        priorityWaiting--;
        released.signalAll(); // the head may have been waiting for this caller to go first
      }
    } finally {
      state.unlock();
    }
  }

  /** Waits, holding {@code state}, until the window has room for this caller. */
  private Permit awaitWindow(long start, long windowNanos, RateLimit limit, boolean priority)
      throws InterruptedException {
    long maxWaitNanos = Durations.nanos(limit.maxWait());
    int requests = limit.requests();
    while (true) {
      long now = clock.nanoTime();
      prune(now);
      boolean probe = checkBan(now, limit);
      long wait = -1; // until a release
      int free = requests - inFlight; // how many more may be counted
      if (free > 0 && (priority || priorityWaiting == 0)) {
        if (size < free) {
          wait = 0;
        } else {
          // The free-th most recent answer must be a window old. (Ages, not sums: a window of
          // a thousand years must not overflow.)
          long age = now - at(size - free);
          wait = age >= windowNanos ? 0 : windowNanos - age;
        }
        if (paused && now - pausedUntil < 0) {
          wait = Math.max(wait, pausedUntil - now);
        }
        if (wait == 0) {
          return grant(now, probe);
        }
      }
      long left = maxWaitNanos - (now - start);
      if (left <= 0) {
        throw timeout(start, limit);
      }
      // A release (one fewer in flight) or a priority caller's grant may free a turn: they signal.
      clock.await(released, wait < 0 ? left : Math.min(wait, left));
    }
  }

  /**
   * Refuses the request if the account is banned and its cool-down has not passed, or another
   * request is probing. Returns true if this request is to be the probe.
   */
  private boolean checkBan(long now, RateLimit limit) {
    if (!banned) {
      return false;
    }
    long coolDown = Durations.nanos(limit.banCoolDown());
    long since = now - bannedAt;
    if (since < coolDown) {
      throw new AccountBlockedException("refused locally, no request sent: amoCRM answered 403"
          + " (a ban) " + TimeUnit.NANOSECONDS.toSeconds(since) + " s ago, and nothing is sent"
          + " for " + TimeUnit.NANOSECONDS.toSeconds(coolDown - since) + " s more of the "
          + limit.banCoolDown().toSeconds() + " s cool-down (then one request probes)"
          + ApiErrors.BLOCKED, null, null, null);
    }
    if (probing) {
      throw new AccountBlockedException("refused locally, no request sent: after a 403 ban one"
          + " request is probing whether the ban was lifted; others wait for its answer"
          + ApiErrors.BLOCKED, null, null, null);
    }
    return true;
  }

  private Permit grant(long now, boolean probe) {
    inFlight++;
    if (probe) {
      probing = true;
    }
    return new Permit(now, probe);
  }

  private RateLimiterTimeoutException timeout(long start, RateLimit limit) {
    return new RateLimiterTimeoutException("waited "
        + Duration.ofNanos(clock.nanoTime() - start).toMillis() + " ms for a turn under the rate"
        + " limit " + limit + " and gave up; too many threads share this integration's limit");
  }

  /**
   * Records what amoCRM answered to any request of this integration and account, whether or not
   * it went through this limiter (the token endpoint does not): a ban answer starts a cool-down
   * for everyone, a 429 pauses the window.
   *
   * @param banned true for a 403 ban answer (not an IP refusal, which is JSON)
   * @param pauseNanos for a 429: how long to pause everyone (its Retry-After, or a window); else
   *     negative
   * @return false if the registry retired this limiter (nothing was recorded)
   */
  boolean answered(boolean banned, long pauseNanos) {
    state.lock();
    try {
      if (retired) {
        return false;
      }
      long now = clock.nanoTime();
      if (banned) {
        this.banned = true;
        this.bannedAt = now;
        this.probing = false;
      }
      if (pauseNanos >= 0) {
        long until = now + Math.min(pauseNanos, MAX_PAUSE_NANOS);
        if (!paused || until - pausedUntil > 0) {
          pausedUntil = until;
        }
        paused = true;
      }
      return true;
    } finally {
      state.unlock();
    }
  }

  /**
   * Records a ban another process met (a shared budget said so): requests are refused locally
   * until {@code leftNanos} have passed, as if the ban answer had come here {@code coolDown - left}
   * ago.
   */
  void bannedElsewhere(long leftNanos, RateLimit limit) {
    state.lock();
    try {
      long now = clock.nanoTime();
      long coolDown = Durations.nanos(limit.banCoolDown());
      long at = now - Math.max(0, coolDown - Math.min(leftNanos, coolDown));
      if (!banned || at - bannedAt > 0) {
        banned = true;
        bannedAt = at;
      }
    } finally {
      state.unlock();
    }
  }

  /**
   * Refuses a request that does not take turns (the token endpoint's) while a ban's cool-down
   * runs or a probe is out.
   *
   * @throws AccountBlockedException if refused
   */
  void checkNotBanned(RateLimit limit) {
    state.lock();
    try {
      if (banned) {
        long now = clock.nanoTime();
        if (now - bannedAt < Durations.nanos(limit.banCoolDown()) || probing) {
          checkBan(now, limit);
        }
      }
    } finally {
      state.unlock();
    }
  }

  private void release(long grantedAt, boolean probe, boolean liftsBan, boolean sent) {
    state.lock();
    try {
      if (sent) {
        long now = Math.max(clock.nanoTime(), grantedAt);
        if (size > 0) {
          now = Math.max(now, at(size - 1)); // keep the ring ascending
        }
        append(now);
      }
      inFlight--;
      users--;
      if (probe && probing) {
        probing = false; // answered (or failed): the next request may probe, or all may go
        if (liftsBan) {
          banned = false;
        }
      }
      released.signalAll();
    } finally {
      state.unlock();
    }
  }

  private void leave() {
    state.lock();
    try {
      users--;
    } finally {
      state.unlock();
    }
  }

  /**
   * Retires this limiter if nothing it knows still matters: no caller inside it or holding a
   * permit, no answer within the longest window it served, no pause or ban running. A new limiter
   * then behaves the same, so the registry may drop this one. Returns true if retired (now or
   * before).
   */
  boolean retireIfIdle() {
    state.lock();
    try {
      if (!retired && users == 0 && !banned) {
        long now = clock.nanoTime();
        prune(now);
        retired = size == 0 && (!paused || now - pausedUntil >= 0);
      }
      return retired;
    } finally {
      state.unlock();
    }
  }

  /** Drops answers older than the longest window: no caller counts them any more. */
  private void prune(long now) {
    while (size > 0 && now - releases[head] >= longestWindow) {
      head = (head + 1) % releases.length;
      size--;
    }
  }

  private long at(int i) {
    return releases[(head + i) % releases.length];
  }

  private void append(long t) {
    if (size == releases.length) {
      long[] grown = new long[releases.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = at(i);
      }
      releases = grown;
      head = 0;
    }
    releases[(head + size) % releases.length] = t;
    size++;
  }

  /** Returns how many callers queue behind the head, for tests. */
  int queuedBehindHead() {
    return turnstile.getQueueLength();
  }

  /** Returns how many callers wait for room in the window (the queue's head and priority ones). */
  int waitingForRoom() {
    state.lock();
    try {
      return state.getWaitQueueLength(released);
    } finally {
      state.unlock();
    }
  }

  @Override
  public String toString() {
    state.lock();
    try {
      return "SlidingWindowLimiter{inFlight=" + inFlight + ", answersKept=" + size
          + (banned ? ", banned" : "") + (retired ? ", retired" : "") + '}';
    } finally {
      state.unlock();
    }
  }

  /**
   * Something a permit carries along: another turn taken for the same request (the account-wide
   * limiter's, a shared budget's), told what amoCRM answered and released with it.
   */
  interface Attachment {

    /** amoCRM answered the request: see {@link SlidingWindowLimiter#answered}. */
    void answered(boolean ban, long pauseNanos);

    /** The request's answer arrived or it failed. */
    void release();

    /** The request was never sent. */
    void abandon();
  }

  /** One request's turn. Release it once; later releases do nothing. Thread-safe. */
  final class Permit implements Attachment {
    private static final Attachment[] NONE = {};

    private final long grantedAt;
    private final boolean probe;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean onWire = new AtomicBoolean();
    private volatile boolean liftsBan;
    private volatile Attachment[] attached = NONE;

    private Permit(long grantedAt, boolean probe) {
      this.grantedAt = grantedAt;
      this.probe = probe;
    }

    /** Returns when the turn was granted, on the limiter's clock. */
    long grantedAt() {
      return grantedAt;
    }

    /** Returns true if this request tests whether a ban was lifted. */
    boolean probe() {
      return probe;
    }

    /**
     * Marks that a request went on the wire under this permit. Returns false if one already did
     * (a redirect or a silent retry of the HTTP client): that one needs a permit of its own.
     */
    boolean claimWire() {
      return onWire.compareAndSet(false, true);
    }

    /**
     * Records amoCRM's answer to this permit's request: see {@link
     * SlidingWindowLimiter#answered}. An answer that is not a ban lifts a ban this permit probed.
     */
    @Override
    public void answered(boolean ban, long pauseNanos) {
      if (!ban) {
        liftsBan = true;
      }
      SlidingWindowLimiter.this.answered(ban, pauseNanos);
      for (Attachment a : attached) {
        a.answered(ban, pauseNanos);
      }
    }

    /** Adds a turn taken for the same request: released (or abandoned) with this one. */
    synchronized void attach(Attachment attachment) {
      Attachment[] grown = Arrays.copyOf(attached, attached.length + 1);
      grown[attached.length] = attachment;
      attached = grown;
    }

    /** Gives the turn back: it stays counted until one window from now. */
    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        SlidingWindowLimiter.this.release(grantedAt, probe, liftsBan, true);
        for (Attachment a : attached) {
          a.release();
        }
      }
    }

    /**
     * Gives the turn back for a request that was never sent (another limiter refused it): it is
     * not counted.
     */
    @Override
    public void abandon() {
      if (released.compareAndSet(false, true)) {
        SlidingWindowLimiter.this.release(grantedAt, probe, false, false);
        for (Attachment a : attached) {
          a.abandon();
        }
      }
    }
  }
}
