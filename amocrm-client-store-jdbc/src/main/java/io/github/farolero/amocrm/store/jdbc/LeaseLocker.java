package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-wide lock per grant: a lease in the grant's row ({@code lease_owner},
 * {@code lease_until}), taken by one conditional {@code UPDATE} and timed by the database's
 * clock.
 *
 * <ul>
 *   <li><b>Take:</b> {@code UPDATE ... SET lease_owner = me, lease_until = now + lease WHERE
 *       grant_key = ? AND (nobody holds it OR the lease ran out)}; one row changed means held. A
 *       grant without a row gets one holding only the lease (a lost insert race just means
 *       another holder got there first).
 *   <li><b>Wait:</b> poll with growing, jittered pauses (10 ms up to 250 ms), bounded by
 *       {@code maxWait}; then {@link LockTimeoutException}, never "go on unlocked".
 *   <li><b>Release:</b> clear the lease only where the owner is still this holder, so a late
 *       release after the lease ran out never frees the next holder's lock.
 *   <li><b>A dead holder</b> (killed process, lost host) keeps the lock until its lease runs out,
 *       by the database's clock; nothing else is needed to recover.
 * </ul>
 *
 * <p>No connection or transaction is held while the lock is held: each step is one short
 * transaction, so a refresh that talks to amoCRM for seconds ties up no pooled connection.
 */
final class LeaseLocker implements GrantLocker {

  private static final Logger log = LoggerFactory.getLogger(LeaseLocker.class);
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final Duration LONGEST_LEASE = Duration.ofDays(1);
  private static final Duration SHORTEST_LEASE = Duration.ofMillis(1);
  private static final String PROCESS = processName();

  private final Transactions tx;
  private final Supplier<Statements> sql;
  private final String storeName;
  /** Unique per store instance, so two stores in one JVM never share an owner name. */
  private final String ownerPrefix = PROCESS + "#" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();

  /**
   * Creates the locker.
   *
   * @param tx the transaction runner
   * @param sql the statements (resolved lazily: the dialect may be detected on first use)
   * @param storeName the store's name, for messages
   */
  LeaseLocker(Transactions tx, Supplier<Statements> sql, String storeName) {
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.sql = Objects.requireNonNull(sql, "sql == null");
    this.storeName = Objects.requireNonNull(storeName, "storeName == null");
  }

  @Override
  public LockScope scope() {
    return LockScope.CLUSTER;
  }

  @Override
  public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(lease, "lease == null");
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease <= 0: " + lease);
    }
    Duration leaseUsed = lease.compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE
        : lease.compareTo(SHORTEST_LEASE) < 0 ? SHORTEST_LEASE : lease;
    long waitNanos = maxWait.isNegative() ? 0
        : maxWait.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365)
        : maxWait.toNanos();
    String owner = ownerPrefix + "-" + sequence.incrementAndGet();
    long deadline = System.nanoTime() + waitNanos;
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      if (tryTake(key, owner, leaseUsed)) {
        log.debug("took the lease of {} in {} as {} for {}", key, storeName, owner, leaseUsed);
        return new Lease(key, owner);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        String holder = holder(key);
        throw new LockTimeoutException("lock of " + key + " in " + storeName
            + " still held" + (holder == null ? "" : " by " + holder)
            + " after waiting " + maxWait);
      }
      long jitter = ThreadLocalRandom.current().nextLong(pause / 2 + 1);
      long sleep = Math.min(remaining, pause + jitter);
      try {
        TimeUnit.NANOSECONDS.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenStoreException(
            "interrupted while waiting for the lock of " + key + " in " + storeName, e);
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  /**
   * One attempt: take a free or run-out lease, or create the row holding it. Each statement is
   * whole by itself (one row, one statement), so they run in auto-commit where the pool hands
   * connections out so ({@link Transactions#writeOrThrow}): taking a lease of a grant that has a
   * row is one round trip.
   */
  private boolean tryTake(GrantKey key, String owner, Duration lease) {
    Statements s = sql.get();
    Supplier<String> what = () -> "JDBC token store " + storeName + " could not take the lock of "
        + key;
    Boolean taken = tx.write(what, s, c -> {
      try (PreparedStatement ps = tx.prepare(c, s, s.takeLease)) {
        ps.setString(1, owner);
        s.bindDuration(ps, 2, lease);
        ps.setString(3, key.id());
        if (tx.executeUpdate(s, ps) == 1) {
          return true;
        }
      }
      return exists(c, s, key) ? Boolean.FALSE : null;
    });
    if (taken != null) {
      return taken;
    }
    // No row yet: insert one holding only the lease. A duplicate key means someone else inserted
    // first; whether that someone holds the lease is answered by the next attempt.
    try {
      tx.writeOrThrow(s, c -> {
        try (PreparedStatement ps = tx.prepare(c, s, s.insertLease)) {
          ps.setString(1, key.id());
          ps.setString(2, owner);
          s.bindDuration(ps, 3, lease);
          return tx.executeUpdate(s, ps);
        }
      });
      return true;
    } catch (SQLException e) {
      boolean existsNow = tx.read(what, c -> exists(c, s, key));
      if (existsNow) {
        return false;
      }
      throw SqlFailures.wrap(what.get(), e, java.util.List.of());
    }
  }

  private boolean exists(Connection c, Statements s, GrantKey key) throws SQLException {
    try (PreparedStatement ps = tx.prepare(c, s, s.probe)) {
      ps.setString(1, key.id());
      try (ResultSet rs = tx.executeQuery(s, ps)) {
        return rs.next();
      }
    }
  }

  /** Returns who holds the lease now, or null; best effort, for the timeout message. */
  private @Nullable String holder(GrantKey key) {
    try {
      Statements s = sql.get();
      return tx.readOrThrow(c -> {
        try (PreparedStatement ps = tx.prepare(c, s, s.leaseHolder)) {
          ps.setString(1, key.id());
          try (ResultSet rs = tx.executeQuery(s, ps)) {
            return rs.next() ? rs.getString(1) : null;
          }
        }
      });
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  private void release(GrantKey key, String owner) {
    try {
      Statements s = sql.get();
      int released = tx.writeOrThrow(s, c -> {
        try (PreparedStatement ps = tx.prepare(c, s, s.releaseLease)) {
          ps.setString(1, key.id());
          ps.setString(2, owner);
          return tx.executeUpdate(s, ps);
        }
      });
      if (released == 0) {
        log.debug("lease of {} in {} had run out before {} released it", key, storeName, owner);
      }
    } catch (SQLException | RuntimeException e) {
      // The lease runs out by itself; a failed release only delays the next holder.
      log.warn("could not release the lock of {} in {} ({}); it frees itself when the lease"
          + " runs out: {}", key, storeName, owner, e.toString());
    }
  }

  private static String processName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("COMPUTERNAME");
    }
    if (host == null || host.isBlank()) {
      host = "host";
    }
    String name = ProcessHandle.current().pid() + "@" + host.trim();
    return name.length() > 120 ? name.substring(0, 120) : name;
  }

  private final class Lease implements GrantLock {
    private final GrantKey key;
    private final String owner;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(GrantKey key, String owner) {
      this.key = key;
      this.owner = owner;
    }

    @Override
    public GrantKey key() {
      return key;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(key, owner);
      }
    }

    @Override
    public String toString() {
      return "JdbcLease{" + key + ", owner=" + owner + '}';
    }
  }
}
