package io.github.farolero.amocrm.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Leased, non-reentrant, per-grant locks inside one JVM. A lease that runs out frees the lock
 * even if its holder never releases it (a thread stuck in I/O), so one stuck thread cannot stop
 * every refresh. Times come from {@link System#nanoTime()}, never from the injectable clock:
 * a test that moves its fake clock must not break locks.
 */
final class LeasedLocks {

  private static final long MAX_NANOS = TimeUnit.DAYS.toNanos(365);

  private final Map<GrantKey, Lease> held = new HashMap<>(); // guarded by this

  private static final class Lease {
    final Object owner = new Object();
    final long untilNanos;

    Lease(long untilNanos) {
      this.untilNanos = untilNanos;
    }
  }

  /**
   * Takes the lock of a grant.
   *
   * @throws LockTimeoutException if it stayed held for {@code maxWait}
   * @throws TokenStoreException if the thread was interrupted while waiting
   */
  GrantLock acquire(GrantKey key, Duration lease, Duration maxWait, String storeName) {
    Objects.requireNonNull(key, "key == null");
    long leaseNanos = clampedNanos(Objects.requireNonNull(lease, "lease == null"));
    long waitNanos = clampedNanos(Objects.requireNonNull(maxWait, "maxWait == null"));
    if (leaseNanos <= 0) {
      throw new IllegalArgumentException("lease <= 0: " + lease);
    }
    long deadline = System.nanoTime() + waitNanos;
    synchronized (this) {
      while (true) {
        long now = System.nanoTime();
        Lease current = held.get(key);
        if (current == null || now - current.untilNanos >= 0) {
          Lease mine = new Lease(now + leaseNanos);
          held.put(key, mine);
          return new Handle(key, mine);
        }
        long remaining = deadline - now;
        if (remaining <= 0) {
          throw new LockTimeoutException("lock of " + key + " in " + storeName
              + " still held after waiting " + maxWait);
        }
        long sleep = Math.min(remaining, current.untilNanos - now);
        try {
          TimeUnit.NANOSECONDS.timedWait(this, Math.max(sleep, 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TokenStoreException(
              "interrupted while waiting for the lock of " + key + " in " + storeName, e);
        }
      }
    }
  }

  private synchronized void release(GrantKey key, Lease lease) {
    // Only the lease's own holder may remove it: after a lease ran out and another took the lock,
    // a late close() by the first holder must not free the second holder's lock.
    if (held.get(key) == lease) {
      held.remove(key);
      notifyAll();
    }
  }

  private static long clampedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(Duration.ofNanos(MAX_NANOS)) > 0 ? MAX_NANOS : d.toNanos();
  }

  private final class Handle implements GrantLock {
    private final GrantKey key;
    private final Lease lease;

    Handle(GrantKey key, Lease lease) {
      this.key = key;
      this.lease = lease;
    }

    @Override
    public GrantKey key() {
      return key;
    }

    @Override
    public void close() {
      release(key, lease);
    }
  }
}
