package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RateLimiterTimeoutException;
import java.time.Duration;
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
 * queue waits for its turn. Waits are bounded by each caller's {@code maxWait}. Thread-safe.
 */
final class SlidingWindowLimiter {

  private final NanoClock clock;
  private final ReentrantLock turnstile = new ReentrantLock(true);
  private final ReentrantLock state = new ReentrantLock();
  private final Condition released = state.newCondition();
  // Guarded by state:
  private int inFlight; // permits granted and not yet released
  private int users; // callers inside acquire or holding a permit
  private boolean retired; // taken out of the registry: grants nothing more
  private long longestWindow; // the longest window a caller asked for: how long releases matter
  private long[] releases = new long[8]; // a ring of answer times, ascending
  private int head;
  private int size;

  SlidingWindowLimiter(NanoClock clock) {
    this.clock = clock;
  }

  /**
   * Waits for a turn under {@code limit} and takes it. Release the permit when the response has
   * arrived or the request failed.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws RateLimiterTimeoutException if no turn came within the limit's {@code maxWait}
   * @throws IllegalStateException if the registry retired this limiter
   */
  Permit acquire(RateLimit limit) throws InterruptedException {
    Permit permit = acquireUnlessRetired(limit);
    if (permit == null) {
      throw new IllegalStateException("this rate limiter was retired");
    }
    return permit;
  }

  /** Like {@link #acquire}, but returns null at once if the registry retired this limiter. */
  @Nullable Permit acquireUnlessRetired(RateLimit limit) throws InterruptedException {
    // Saturated: "wait as long as it takes" is a legal maxWait, a millennium a legal window.
    long windowNanos = RetryDelays.nanos(limit.window());
    state.lock();
    try {
      if (retired) {
        return null;
      }
      users++;
      longestWindow = Math.max(longestWindow, windowNanos);
    } finally {
      state.unlock();
    }
    boolean granted = false;
    try {
      Permit permit = await(limit.requests(), windowNanos, limit);
      granted = true;
      return permit;
    } finally {
      if (!granted) {
        leave();
      }
    }
  }

  private Permit await(int requests, long windowNanos, RateLimit limit)
      throws InterruptedException {
    long maxWaitNanos = RetryDelays.nanos(limit.maxWait());
    long start = clock.nanoTime();
    if (!turnstile.tryLock(maxWaitNanos, TimeUnit.NANOSECONDS)) {
      throw timeout(start, limit);
    }
    try {
      state.lockInterruptibly();
      try {
        while (true) {
          long now = clock.nanoTime();
          prune(now);
          long wait = -1; // until a release
          int free = requests - inFlight; // how many more may be counted
          if (free > 0) {
            if (size < free) {
              return grant(now);
            }
            // The free-th most recent answer must be a window old. (Ages, not sums: a window of
            // a thousand years must not overflow.)
            long age = now - at(size - free);
            if (age >= windowNanos) {
              return grant(now);
            }
            wait = windowNanos - age;
          }
          long left = maxWaitNanos - (now - start);
          if (left <= 0) {
            throw timeout(start, limit);
          }
          // A release may free a turn sooner (one fewer in flight): it signals.
          clock.await(released, wait < 0 ? left : Math.min(wait, left));
        }
      } finally {
        state.unlock();
      }
    } finally {
      turnstile.unlock();
    }
  }

  private Permit grant(long now) {
    inFlight++;
    return new Permit(now);
  }

  private RateLimiterTimeoutException timeout(long start, RateLimit limit) {
    return new RateLimiterTimeoutException(Duration.ofNanos(clock.nanoTime() - start), limit);
  }

  private void release(long grantedAt) {
    state.lock();
    try {
      long now = Math.max(clock.nanoTime(), grantedAt);
      if (size > 0) {
        now = Math.max(now, at(size - 1)); // keep the ring ascending
      }
      append(now);
      inFlight--;
      users--;
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
   * permit, and no answer within the longest window it served. A new limiter then behaves the
   * same, so the registry may drop this one. Returns true if retired (now or before).
   */
  boolean retireIfIdle() {
    state.lock();
    try {
      if (!retired && users == 0) {
        prune(clock.nanoTime());
        retired = size == 0;
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

  @Override
  public String toString() {
    state.lock();
    try {
      return "SlidingWindowLimiter{inFlight=" + inFlight + ", answersKept=" + size
          + (retired ? ", retired" : "") + '}';
    } finally {
      state.unlock();
    }
  }

  /** One request's turn. Release it once; later releases do nothing. Thread-safe. */
  final class Permit {
    private final long grantedAt;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean onWire = new AtomicBoolean();

    private Permit(long grantedAt) {
      this.grantedAt = grantedAt;
    }

    /** Returns when the turn was granted, on the limiter's clock. */
    long grantedAt() {
      return grantedAt;
    }

    /**
     * Marks that a request went on the wire under this permit. Returns false if one already did
     * (a redirect or a silent retry of the HTTP client): that one needs a permit of its own.
     */
    boolean claimWire() {
      return onWire.compareAndSet(false, true);
    }

    /** Gives the turn back: it stays counted until one window from now. */
    void release() {
      if (released.compareAndSet(false, true)) {
        SlidingWindowLimiter.this.release(grantedAt);
      }
    }
  }
}
