package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RateLimiterTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Never more than {@code N} requests in any window of length {@code W}: a sliding window, not a
 * token bucket (no bursts).
 *
 * <p>It holds {@code N} slots. A request takes a free slot whose time has come, and gives it back
 * when its response arrives (or it failed); the slot's next use may start {@code W} after that.
 * If every request were answered at once this is exactly "the {@code N}-th last grant is at least
 * {@code W} ago". Counting from the answer, not from the send, is what makes it hold on the
 * server: a request reaches the server somewhere between its grant and its answer, so two requests
 * that used one slot arrive at least {@code W} apart there, however the network delays them; so
 * no server-side window holds more than {@code N}. The price is throughput: about
 * {@code N / (W + latency)}.
 *
 * <p>Fair: callers queue on a fair lock and take turns in arrival order; only the head of the
 * queue waits for a slot. Waits are bounded by {@code maxWait}. Thread-safe.
 */
public final class SlidingWindowLimiter {

  private final RateLimit limit;
  private final long windowNanos;
  private final long maxWaitNanos;
  private final NanoClock clock;
  private final ReentrantLock turnstile = new ReentrantLock(true);
  private final ReentrantLock state = new ReentrantLock();
  private final Condition released = state.newCondition();
  private final long[] freeAt; // guarded by state: when each slot may be granted again
  private final boolean[] busy; // guarded by state: a request holds the slot

  public SlidingWindowLimiter(RateLimit limit, NanoClock clock) {
    this.limit = limit;
    this.windowNanos = limit.window().toNanos();
    this.maxWaitNanos = limit.maxWait().toNanos();
    this.clock = clock;
    this.freeAt = new long[limit.requests()];
    this.busy = new boolean[limit.requests()];
    long now = clock.nanoTime();
    for (int i = 0; i < freeAt.length; i++) {
      freeAt[i] = now - windowNanos;
    }
  }

  public RateLimit limit() {
    return limit;
  }

  /**
   * Waits for a slot and takes it. Release the permit when the response has arrived or the request
   * failed.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws RateLimiterTimeoutException if no slot came within {@code maxWait}
   */
  public Permit acquire() throws InterruptedException {
    long start = clock.nanoTime();
    if (!turnstile.tryLock(maxWaitNanos, TimeUnit.NANOSECONDS)) {
      throw timeout(start);
    }
    try {
      state.lockInterruptibly();
      try {
        while (true) {
          long now = clock.nanoTime();
          int best = -1;
          for (int i = 0; i < freeAt.length; i++) {
            if (!busy[i] && (best < 0 || freeAt[i] < freeAt[best])) {
              best = i;
            }
          }
          if (best >= 0 && freeAt[best] - now <= 0) {
            busy[best] = true;
            return new Permit(best, now);
          }
          long left = maxWaitNanos - (now - start);
          if (left <= 0) {
            throw timeout(start);
          }
          // Wait until the earliest free slot's time, or for a release when all are busy.
          long wait = best >= 0 ? Math.min(freeAt[best] - now, left) : left;
          clock.await(released, wait);
        }
      } finally {
        state.unlock();
      }
    } finally {
      turnstile.unlock();
    }
  }

  private RateLimiterTimeoutException timeout(long start) {
    return new RateLimiterTimeoutException(
        Duration.ofNanos(clock.nanoTime() - start), limit);
  }

  private void release(int slot, long grantedAt) {
    state.lock();
    try {
      long now = clock.nanoTime();
      freeAt[slot] = Math.max(now, grantedAt) + windowNanos;
      busy[slot] = false;
      released.signalAll();
    } finally {
      state.unlock();
    }
  }

  /** One request's slot. Release it once; later releases do nothing. Thread-safe. */
  public final class Permit {
    private final int slot;
    private final long grantedAt;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean onWire = new AtomicBoolean();

    private Permit(int slot, long grantedAt) {
      this.slot = slot;
      this.grantedAt = grantedAt;
    }

    /** Returns when the slot was granted, on the limiter's clock. */
    public long grantedAt() {
      return grantedAt;
    }

    /**
     * Marks that a request went on the wire under this permit. Returns false if one already did
     * (a redirect or a silent retry of the HTTP client): that one needs a permit of its own.
     */
    public boolean claimWire() {
      return onWire.compareAndSet(false, true);
    }

    /** Gives the slot back; its next use may start one window from now. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        SlidingWindowLimiter.this.release(slot, grantedAt);
      }
    }
  }
}
