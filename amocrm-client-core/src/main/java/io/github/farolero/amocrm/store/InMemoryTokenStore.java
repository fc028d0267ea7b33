package io.github.farolero.amocrm.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStore} in this JVM's memory, with a per-grant lock for this JVM. Not durable:
 * everything is gone when the process ends. For tests, for a long-lived token passed in code,
 * and as a member of a {@link CompositeTokenStore}.
 *
 * <p>Thread-safe.
 */
public final class InMemoryTokenStore implements TokenStore {

  private final ConcurrentHashMap<GrantKey, TokenRecord> records = new ConcurrentHashMap<>();
  private final LeasedLocks locks = new LeasedLocks();
  private final StoreInfo info;
  private final GrantLocker locker = new GrantLocker() {
    @Override
    public LockScope scope() {
      return LockScope.JVM;
    }

    @Override
    public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
      return locks.acquire(key, lease, maxWait, info.name());
    }
  };

  /** Creates an empty store named {@code memory}. */
  public InMemoryTokenStore() {
    this("memory");
  }

  /**
   * Creates an empty store.
   *
   * @param name the name used in logs and errors
   */
  public InMemoryTokenStore(String name) {
    this.info = new StoreInfo(name, true, false);
  }

  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    return Optional.ofNullable(records.get(Objects.requireNonNull(key, "key == null")));
  }

  @Override
  public void write(TokenRecord record) {
    Objects.requireNonNull(record, "record == null");
    records.compute(record.key(), (key, stored) -> {
      if (stored != null && stored.version() >= record.version()) {
        throw new TokenVersionConflictException(
            info.name(), key, record.version(), stored.version());
      }
      return record;
    });
  }

  @Override
  public boolean delete(GrantKey key) {
    return records.remove(Objects.requireNonNull(key, "key == null")) != null;
  }

  @Override
  public List<GrantKey> keys() {
    return List.copyOf(records.keySet());
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  @Override
  public Optional<GrantLocker> locker() {
    return Optional.of(locker);
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore{" + info.name() + ", grants=" + records.size() + '}';
  }
}
