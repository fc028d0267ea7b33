package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Must-show "Listener" (issue 8, invariant 2: listeners run outside locks, and nothing they throw
 * stalls another caller). A listener that throws an {@code Error} or a {@code RuntimeException}
 * from every hook, and one that blocks: every one of 16 callers past expiry completes within a
 * bounded wait and gets the engine's own answer (never the listener's throwable), nothing stays
 * locked (the store's lock is free, and a second client with its own token manager, standing in
 * for another process, refreshes on the same store), and the listener still hears every event.
 */
class ListenerIsolationTest {

  private static final int THREADS = 16;
  private static final long BOUND_SECONDS = 60;
  /** The other process's wait for the lock: plenty for a free lock, short for a stuck one. */
  private static final Duration OTHER_LOCK_WAIT = Duration.ofSeconds(10);

  /** What a hook throws. */
  enum Throws { ERROR, RUNTIME_EXCEPTION }

  /** A listener's Error: an AssertionError would be mistaken for a failing test. */
  static final class ListenerError extends Error {
    ListenerError(String hook) {
      super("listener error in " + hook + " (test)");
    }
  }

  /** Counts every hook, then throws from it. */
  static final class Throwing implements TokenListener {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Throws kind;

    Throwing(Throws kind) {
      this.kind = kind;
    }

    int calls(String hook) {
      AtomicInteger n = calls.get(hook);
      return n == null ? 0 : n.get();
    }

    private void hook(String name) {
      calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      if (kind == Throws.ERROR) {
        throw new ListenerError(name);
      }
      throw new IllegalStateException("listener exception in " + name + " (test)");
    }

    @Override
    public void onRefreshed(TokenStatus status) {
      hook("onRefreshed");
    }

    @Override
    public void onRefreshFailed(GrantKey key, AmoCrmException error) {
      hook("onRefreshFailed");
    }

    @Override
    public void onReauthorizationRequired(ReauthorizationRequiredException error) {
      hook("onReauthorizationRequired");
    }

    @Override
    public void onStoreWriteFailed(GrantKey key, RuntimeException error) {
      hook("onStoreWriteFailed");
    }
  }

  /** Blocks the first onRefreshed call until released. */
  static final class Blocking implements TokenListener {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean first = new AtomicBoolean(true);
    final AtomicReference<Thread> blocked = new AtomicReference<>();
    final AtomicInteger refreshed = new AtomicInteger();

    @Override
    public void onRefreshed(TokenStatus status) {
      refreshed.incrementAndGet();
      if (first.compareAndSet(true, false)) {
        blocked.set(Thread.currentThread());
        entered.countDown();
        try {
          release.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Throws.class)
  void onRefreshedThrowing(Throws kind) throws Exception {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      Throwing listener = new Throwing(kind);
      AmoCrmClient client = authorized(f, store, listener);
      expire(f, store);

      List<Object> outcomes = sixteenCallers(client);

      assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Account.class));
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      assertThat(listener.calls("onRefreshed")).isEqualTo(1);
      nothingIsLocked(f, store, client);
    }
  }

  @ParameterizedTest
  @EnumSource(Throws.class)
  void onRefreshFailedThrowing(Throws kind) throws Exception {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      Throwing listener = new Throwing(kind);
      AmoCrmClient client = authorized(f, store, listener);
      expire(f, store);
      f.amo.tokenEndpointLatency(Duration.ofMillis(100)); // the callers gather on one refresh
      f.amo.enqueueTokenEndpointResponse(500, "text/plain", "upstream failed (test)");

      List<Object> outcomes = sixteenCallers(client);

      // The callers on the failed refresh get its error; later ones start a refresh that works.
      assertThat(outcomes).allSatisfy(o -> assertThat(o)
          .isInstanceOfAny(Account.class, AmoCrmException.class));
      assertThat(outcomes).anySatisfy(o -> assertThat(o).isInstanceOf(AmoCrmException.class));
      assertThat(listener.calls("onRefreshFailed")).isPositive();
      f.amo.tokenEndpointLatency(Duration.ZERO);
      nothingIsLocked(f, store, client);
    }
  }

  @ParameterizedTest
  @EnumSource(Throws.class)
  void onReauthorizationRequiredThrowing(Throws kind) throws Exception {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      Throwing listener = new Throwing(kind);
      AmoCrmClient client = authorized(f, store, listener);
      expire(f, store);
      f.amo.revokeAllTokens();

      List<Object> outcomes = sixteenCallers(client);

      assertThat(outcomes).allSatisfy(o -> assertThat(o)
          .isInstanceOf(ReauthorizationRequiredException.class));
      assertThat(listener.calls("onReauthorizationRequired")).isEqualTo(1);
      // Nothing locked: another process authorizes again, and this client picks that up.
      AmoCrmClient other = other(f, store);
      other.tokens().authorize(f.amo.issueAuthorizationCode());
      assertThat(client.account().name()).isEqualTo("Mock account");
      nothingIsLocked(f, store, client);
    }
  }

  @ParameterizedTest
  @EnumSource(Throws.class)
  void onStoreWriteFailedThrowing(Throws kind) throws Exception {
    try (Fixture f = new Fixture()) {
      StoreWrappers.Failing store =
          new StoreWrappers.Failing(new InMemoryTokenStore(), "flaky", true);
      Throwing listener = new Throwing(kind);
      AmoCrmClient client = authorized(f, store, listener);
      expire(f, store);
      store.failWrites.set(true);

      List<Object> outcomes = sixteenCallers(client);

      assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Account.class));
      assertThat(listener.calls("onStoreWriteFailed")).isEqualTo(1);
      assertThat(listener.calls("onRefreshed")).isEqualTo(1);
      // The pending pair reaches the store once it works again (retried at most every 5 s).
      store.failWrites.set(false);
      f.clock.advance(Duration.ofSeconds(5));
      client.account();
      awaitStored(f, store);
      nothingIsLocked(f, store, client);
    }
  }

  /**
   * A listener blocks in onRefreshed. Only the caller that started the refresh delivers its
   * notices, after the refresh completed and every lock was released: it waits for its own
   * listener, and nobody else does. The 15 others return; another process refreshes, and so does
   * this client, while the listener still blocks.
   */
  @Test
  void aBlockingListenerHoldsOnlyTheCallerThatDeliversToIt() throws Exception {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      Blocking listener = new Blocking();
      AmoCrmClient client = authorized(f, store, listener);
      expire(f, store);

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CompletionService<Object> done = new ExecutorCompletionService<>(pool);
        List<Future<Object>> calls = startSixteen(client, done);
        assertThat(listener.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < THREADS - 1; i++) {
          Future<Object> call = done.poll(BOUND_SECONDS, TimeUnit.SECONDS);
          assertThat(call).as("caller %d of %d to return while the listener blocks", i + 1,
              THREADS - 1).isNotNull();
          assertThat(call.get()).isInstanceOf(Account.class);
        }
        assertThat(calls.stream().filter(c -> !c.isDone())).hasSize(1);
        assertThat(listener.release.getCount()).as("still blocking").isEqualTo(1);
        assertThat(listener.blocked.get().getName()).startsWith("pool-"); // a caller's thread

        // Nothing is locked meanwhile: another process, then this client, refresh.
        nothingIsLocked(f, store, client);

        listener.release.countDown();
        Future<Object> last = done.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(last).isNotNull();
        assertThat(last.get()).isInstanceOf(Account.class);
        assertThat(listener.refreshed).hasValueGreaterThanOrEqualTo(1);
      } finally {
        listener.release.countDown();
        pool.shutdownNow();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static AmoCrmClient authorized(Fixture f, TokenStore store, TokenListener listener) {
    AmoCrmClient client = f.clientBuilder(store).tokenListener(listener)
        .sleeper(new RecordingSleeper()).build();
    client.tokens().authorize(f.amo.issueAuthorizationCode());
    client.account(); // warm
    return client;
  }

  private static void expire(Fixture f, TokenStore store) {
    f.clock.set(store.load(f.amo.grantKey()).orElseThrow().expiresAt().plusSeconds(1));
  }

  /** A client with a token manager of its own on the same store: another process. */
  private static AmoCrmClient other(Fixture f, TokenStore store) {
    return f.clientBuilder(store)
        .refreshPolicy(RefreshPolicy.builder().lockWait(OTHER_LOCK_WAIT).build())
        .build();
  }

  /**
   * Nothing stayed locked: the store's lock can be taken at once, another process (a second
   * token manager) refreshes on the same store, and this client's own refresh goes through.
   */
  private static void nothingIsLocked(Fixture f, TokenStore store, AmoCrmClient client)
      throws Exception {
    store.locker().orElseThrow()
        .acquire(f.amo.grantKey(), Duration.ofSeconds(10), OTHER_LOCK_WAIT).close();
    int refreshes = f.amo.successfulRefreshes();
    int revoked = f.amo.revokedRefreshes();
    AmoCrmClient other = other(f, store);
    bounded(() -> other.tokens().refresh());
    assertThat(f.amo.successfulRefreshes()).isEqualTo(refreshes + 1);
    bounded(() -> client.tokens().refresh());
    TokenRecord stored = store.load(f.amo.grantKey()).orElseThrow();
    assertThat(f.amo.isRefreshTokenLive(stored.refreshToken())).isTrue();
    assertThat(f.amo.revokedRefreshes()).isEqualTo(revoked);
  }

  private static void awaitStored(Fixture f, TokenStore store) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (System.nanoTime() - deadline < 0) {
      TokenRecord stored = store.load(f.amo.grantKey()).orElseThrow();
      if (stored.sameTokens(f.amo.latestIssuedTokens().orElseThrow()
          .toRecord(f.amo.grantKey(), stored.version()))) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the pending pair never reached the store");
  }

  /** Runs {@code call} on another thread, bounded; rethrows what it threw. */
  private static void bounded(java.util.concurrent.Callable<?> call) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(call).get(BOUND_SECONDS, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Future<Object>> startSixteen(AmoCrmClient client,
      CompletionService<Object> done) {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(done.submit(() -> {
        go.await();
        try {
          return client.account();
        } catch (RuntimeException e) {
          return e;
        }
      }));
    }
    go.countDown();
    return calls;
  }

  /**
   * Sixteen callers at once; returns what each returned or threw (a listener's Error included:
   * it must never reach a caller). Fails if any does not complete within the bound.
   */
  private static List<Object> sixteenCallers(AmoCrmClient client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CompletionService<Object> done = new ExecutorCompletionService<>(pool);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        calls.add(done.submit(() -> {
          go.await();
          try {
            return client.account();
          } catch (Throwable t) {
            return t;
          }
        }));
      }
      go.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> call : calls) {
        outcomes.add(call.get(BOUND_SECONDS, TimeUnit.SECONDS));
      }
      assertThat(outcomes).noneSatisfy(o -> assertThat(o)
          .isInstanceOfAny(ListenerError.class, IllegalStateException.class));
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
