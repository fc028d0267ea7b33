package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 across "processes": two independent clients (each with its own token manager,
 * OkHttp client and single-flight) share only a coordinating store. The store's lock makes one
 * refresh; the other re-reads and uses its pair. Real separate processes are tested with the file
 * and JDBC stores.
 */
class TwoClientsOneStoreTest {

  private static final int EXPIRIES = 20;
  private static final int THREADS_PER_CLIENT = 4;

  @Test
  void twentyExpiriesCauseExactlyTwentyRefreshesAndNoRevokedErrors() throws Exception {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      int failed = expiries(f, store, store, true);
      assertThat(failed).isZero();
      assertThat(f.amo.refreshCalls()).isEqualTo(EXPIRIES);
      assertThat(f.amo.revokedRefreshes()).isZero();
      assertThat(f.amo.unauthorizedApiCalls()).isZero();
      assertThat(store.load(f.amo.grantKey()).orElseThrow().version()).isEqualTo(1 + EXPIRIES);
    }
  }

  /**
   * The negative control, in the same setup: the same store with its lock hidden from both
   * clients. They refresh side by side and amoCRM refuses the loser's reused refresh token.
   */
  @Test
  void withoutTheStoresLockTheSameExpiriesGetRevokedRefreshes() throws Exception {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      expiries(f, store, new StoreWrappers.NoLock(store), false);
      assertThat(f.amo.refreshCalls()).isGreaterThan(EXPIRIES);
      assertThat(f.amo.revokedRefreshes()).isPositive();
    }
  }

  /**
   * Runs the expiries: each round expires the token for both clients and starts their threads'
   * calls together. Returns how many calls failed.
   *
   * @param perRound true to check after each round that exactly one more refresh succeeded
   */
  private static int expiries(Fixture f, InMemoryTokenStore store, TokenStore seenByClients,
      boolean perRound) throws Exception {
    AmoCrmClient a = f.client(seenByClients);
    AmoCrmClient b = f.client(seenByClients);
    a.tokens().authorize(f.amo.issueAuthorizationCode());
    f.amo.tokenEndpointLatency(Duration.ofMillis(50));
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_CLIENT);
    int failed = 0;
    try {
      for (int round = 1; round <= EXPIRIES; round++) {
        TokenRecord current = store.load(f.amo.grantKey()).orElseThrow();
        f.clock.set(current.expiresAt().plusSeconds(1)); // expired for both clients
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int t = 0; t < THREADS_PER_CLIENT; t++) {
          for (AmoCrmClient c : List.of(a, b)) {
            calls.add(pool.submit(() -> {
              go.await();
              return c.account().name();
            }));
          }
        }
        go.countDown();
        for (Future<String> call : calls) {
          try {
            assertThat(call.get(120, TimeUnit.SECONDS)).isEqualTo("Mock account");
          } catch (ExecutionException e) {
            failed++;
          }
        }
        if (perRound) {
          assertThat(f.amo.successfulRefreshes()).as("refreshes after round %d", round)
              .isEqualTo(round);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failed;
  }
}
