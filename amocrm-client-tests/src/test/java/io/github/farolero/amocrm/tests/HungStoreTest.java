package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenRefreshException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenStoreTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Must-show "Hung store" (issue 8, invariant 2: every wait is bounded and ends in a typed
 * exception). A store whose {@code load}, {@code write} or lock acquisition never returns (until
 * the test lets it) must not hold any caller: API callers past expiry or in the mandatory window,
 * {@code tokens().refresh()} and {@code tokens().authorize(code)} each end within their bound, and
 * once the store answers again the client works.
 *
 * <p>What each caller gets, by what hangs:
 *
 * <table>
 *   <tr><th></th><th>load hangs</th><th>write hangs</th><th>lock hangs</th></tr>
 *   <tr><td>API call past expiry</td><td>TokenRefreshException (cause TokenStoreTimeoutException)
 *       </td><td>served: the new pair is kept in memory, onStoreWriteFailed(timeout)</td>
 *       <td>TokenRefreshException (cause TokenStoreTimeoutException); no refresh unlocked</td></tr>
 *   <tr><td>API call in the mandatory window</td><td colspan="3">served by the still-valid token
 *       (invariant 7: the due refresh failed softly, onRefreshFailed / onStoreWriteFailed)</td></tr>
 *   <tr><td>API call, nothing read yet</td><td>TokenStoreTimeoutException</td><td></td><td></td>
 *       </tr>
 *   <tr><td>refresh()</td><td>TokenRefreshException (cause TokenStoreTimeoutException)</td>
 *       <td>TokenStoreException (cause TokenStoreTimeoutException): never a success for a pair
 *       that is not stored</td><td>TokenRefreshException (cause TokenStoreTimeoutException)</td>
 *       </tr>
 *   <tr><td>authorize(code)</td><td>succeeds: the unreadable record is only a version hint, the
 *       write decides</td><td>TokenStoreException (cause TokenStoreTimeoutException)</td>
 *       <td>TokenStoreTimeoutException, the code unused; LockTimeoutException if it waits behind
 *       this process's own stuck refresh</td></tr>
 * </table>
 *
 * <p>And when the release of the store's lock ({@code GrantLock.close()}) never returns, after
 * the pair was saved: every caller gets the saved pair, not a failure after the flight's bound.
 *
 * <p>The test's own waits are bounded generously (60 s), so a regression fails instead of
 * hanging; nothing asserts on elapsed time.
 */
class HungStoreTest {

  private static final Duration STORE_TIMEOUT = Duration.ofMillis(200);
  private static final Duration LOCK_WAIT = Duration.ofMillis(200);
  private static final long BOUND_SECONDS = 60;
  private static final int THREADS = 8;

  private final List<Hanging> stores = new CopyOnWriteArrayList<>();

  @AfterEach
  void releaseEveryHungCall() {
    for (Hanging s : stores) {
      s.recover();
    }
  }

  /** What a hung store is stuck in. */
  enum Stuck { LOAD, WRITE, LOCK, UNLOCK }

  /**
   * Wraps an in-memory store; while {@link #hang hung}, the chosen operation blocks until {@link
   * #recover} (or the test ends).
   */
  static final class Hanging extends StoreWrappers.Forwarding {
    private volatile Stuck stuck;
    private final CountDownLatch released = new CountDownLatch(1);
    final AtomicInteger hungCalls = new AtomicInteger();
    final AtomicInteger stillHung = new AtomicInteger();

    Hanging(InMemoryTokenStore delegate) {
      super(delegate);
    }

    void hang(Stuck what) {
      stuck = what;
    }

    void recover() {
      stuck = null;
      released.countDown();
    }

    /** Runs {@code op}, first waiting for {@link #recover} if {@code what} is hung. */
    private <T> T around(Stuck what, Supplier<T> op) {
      if (stuck != what) {
        return op.get();
      }
      hungCalls.incrementAndGet();
      stillHung.incrementAndGet();
      try {
        // "Never" returns: only the test's recover() (or, as a last resort, 10 minutes) ends it.
        if (!released.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("hung store never released");
        }
        return op.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the engine interrupted a store call", e);
      } finally {
        stillHung.decrementAndGet(); // after op: a released lock is free once this is 0
      }
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      return around(Stuck.LOAD, () -> super.load(key));
    }

    @Override
    public void write(TokenRecord record) {
      around(Stuck.WRITE, () -> {
        super.write(record);
        return null;
      });
    }

    @Override
    public Optional<GrantLocker> locker() {
      GrantLocker inner = delegate.locker().orElseThrow();
      return Optional.of(new GrantLocker() {
        @Override
        public LockScope scope() {
          return inner.scope();
        }

        @Override
        public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
          GrantLock held = around(Stuck.LOCK, () -> inner.acquire(key, lease, maxWait));
          return new GrantLock() {
            @Override
            public GrantKey key() {
              return held.key();
            }

            @Override
            public void close() {
              around(Stuck.UNLOCK, () -> {
                held.close();
                return null;
              });
            }
          };
        }
      });
    }
  }

  static final class Events implements TokenListener {
    final List<AmoCrmException> refreshFailures = new CopyOnWriteArrayList<>();
    final List<RuntimeException> writeFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onRefreshFailed(GrantKey key, AmoCrmException error) {
      refreshFailures.add(error);
    }

    @Override
    public void onStoreWriteFailed(GrantKey key, RuntimeException error) {
      writeFailures.add(error);
    }
  }

  /** A mock, a hanging store holding an authorized pair, and a client that has read it. */
  private final class Setup implements AutoCloseable {
    final Fixture f = new Fixture();
    final Hanging store = new Hanging(new InMemoryTokenStore());
    final Events events = new Events();
    final AmoCrmClient client;
    final TokenRecord authorized;

    Setup() {
      this(RefreshPolicy.builder().storeTimeout(STORE_TIMEOUT).lockWait(LOCK_WAIT).build());
    }

    Setup(RefreshPolicy policy) {
      stores.add(store);
      client = client(policy);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      client.account(); // warm: the client holds the record in memory
      authorized = store.load(f.amo.grantKey()).orElseThrow();
    }

    AmoCrmClient client(RefreshPolicy policy) {
      return f.clientBuilder(store).refreshPolicy(policy).tokenListener(events)
          .sleeper(new RecordingSleeper()).build();
    }

    void pastExpiry() {
      f.clock.set(authorized.expiresAt().plusSeconds(1));
    }

    void inTheMandatoryWindow() {
      f.clock.set(authorized.expiresAt().minusSeconds(30));
    }

    /**
     * The store answers again: once the calls stuck in it have returned, the client serves and
     * refreshes, and the store holds the newest pair amoCRM issued.
     */
    void recoverAndCheck() throws InterruptedException {
      store.recover();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
      while (store.stillHung.get() > 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(5); // the released calls finish on their own threads
      }
      awaitWorking(client);
      client.tokens().refresh();
      TokenRecord stored = store.load(f.amo.grantKey()).orElseThrow();
      TokenRecord latest = f.amo.latestIssuedTokens().orElseThrow()
          .toRecord(f.amo.grantKey(), stored.version());
      assertThat(stored.sameTokens(latest)).as("the store holds the newest pair: %s vs %s",
          stored, latest).isTrue();
      assertThat(f.amo.isRefreshTokenLive(stored.refreshToken())).isTrue();
      assertThat(f.amo.revokedRefreshes()).isZero();
    }

    /**
     * Waits until {@code c} serves again. Calls that overran their deadline return on their own
     * threads just after the release, and until they have, the engine does not ask the store
     * again (it would only pile up threads on a hung store): so this polls, bounded.
     */
    void awaitWorking(AmoCrmClient c) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
      while (true) {
        try {
          assertThat(c.account().name()).isEqualTo("Mock account");
          return;
        } catch (TokenStoreTimeoutException | TokenRefreshException e) {
          if (System.nanoTime() - deadline > 0) {
            throw new AssertionError("the client did not work again after the store recovered",
                e);
          }
          Thread.sleep(20);
        }
      }
    }

    @Override
    public void close() {
      store.recover();
      f.close();
    }
  }

  /** Runs {@code call} on {@code n} threads at once; returns what each returned or threw. */
  private static List<Object> concurrently(int n, Callable<?> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          go.await();
          try {
            return call.call();
          } catch (Exception e) {
            return e;
          }
        }));
      }
      go.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> fut : futures) {
        outcomes.add(fut.get(BOUND_SECONDS, TimeUnit.SECONDS)); // a hung caller fails here
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void allRefreshFailedOnATimeout(List<Object> outcomes) {
    assertThat(outcomes).hasSize(THREADS).allSatisfy(o -> assertThat(o)
        .isInstanceOf(TokenRefreshException.class)
        .extracting(t -> ((Throwable) t).getCause())
        .isInstanceOf(TokenStoreTimeoutException.class));
  }

  private static void allServed(List<Object> outcomes) {
    assertThat(outcomes).hasSize(THREADS).allSatisfy(o -> assertThat(o)
        .isInstanceOf(io.github.farolero.amocrm.model.Account.class));
  }

  // ---------------------------------------------------------------------------------------------
  // load() never returns.

  @Test
  void loadHangs_apiCallsPastExpiryFailWithTokenRefreshException() throws Exception {
    try (Setup s = new Setup()) {
      s.pastExpiry();
      s.store.hang(Stuck.LOAD);
      allRefreshFailedOnATimeout(concurrently(THREADS, s.client::account));
      assertThat(s.f.amo.refreshCalls()).isZero();
      assertThat(s.store.hungCalls).hasPositiveValue();
      s.recoverAndCheck();
    }
  }

  @Test
  void loadHangs_apiCallsInTheMandatoryWindowAreServedByTheValidToken() throws Exception {
    try (Setup s = new Setup()) {
      s.inTheMandatoryWindow();
      s.store.hang(Stuck.LOAD);
      allServed(concurrently(THREADS, s.client::account));
      assertThat(s.f.amo.refreshCalls()).isZero();
      assertThat(s.events.refreshFailures).isNotEmpty().allSatisfy(e ->
          assertThat(e).hasCauseInstanceOf(TokenStoreTimeoutException.class));
      s.recoverAndCheck();
    }
  }

  @Test
  void loadHangs_aClientThatHasReadNothingYetFailsWithTokenStoreTimeoutException()
      throws Exception {
    try (Setup s = new Setup()) {
      s.pastExpiry();
      s.store.hang(Stuck.LOAD);
      AmoCrmClient restarted = s.client(
          RefreshPolicy.builder().storeTimeout(STORE_TIMEOUT).lockWait(LOCK_WAIT).build());
      assertThat(concurrently(THREADS, restarted::account)).allSatisfy(o ->
          assertThat(o).isInstanceOf(TokenStoreTimeoutException.class));
      assertThat(s.f.amo.tokenEndpointCalls()).isEqualTo(1); // the authorization only
      s.recoverAndCheck();
      s.awaitWorking(restarted);
    }
  }

  @Test
  void loadHangs_refreshFailsWithTokenRefreshException() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.LOAD);
      Throwable t = bounded(() -> s.client.tokens().refresh());
      assertThat(t).isInstanceOf(TokenRefreshException.class)
          .hasCauseInstanceOf(TokenStoreTimeoutException.class);
      assertThat(s.f.amo.refreshCalls()).isZero();
      s.recoverAndCheck();
    }
  }

  @Test
  void loadHangs_authorizeSucceedsTheWriteDecides() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.LOAD);
      Throwable t = bounded(() -> s.client.tokens().authorize(s.f.amo.issueAuthorizationCode()));
      assertThat(t).isNull();
      TokenRecord stored = ((InMemoryTokenStore) s.store.delegate).load(s.f.amo.grantKey())
          .orElseThrow();
      assertThat(stored.sameTokens(s.f.amo.latestIssuedTokens().orElseThrow().toRecord()))
          .isTrue();
      s.recoverAndCheck();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // write() never returns.

  @Test
  void writeHangs_apiCallsPastExpiryAreServedByThePairKeptInMemory() throws Exception {
    try (Setup s = new Setup()) {
      s.pastExpiry();
      s.store.hang(Stuck.WRITE);
      allServed(concurrently(THREADS, s.client::account));
      assertThat(s.f.amo.refreshCalls()).isEqualTo(1);
      assertThat(s.events.writeFailures).hasSize(1).allSatisfy(e ->
          assertThat(e).isInstanceOf(TokenStoreTimeoutException.class));
      assertThat(s.store.hungCalls).hasValue(1); // a timed-out write is not tried again at once
      s.recoverAndCheck();
    }
  }

  @Test
  void writeHangs_apiCallsInTheMandatoryWindowAreServed() throws Exception {
    try (Setup s = new Setup()) {
      s.inTheMandatoryWindow();
      s.store.hang(Stuck.WRITE);
      allServed(concurrently(THREADS, s.client::account));
      assertThat(s.events.writeFailures).hasSize(1);
      s.recoverAndCheck();
    }
  }

  @Test
  void writeHangs_refreshFailsWithTokenStoreException() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.WRITE);
      Throwable t = bounded(() -> s.client.tokens().refresh());
      assertThat(t).isInstanceOf(TokenStoreException.class)
          .hasCauseInstanceOf(TokenStoreTimeoutException.class)
          .hasMessageContaining("could not be saved");
      assertThat(s.f.amo.refreshCalls()).isEqualTo(1);
      s.recoverAndCheck();
    }
  }

  @Test
  void writeHangs_authorizeFailsWithTokenStoreException() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.WRITE);
      Throwable t = bounded(() -> s.client.tokens().authorize(s.f.amo.issueAuthorizationCode()));
      assertThat(t).isInstanceOf(TokenStoreException.class)
          .hasCauseInstanceOf(TokenStoreTimeoutException.class)
          .hasMessageContaining("could not be saved");
      s.recoverAndCheck();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // locker().acquire() never returns.

  @Test
  void lockHangs_apiCallsPastExpiryFailWithTokenRefreshExceptionAndNeverRefreshUnlocked()
      throws Exception {
    try (Setup s = new Setup()) {
      s.pastExpiry();
      s.store.hang(Stuck.LOCK);
      allRefreshFailedOnATimeout(concurrently(THREADS, s.client::account));
      assertThat(s.f.amo.refreshCalls()).isZero();
      s.recoverAndCheck();
    }
  }

  @Test
  void lockHangs_apiCallsInTheMandatoryWindowAreServedByTheValidToken() throws Exception {
    try (Setup s = new Setup()) {
      s.inTheMandatoryWindow();
      s.store.hang(Stuck.LOCK);
      allServed(concurrently(THREADS, s.client::account));
      assertThat(s.f.amo.refreshCalls()).isZero();
      assertThat(s.events.refreshFailures).isNotEmpty();
      s.recoverAndCheck();
    }
  }

  @Test
  void lockHangs_refreshFailsWithTokenRefreshException() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.LOCK);
      Throwable t = bounded(() -> s.client.tokens().refresh());
      assertThat(t).isInstanceOf(TokenRefreshException.class)
          .hasCauseInstanceOf(TokenStoreTimeoutException.class);
      assertThat(s.f.amo.refreshCalls()).isZero();
      s.recoverAndCheck();
    }
  }

  @Test
  void lockHangs_authorizeFailsWithTokenStoreTimeoutExceptionAndKeepsTheCode()
      throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.LOCK);
      String code = s.f.amo.issueAuthorizationCode();
      Throwable t = bounded(() -> s.client.tokens().authorize(code));
      assertThat(t).isInstanceOf(TokenStoreTimeoutException.class);
      assertThat(s.f.amo.codeExchanges()).as("the code was not spent unlocked").isEqualTo(1);
      s.recoverAndCheck();
      s.client.tokens().authorize(code); // still good once the lock can be taken
    }
  }

  /**
   * A refresh of this process is stuck waiting for the hung lock (its store timeout is long
   * here); an authorization behind it waits for this process's own lock only {@code lockWait},
   * then fails with LockTimeoutException.
   */
  @Test
  void lockHangs_authorizeBehindAStuckRefreshFailsWithLockTimeoutException() throws Exception {
    RefreshPolicy policy = RefreshPolicy.builder().storeTimeout(Duration.ofSeconds(20))
        .lockWait(LOCK_WAIT).build();
    try (Setup s = new Setup(policy)) {
      s.store.hang(Stuck.LOCK);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Throwable> refresh = pool.submit(() -> catchThrowable(s.client.tokens()::refresh));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (s.store.stillHung.get() == 0 && System.nanoTime() - deadline < 0) {
          Thread.sleep(5); // until the refresh is inside the hung acquire
        }
        Throwable t = bounded(() -> s.client.tokens().authorize(s.f.amo.issueAuthorizationCode()));
        assertThat(t).isInstanceOf(LockTimeoutException.class)
            .hasMessageContaining("in this process");
        s.store.recover(); // the stuck refresh now gets the lock and completes
        assertThat(refresh.get(BOUND_SECONDS, TimeUnit.SECONDS)).isNull();
      } finally {
        pool.shutdownNow();
      }
      s.recoverAndCheck();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // GrantLock.close() never returns (a database lease whose release hangs).

  /**
   * The pair is saved, then the release of the store's lock hangs: the callers get the saved pair
   * at once (the release is left to finish or to its lease), not a failure after the flight's
   * bound, and the flight's thread is not held.
   */
  @Test
  void unlockHangs_apiCallsPastExpiryAreServedByTheSavedPair() throws Exception {
    try (Setup s = new Setup()) {
      s.pastExpiry();
      s.store.hang(Stuck.UNLOCK);
      allServed(concurrently(THREADS, s.client::account));
      assertThat(s.f.amo.refreshCalls()).isEqualTo(1);
      assertThat(s.store.load(s.f.amo.grantKey()).orElseThrow()
          .sameTokens(s.f.amo.latestIssuedTokens().orElseThrow().toRecord())).isTrue();
      s.recoverAndCheck();
    }
  }

  @Test
  void unlockHangs_refreshSucceeds() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.UNLOCK);
      assertThat(bounded(() -> s.client.tokens().refresh())).isNull();
      assertThat(s.store.load(s.f.amo.grantKey()).orElseThrow()
          .sameTokens(s.f.amo.latestIssuedTokens().orElseThrow().toRecord())).isTrue();
      assertThat(s.store.hungCalls).hasValue(1);
      s.recoverAndCheck();
    }
  }

  @Test
  void unlockHangs_authorizeSucceeds() throws Exception {
    try (Setup s = new Setup()) {
      s.store.hang(Stuck.UNLOCK);
      assertThat(bounded(() -> s.client.tokens().authorize(s.f.amo.issueAuthorizationCode())))
          .isNull();
      assertThat(s.store.load(s.f.amo.grantKey()).orElseThrow()
          .sameTokens(s.f.amo.latestIssuedTokens().orElseThrow().toRecord())).isTrue();
      s.recoverAndCheck();
    }
  }

  /** Runs {@code call} on another thread; returns what it threw, or null. Fails if it hangs. */
  private static Throwable bounded(Callable<?> call) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      return pool.submit(() -> catchThrowable(call::call)).get(BOUND_SECONDS, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
