package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenRefreshException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Invariant 2 (save before use, never swallow a failed save) and the composite's lock rules. */
class StoreFailureTest {

  private final int[] apiCallsAtRefresh = {0};

  static final class Events implements TokenListener {
    final List<RuntimeException> writeFailures = new CopyOnWriteArrayList<>();
    final List<AmoCrmException> refreshFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onStoreWriteFailed(GrantKey key, RuntimeException error) {
      writeFailures.add(error);
    }

    @Override
    public void onRefreshFailed(GrantKey key, AmoCrmException error) {
      refreshFailures.add(error);
    }
  }

  @Test
  void theNewPairIsSavedBeforeItIsUsed() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore real = new InMemoryTokenStore();
      AtomicBoolean usedBeforeSaved = new AtomicBoolean();
      // On every write, check the mock has not yet seen the new access token used.
      StoreWrappers.Forwarding store = new StoreWrappers.Forwarding(real) {
        @Override
        public void write(TokenRecord record) {
          if (f.amo.apiCalls() > apiCallsAtRefresh[0]) {
            usedBeforeSaved.set(true);
          }
          super.write(record);
        }
      };
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = real.load(f.amo.grantKey()).orElseThrow();
      f.clock.set(r.expiresAt());
      apiCallsAtRefresh[0] = f.amo.apiCalls();
      client.account();
      assertThat(usedBeforeSaved).isFalse();
      assertThat(real.load(f.amo.grantKey()).orElseThrow().sameTokens(r)).isFalse();
    }
  }

  @Test
  void aFailedSaveIsReportedKeptInMemoryAndSavedLater() throws InterruptedException {
    try (Fixture f = new Fixture()) {
      StoreWrappers.Failing store =
          new StoreWrappers.Failing(new InMemoryTokenStore(), "flaky", true);
      Events events = new Events();
      AmoCrmClient client = f.client(store, events);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();

      store.failWrites.set(true);
      f.clock.set(r.expiresAt().plusSeconds(1));
      assertThat(client.account().name()).isEqualTo("Mock account"); // the new pair serves
      assertThat(store.attempted.size()).as("attempts incl. the authorize").isGreaterThan(3);
      assertThat(events.writeFailures).hasSize(1);
      assertThat(store.load(f.amo.grantKey())).contains(r); // old record untouched
      assertThat(client.tokens().status().orElseThrow().version()).isEqualTo(r.version() + 1);

      store.failWrites.set(false);
      client.account(); // too soon: the pending save is retried at most every 5 s
      assertThat(store.load(f.amo.grantKey())).contains(r);
      f.clock.advance(Duration.ofSeconds(5));
      client.account(); // this call starts the pending pair's save, in the background
      TokenRecord saved = awaitSaved(store, r);
      assertThat(saved.sameTokens(r)).isFalse();
      assertThat(f.amo.isRefreshTokenLive(saved.refreshToken())).isTrue();
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
    }
  }

  /** Waits (bounded) until the store holds another pair than {@code old}. */
  private static TokenRecord awaitSaved(TokenStore store, TokenRecord old)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      TokenRecord now = store.load(old.key()).orElseThrow();
      if (!now.sameTokens(old)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the pending pair was not saved within a minute");
      }
      Thread.sleep(5);
    }
  }

  /** A member whose lock reaches the cluster and which can go down, like a database. */
  static final class FakeDatabase extends StoreWrappers.Forwarding {
    final AtomicBoolean down = new AtomicBoolean();
    private final InMemoryTokenStore inner;

    FakeDatabase(InMemoryTokenStore inner) {
      super(inner);
      this.inner = inner;
    }

    private void check() {
      if (down.get()) {
        throw new TokenStoreException("database is down (test)");
      }
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      check();
      return super.load(key);
    }

    @Override
    public void write(TokenRecord record) {
      check();
      super.write(record);
    }

    @Override
    public io.github.farolero.amocrm.store.StoreInfo info() {
      return new io.github.farolero.amocrm.store.StoreInfo("fake-db", true, true);
    }

    @Override
    public Optional<GrantLocker> locker() {
      GrantLocker jvm = inner.locker().orElseThrow();
      return Optional.of(new GrantLocker() {
        @Override
        public LockScope scope() {
          return LockScope.CLUSTER;
        }

        @Override
        public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
          check();
          return jvm.acquire(key, lease, maxWait);
        }
      });
    }
  }

  /** A member with a host-wide lock, like a file store. */
  static final class FakeFile extends StoreWrappers.Forwarding {
    FakeFile(InMemoryTokenStore inner) {
      super(inner);
    }

    @Override
    public io.github.farolero.amocrm.store.StoreInfo info() {
      return new io.github.farolero.amocrm.store.StoreInfo("fake-file", true, true);
    }

    @Override
    public Optional<GrantLocker> locker() {
      GrantLocker jvm = delegate.locker().orElseThrow();
      return Optional.of(new GrantLocker() {
        @Override
        public LockScope scope() {
          return LockScope.HOST;
        }

        @Override
        public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
          return jvm.acquire(key, lease, maxWait);
        }
      });
    }
  }

  @Test
  void withTheClusterLockDownADueRefreshFailsClearlyWhileTheValidTokenServes() {
    try (Fixture f = new Fixture()) {
      FakeFile file = new FakeFile(new InMemoryTokenStore());
      FakeDatabase db = new FakeDatabase(new InMemoryTokenStore());
      CompositeTokenStore store = CompositeTokenStore.of(file, db); // file first, DB locks
      assertThat(store.locker().orElseThrow().scope()).isEqualTo(LockScope.CLUSTER);
      Events events = new Events();
      AmoCrmClient client = f.client(store, events);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = file.load(f.amo.grantKey()).orElseThrow();

      db.down.set(true);
      f.clock.set(r.expiresAt().minusSeconds(30)); // mandatory window, still valid
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.refreshCalls()).as("no refresh under a narrower lock").isZero();
      assertThat(events.refreshFailures).isNotEmpty();
      assertThat(events.refreshFailures.get(0)).hasMessageContaining("fake-db");

      f.clock.set(r.expiresAt().plusSeconds(1)); // now expired: the failure surfaces
      assertThatThrownBy(client::account)
          .isInstanceOf(TokenRefreshException.class)
          .hasMessageContaining("not falling back to a narrower lock");
      assertThat(f.amo.refreshCalls()).isZero();

      db.down.set(false); // the database returns: the refresh goes through, both members get it
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      assertThat(db.load(f.amo.grantKey())).isEqualTo(file.load(f.amo.grantKey()));
    }
  }

  @Test
  void aDeclaredSingleHostDeploymentFallsBackToTheFileLock() {
    try (Fixture f = new Fixture()) {
      FakeFile file = new FakeFile(new InMemoryTokenStore());
      FakeDatabase db = new FakeDatabase(new InMemoryTokenStore());
      CompositeTokenStore store =
          CompositeTokenStore.builder().add(file).add(db).singleHost(true).build();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = file.load(f.amo.grantKey()).orElseThrow();

      db.down.set(true);
      f.clock.set(r.expiresAt().plusSeconds(1));
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      TokenRecord saved = file.load(f.amo.grantKey()).orElseThrow();
      assertThat(saved.sameTokens(r)).isFalse();

      db.down.set(false); // the next read repairs the database
      assertThat(store.load(f.amo.grantKey()).orElseThrow().sameTokens(saved)).isTrue();
      assertThat(db.load(f.amo.grantKey()).orElseThrow().sameTokens(saved)).isTrue();
    }
  }
}
