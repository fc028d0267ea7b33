package io.github.farolero.amocrm.store;

import io.github.farolero.amocrm.store.CompositeStoreException.MemberFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several token stores used as one, each a fallback for the others: the old "file, then env,
 * then database" triple backup, done right.
 *
 * <ul>
 *   <li><b>Reads</b> ask every member in order. A member that holds nothing is skipped; one that
 *       fails is recorded and skipped. The <em>newest</em> record wins (by
 *       {@link TokenRecord#RECENCY}: issue time, then version), not the first found, so a
 *       restored backup or an environment seed never shadows a newer token. If no member holds a
 *       record and any member failed, the read fails: "absent" is only claimed when every member
 *       answered.
 *   <li><b>Repair.</b> Writable members that are missing the winner or hold an older record get
 *       the winner written back, best effort (logged, reported to the {@link Listener}).
 *   <li><b>Writes</b> go to every writable member. By default a write succeeds if at least one
 *       durable member took it ({@link WritePolicy#AT_LEAST_ONE_DURABLE}; or {@link
 *       WritePolicy#ALL}). The member that provides the lock must always take it: it holds the
 *       record every other process re-reads after taking the lock.
 *   <li><b>The lock</b> comes from the member with the widest {@link LockScope}: a database lease
 *       over a file lock over an in-JVM lock. If that member cannot be reached, taking the lock
 *       fails rather than falling back to a narrower lock, unless {@link
 *       Builder#singleHost(boolean) a single-host deployment} was declared.
 *   <li>If every member fails, one {@link CompositeStoreException} carries every cause.
 * </ul>
 *
 * <p>Versions: a read returns the winner with the highest version any member holds, so the next
 * write (that version plus one) is newer than everything in every member.
 *
 * <p>Thread-safe if its members are.
 */
public final class CompositeTokenStore implements TokenStore {

  private static final Logger log = LoggerFactory.getLogger(CompositeTokenStore.class);

  /** When a write to the composite counts as done. */
  public enum WritePolicy {
    /** At least one durable member took the write (any member, if none is durable). */
    AT_LEAST_ONE_DURABLE,
    /** Every writable member took the write. */
    ALL
  }

  /** Hears about member failures the composite stepped over. */
  @FunctionalInterface
  public interface Listener {
    /** Ignores everything. */
    Listener NONE = (member, operation, key, error) -> { };

    /**
     * A member failed and the composite carried on without it. Called on the calling thread;
     * must not throw.
     *
     * @param member the member's name and traits
     * @param operation {@code "load"}, {@code "write"}, {@code "repair"}, {@code "delete"},
     *     {@code "keys"} or {@code "lock"}
     * @param key the grant, or null for {@code "keys"}
     * @param error what the member threw
     */
    void memberFailed(
        StoreInfo member, String operation, @Nullable GrantKey key, RuntimeException error);
  }

  private final List<TokenStore> members;
  private final WritePolicy writePolicy;
  private final boolean singleHost;
  private final Listener listener;
  private final StoreInfo info;
  /** Members offering a lock, widest scope first (stable among equals: member order). */
  private final List<TokenStore> lockMembers;
  private final @Nullable GrantLocker locker;

  private CompositeTokenStore(Builder builder) {
    this.members = List.copyOf(builder.members);
    this.writePolicy = builder.writePolicy;
    this.singleHost = builder.singleHost;
    this.listener = builder.listener;
    List<String> names = new ArrayList<>();
    boolean writable = false;
    boolean durable = false;
    for (TokenStore m : members) {
      StoreInfo i = m.info();
      names.add(i.name());
      writable |= i.writable();
      durable |= i.writable() && i.durable();
    }
    this.info = new StoreInfo("composite" + names, writable, durable);
    List<TokenStore> withLocks = new ArrayList<>();
    for (TokenStore m : members) {
      // A lock member must take every write (others re-read it under the lock), so only a
      // writable member's lock can serve.
      if (m.locker().isPresent() && m.info().writable()) {
        withLocks.add(m);
      }
    }
    withLocks.sort(
        Comparator.comparing((TokenStore m) -> m.locker().orElseThrow().scope()).reversed());
    this.lockMembers = List.copyOf(withLocks);
    this.locker = lockMembers.isEmpty() ? null : new CompositeLocker();
  }

  /**
   * Returns a composite of the given stores, in that order, with the default write policy.
   *
   * @param members the stores, most preferred first
   * @return the composite
   */
  public static CompositeTokenStore of(TokenStore... members) {
    Builder b = builder();
    for (TokenStore m : members) {
      b.add(m);
    }
    return b.build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the members, in order. */
  public List<TokenStore> members() {
    return members;
  }

  /**
   * Returns true if the deployment was declared single-host: then, while the widest lock's member
   * is down, the next-widest lock serves.
   *
   * @return whether the deployment is single-host
   */
  public boolean singleHost() {
    return singleHost;
  }

  /**
   * Returns the member whose lock the composite takes: the writable member with the widest lock
   * scope (a database over a file over this JVM), or empty if no member offers a lock. A refresh
   * that falls due while this member is down fails (unless the deployment is single-host).
   *
   * @return the lock member, or empty
   */
  public Optional<TokenStore> lockMember() {
    return lockMembers.isEmpty() ? Optional.empty() : Optional.of(lockMembers.get(0));
  }

  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    List<MemberFailure> failures = new ArrayList<>();
    List<TokenStore> answered = new ArrayList<>();
    List<@Nullable TokenRecord> held = new ArrayList<>();
    for (TokenStore m : members) {
      try {
        held.add(m.load(key).orElse(null));
        answered.add(m);
      } catch (RuntimeException e) {
        failures.add(new MemberFailure(m.info().name(), e));
        report(m, "load", key, e);
      }
    }
    TokenRecord winner = null;
    long maxVersion = 0;
    for (TokenRecord r : held) {
      if (r != null) {
        maxVersion = Math.max(maxVersion, r.version());
        if (winner == null || TokenRecord.RECENCY.compare(r, winner) > 0) {
          winner = r;
        }
      }
    }
    if (winner == null) {
      if (failures.isEmpty()) {
        return Optional.empty();
      }
      throw new CompositeStoreException("load " + key, failures);
    }
    return Optional.of(repair(key, winner, maxVersion, answered, held));
  }

  /** Writes the winner back to members that miss it or hold an older record. */
  private TokenRecord repair(
      GrantKey key,
      TokenRecord winner,
      long maxVersion,
      List<TokenStore> answered,
      List<@Nullable TokenRecord> held) {
    List<TokenStore> stale = new ArrayList<>();
    for (int i = 0; i < answered.size(); i++) {
      TokenStore m = answered.get(i);
      TokenRecord r = held.get(i);
      if (m.info().writable() && !winner.sameTokens(r)) {
        stale.add(m);
      }
    }
    if (stale.isEmpty()) {
      return winner.withVersion(maxVersion);
    }
    // One above everything read, so the repair is newer than whatever each stale member holds.
    TokenRecord repaired = winner.withVersion(maxVersion + 1);
    boolean anyRepaired = false;
    for (TokenStore m : stale) {
      try {
        m.write(repaired);
        anyRepaired = true;
        log.info("repaired {} in token store {} (version {})", key, m.info().name(),
            repaired.version());
      } catch (TokenVersionConflictException e) {
        // Someone wrote meanwhile; their record is at least as new. The next read sorts it out.
        log.debug("skipped repair of {} in {}: {}", key, m.info().name(), e.getMessage());
      } catch (RuntimeException e) {
        report(m, "repair", key, e);
      }
    }
    return anyRepaired ? repaired : winner.withVersion(maxVersion);
  }

  @Override
  public void write(TokenRecord record) {
    Objects.requireNonNull(record, "record == null");
    GrantKey key = record.key();
    List<MemberFailure> failures = new ArrayList<>();
    TokenVersionConflictException conflict = null;
    TokenVersionConflictException lockMemberConflict = null;
    boolean requiredLockMemberOk = lockMembers.isEmpty();
    int written = 0;
    int writtenDurable = 0;
    int writable = 0;
    for (TokenStore m : members) {
      StoreInfo mi = m.info();
      if (!mi.writable()) {
        continue;
      }
      writable++;
      try {
        m.write(record);
        written++;
        if (mi.durable()) {
          writtenDurable++;
        }
        if (isRequiredLockMember(m)) {
          requiredLockMemberOk = true;
        }
      } catch (TokenVersionConflictException e) {
        failures.add(new MemberFailure(mi.name(), e));
        if (conflict == null) {
          conflict = e;
        }
        if (!lockMembers.isEmpty() && m == lockMembers.get(0)) {
          lockMemberConflict = e;
        }
      } catch (RuntimeException e) {
        failures.add(new MemberFailure(mi.name(), e));
        report(m, "write", key, e);
      }
    }
    if (writable == 0) {
      throw new TokenStoreException("composite store " + info.name() + " has no writable member");
    }
    boolean policyMet = switch (writePolicy) {
      case ALL -> written == writable;
      case AT_LEAST_ONE_DURABLE -> info.durable() ? writtenDurable > 0 : written > 0;
    };
    if (policyMet && requiredLockMemberOk) {
      for (MemberFailure f : failures) {
        if (f.cause() instanceof TokenVersionConflictException) {
          log.info("token store {} kept a newer record of {}: {}", f.store(), key,
              f.cause().getMessage());
        }
      }
      return;
    }
    if (lockMemberConflict != null) {
      throw lockMemberConflict;
    }
    if (conflict != null && failures.stream()
        .allMatch(f -> f.cause() instanceof TokenVersionConflictException)) {
      throw conflict;
    }
    throw new CompositeStoreException("write " + key + " (version " + record.version() + ")",
        failures);
  }

  /**
   * The member whose write is mandatory: the widest lock's owner; in a single-host deployment
   * any member offering a lock (the narrower one may be serving while the wider is down).
   */
  private boolean isRequiredLockMember(TokenStore m) {
    return singleHost ? lockMembers.contains(m) : !lockMembers.isEmpty() && lockMembers.get(0) == m;
  }

  @Override
  public boolean delete(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    boolean deleted = false;
    int writable = 0;
    List<MemberFailure> failures = new ArrayList<>();
    for (TokenStore m : members) {
      if (!m.info().writable()) {
        continue;
      }
      writable++;
      try {
        deleted |= m.delete(key);
      } catch (RuntimeException e) {
        failures.add(new MemberFailure(m.info().name(), e));
        report(m, "delete", key, e);
      }
    }
    if (!failures.isEmpty()) {
      throw new CompositeStoreException("delete " + key, failures);
    }
    return deleted;
  }

  @Override
  public List<GrantKey> keys() {
    Set<GrantKey> keys = new LinkedHashSet<>();
    List<MemberFailure> failures = new ArrayList<>();
    for (TokenStore m : members) {
      try {
        keys.addAll(m.keys());
      } catch (RuntimeException e) {
        failures.add(new MemberFailure(m.info().name(), e));
        report(m, "keys", null, e);
      }
    }
    if (!failures.isEmpty()) {
      throw new CompositeStoreException("keys", failures);
    }
    return List.copyOf(keys);
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  @Override
  public Optional<GrantLocker> locker() {
    return Optional.ofNullable(locker);
  }

  @Override
  public String toString() {
    return "CompositeTokenStore{" + info.name() + ", " + writePolicy
        + (singleHost ? ", singleHost" : "") + '}';
  }

  private void report(TokenStore m, String operation, @Nullable GrantKey key, RuntimeException e) {
    log.warn("token store {} failed to {} {}: {}", m.info().name(), operation,
        key == null ? "" : key, e.toString());
    try {
      listener.memberFailed(m.info(), operation, key, e);
    } catch (RuntimeException listenerFailure) {
      log.warn("composite store listener threw", listenerFailure);
    }
  }

  /** The widest member lock; narrower ones only in a declared single-host deployment. */
  private final class CompositeLocker implements GrantLocker {
    @Override
    public LockScope scope() {
      return lockMembers.get(0).locker().orElseThrow().scope();
    }

    @Override
    public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
      List<MemberFailure> failures = new ArrayList<>();
      for (TokenStore m : lockMembers) {
        try {
          return m.locker().orElseThrow().acquire(key, lease, maxWait);
        } catch (LockTimeoutException e) {
          throw e; // held by someone else: waiting longer elsewhere would not be safer
        } catch (RuntimeException e) {
          failures.add(new MemberFailure(m.info().name(), e));
          report(m, "lock", key, e);
          if (!singleHost) {
            throw new CompositeStoreException("lock " + key + " (the widest lock, in "
                + m.info().name() + ", is unavailable; not falling back to a narrower lock"
                + " because the deployment is not declared single-host)", failures);
          }
        }
      }
      throw new CompositeStoreException("lock " + key, failures);
    }
  }

  /** Builds a {@link CompositeTokenStore}. Not thread-safe. */
  public static final class Builder {
    private final List<TokenStore> members = new ArrayList<>();
    private WritePolicy writePolicy = WritePolicy.AT_LEAST_ONE_DURABLE;
    private boolean singleHost;
    private Listener listener = Listener.NONE;

    private Builder() {}

    /**
     * Appends a member; reads ask members in the order they were added.
     *
     * @param store the member
     * @return this builder
     */
    public Builder add(TokenStore store) {
      Objects.requireNonNull(store, "store == null");
      if (members.stream().anyMatch(m -> m == store)) {
        throw new IllegalArgumentException("store added twice: " + store.info().name());
      }
      members.add(store);
      return this;
    }

    /**
     * Sets when a write counts as done. Default {@link WritePolicy#AT_LEAST_ONE_DURABLE}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder writePolicy(WritePolicy policy) {
      this.writePolicy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /**
     * Declares that every process sharing these stores runs on one host, so that when the
     * widest lock's member is down a narrower lock (a file lock) may serve. Default false: in a
     * cluster a narrower lock would let two hosts refresh at once.
     *
     * @param singleHost true for a single-host deployment
     * @return this builder
     */
    public Builder singleHost(boolean singleHost) {
      this.singleHost = singleHost;
      return this;
    }

    /**
     * Sets who hears about member failures. Default {@link Listener#NONE} (failures are logged
     * either way).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Builds the composite.
     *
     * @return the composite
     * @throws IllegalStateException if no member was added
     */
    public CompositeTokenStore build() {
      if (members.isEmpty()) {
        throw new IllegalStateException("no member stores were added");
      }
      return new CompositeTokenStore(this);
    }
  }
}
