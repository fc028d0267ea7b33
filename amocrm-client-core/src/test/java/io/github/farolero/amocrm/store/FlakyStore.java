package io.github.farolero.amocrm.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A member store for composite tests: an {@link InMemoryTokenStore} whose traits (writable,
 * durable, lock scope) are set by the test, and whose operations fail on command.
 */
final class FlakyStore implements TokenStore {

  private final InMemoryTokenStore inner = new InMemoryTokenStore();
  private final StoreInfo info;
  private final @Nullable LockScope lockScope;

  volatile boolean failLoads;
  volatile boolean failWrites;
  volatile boolean failDeletes;
  volatile boolean failKeys;
  volatile boolean failLocks;
  volatile boolean lockTimesOut;

  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger writeAttempts = new AtomicInteger();
  final AtomicInteger lockAcquisitions = new AtomicInteger();
  final AtomicInteger lockAttempts = new AtomicInteger();

  private FlakyStore(String name, boolean writable, boolean durable, @Nullable LockScope scope) {
    this.info = new StoreInfo(name, writable, durable);
    this.lockScope = scope;
  }

  /** A writable, durable store without a lock (like a file store with locking off). */
  static FlakyStore durable(String name) {
    return new FlakyStore(name, true, true, null);
  }

  /** A writable store that does not outlive the process. */
  static FlakyStore memory(String name) {
    return new FlakyStore(name, true, false, null);
  }

  /** A read-only seed, like the environment. */
  static FlakyStore readOnly(String name) {
    return new FlakyStore(name, false, true, null);
  }

  /** A writable, durable store offering a lock of the given reach. */
  static FlakyStore locking(String name, LockScope scope) {
    return new FlakyStore(name, true, true, scope);
  }

  static FlakyStore of(String name, boolean writable, boolean durable,
      @Nullable LockScope scope) {
    return new FlakyStore(name, writable, durable, scope);
  }

  /** Puts a record in place whatever it held before, bypassing failures and read-only-ness. */
  FlakyStore seed(TokenRecord r) {
    inner.delete(r.key());
    inner.write(r);
    return this;
  }

  /** What the store holds, bypassing failures. */
  Optional<TokenRecord> peek(GrantKey key) {
    return inner.load(key);
  }

  /** Loses everything (a wiped volume, a restored empty database). */
  void wipe() {
    for (GrantKey k : inner.keys()) {
      inner.delete(k);
    }
  }

  void down(boolean down) {
    failLoads = down;
    failWrites = down;
    failDeletes = down;
    failKeys = down;
    failLocks = down;
  }

  boolean isDown() {
    return failLoads && failWrites;
  }

  private TokenStoreException failure(String op) {
    return new TokenStoreException(info.name() + " is down (" + op + ")");
  }

  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    if (failLoads) {
      throw failure("load");
    }
    return inner.load(key);
  }

  @Override
  public void write(TokenRecord record) {
    writeAttempts.incrementAndGet();
    if (!info.writable()) {
      throw new TokenStoreException(info.name() + " is read-only");
    }
    if (failWrites) {
      throw failure("write");
    }
    inner.write(record);
    writes.incrementAndGet();
  }

  @Override
  public boolean delete(GrantKey key) {
    if (!info.writable()) {
      throw new TokenStoreException(info.name() + " is read-only");
    }
    if (failDeletes) {
      throw failure("delete");
    }
    return inner.delete(key);
  }

  @Override
  public List<GrantKey> keys() {
    if (failKeys) {
      throw failure("keys");
    }
    return inner.keys();
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  @Override
  public Optional<GrantLocker> locker() {
    if (lockScope == null) {
      return Optional.empty();
    }
    return Optional.of(new GrantLocker() {
      @Override
      public LockScope scope() {
        return lockScope;
      }

      @Override
      public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
        lockAttempts.incrementAndGet();
        if (failLocks) {
          throw failure("lock");
        }
        if (lockTimesOut) {
          throw new LockTimeoutException("lock of " + key + " in " + info.name()
              + " still held after waiting " + maxWait);
        }
        GrantLock held = inner.locker().orElseThrow().acquire(key, lease, maxWait);
        lockAcquisitions.incrementAndGet();
        return held;
      }
    });
  }

  @Override
  public String toString() {
    return "FlakyStore{" + info.name() + '}';
  }
}
