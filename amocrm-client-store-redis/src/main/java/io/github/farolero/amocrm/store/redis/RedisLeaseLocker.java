package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A cluster-wide lock per grant: a lease in Redis, {@code SET lock-key owner NX PX lease}, timed
 * by Redis's clock.
 *
 * <ul>
 *   <li><b>Take:</b> one {@code SET ... NX PX}; "OK" means held. The owner value is this process
 *       ({@code pid@host}) and 128 random bits, so no other holder can match it.
 *   <li><b>Wait:</b> poll with growing, jittered pauses (10 ms up to 250 ms), bounded by
 *       {@code maxWait}; then {@link LockTimeoutException}, never "go on unlocked".
 *   <li><b>Release:</b> a script deletes the key only if it still holds this owner's value, so a
 *       late release after the lease ran out never frees the next holder's lock.
 *   <li><b>A dead holder</b> (killed process, lost host) keeps the lock until the key expires, by
 *       Redis's clock; nothing else is needed to recover. Like the JDBC store's lease, it is not
 *       renewed: the lease must outlast a refresh ({@code RefreshPolicy.lockLease}).
 * </ul>
 *
 * <p>No connection is held while the lock is held: each step is one command.
 */
final class RedisLeaseLocker implements GrantLocker {

  private static final Logger log = LoggerFactory.getLogger(RedisLeaseLocker.class);
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final Duration LONGEST_LEASE = Duration.ofDays(1);
  private static final Duration SHORTEST_LEASE = Duration.ofMillis(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PROCESS = processName();

  private final UnifiedJedis redis;
  private final RedisKeys keys;
  private final String storeName;
  private final List<String> secrets;
  private final @Nullable Duration commandTimeout;

  RedisLeaseLocker(UnifiedJedis redis, RedisKeys keys, String storeName, List<String> secrets,
      @Nullable Duration commandTimeout) {
    this.redis = Objects.requireNonNull(redis, "redis == null");
    this.keys = Objects.requireNonNull(keys, "keys == null");
    this.storeName = Objects.requireNonNull(storeName, "storeName == null");
    this.secrets = List.copyOf(secrets);
    this.commandTimeout = commandTimeout;
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
    String owner = newOwner();
    String lockKey = keys.lock(key);
    long deadline = System.nanoTime() + waitNanos;
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      if (tryTake(key, lockKey, owner, leaseUsed)) {
        log.debug("took the lease of {} in {} as {} for {}", key, storeName, shown(owner),
            leaseUsed);
        return new Lease(key, lockKey, owner);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        String holder = holder(lockKey);
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

  private boolean tryTake(GrantKey key, String lockKey, String owner, Duration lease) {
    try {
      return "OK".equals(redis.set(lockKey, owner, SetParams.setParams().nx().px(lease.toMillis())));
    } catch (JedisException e) {
      throw RedisFailures.wrap("Redis token store " + storeName + " could not take the lock of "
          + key, e, secrets, commandTimeout);
    }
  }

  /** Returns who holds the lease now (process only, never the random part), or null. */
  private @Nullable String holder(String lockKey) {
    try {
      String owner = redis.get(lockKey);
      return owner == null ? null : shown(owner);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void release(GrantKey key, String lockKey, String owner) {
    try {
      Object released = redis.eval(RedisScripts.RELEASE, List.of(lockKey), List.of(owner));
      if (!Long.valueOf(1).equals(released)) {
        log.debug("lease of {} in {} had run out before {} released it", key, storeName,
            shown(owner));
      }
    } catch (RuntimeException e) {
      // The lease runs out by itself; a failed release only delays the next holder.
      TokenStoreException safe = e instanceof JedisException j
          ? RedisFailures.wrap("release", j, secrets, commandTimeout)
          : new TokenStoreException("release failed: " + e.getClass().getName());
      log.warn("could not release the lock of {} in {} ({}); it frees itself when the lease"
          + " runs out: {}", key, storeName, shown(owner), safe.getMessage());
    }
  }

  /** A fresh owner value: {@code pid@host#} and 32 hex digits of randomness. */
  static String newOwner() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return PROCESS + "#" + HexFormat.of().formatHex(random);
  }

  /** The part of an owner value shown in logs and errors: the process, not the random token. */
  static String shown(String owner) {
    int hash = owner.lastIndexOf('#');
    return hash < 0 ? "another holder" : owner.substring(0, hash);
  }

  private static String processName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      host = System.getenv("COMPUTERNAME");
    }
    if (host == null || host.isBlank()) {
      host = "host";
    }
    String name = ProcessHandle.current().pid() + "@" + host.trim().replace('#', '_');
    return name.length() > 120 ? name.substring(0, 120) : name;
  }

  private final class Lease implements GrantLock {
    private final GrantKey key;
    private final String lockKey;
    private final String owner;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(GrantKey key, String lockKey, String owner) {
      this.key = key;
      this.lockKey = lockKey;
      this.owner = owner;
    }

    @Override
    public GrantKey key() {
      return key;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(key, lockKey, owner);
      }
    }

    @Override
    public String toString() {
      return "RedisLease{" + key + ", owner=" + shown(owner) + '}';
    }
  }
}
