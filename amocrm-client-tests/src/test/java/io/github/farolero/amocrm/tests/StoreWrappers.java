package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Test doubles that wrap a real store to bend one behaviour. */
final class StoreWrappers {
  private StoreWrappers() {}

  /** Delegates everything. */
  static class Forwarding implements TokenStore {
    final TokenStore delegate;

    Forwarding(TokenStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      return delegate.load(key);
    }

    @Override
    public void write(TokenRecord record) {
      delegate.write(record);
    }

    @Override
    public boolean delete(GrantKey key) {
      return delegate.delete(key);
    }

    @Override
    public List<GrantKey> keys() {
      return delegate.keys();
    }

    @Override
    public StoreInfo info() {
      return delegate.info();
    }

    @Override
    public Optional<GrantLocker> locker() {
      return delegate.locker();
    }
  }

  /** Hides the delegate's lock: a store that does not coordinate. */
  static final class NoLock extends Forwarding {
    NoLock(TokenStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<GrantLocker> locker() {
      return Optional.empty();
    }
  }

  /**
   * A lagging replica: the next load returns a stale snapshot once, as a read that raced another
   * process's write would. Offers no lock.
   */
  static final class Lagging extends Forwarding {
    private final AtomicReference<TokenRecord> staleOnce = new AtomicReference<>();

    Lagging(TokenStore delegate) {
      super(delegate);
    }

    void lagOnce(TokenRecord stale) {
      staleOnce.set(stale);
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      TokenRecord stale = staleOnce.getAndSet(null);
      return stale != null ? Optional.of(stale) : delegate.load(key);
    }

    @Override
    public Optional<GrantLocker> locker() {
      return Optional.empty();
    }
  }

  /** Fails writes (or everything) while switched on; keeps every record it was asked to write. */
  static final class Failing extends Forwarding {
    final AtomicBoolean failWrites = new AtomicBoolean();
    final AtomicBoolean failAll = new AtomicBoolean();
    final List<TokenRecord> attempted = new CopyOnWriteArrayList<>();
    private final StoreInfo info;

    Failing(TokenStore delegate, String name, boolean durable) {
      super(delegate);
      this.info = new StoreInfo(name, true, durable);
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      if (failAll.get()) {
        throw new TokenStoreException("store " + info.name() + " is down (test)");
      }
      return delegate.load(key);
    }

    @Override
    public void write(TokenRecord record) {
      attempted.add(record);
      if (failAll.get() || failWrites.get()) {
        throw new TokenStoreException("store " + info.name() + " refused a write (test)");
      }
      delegate.write(record);
    }

    @Override
    public StoreInfo info() {
      return info;
    }
  }
}
