package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

  @Test
  void twentyExpiriesCauseExactlyTwentyRefreshesAndNoRevokedErrors() throws Exception {
    int expiries = 20;
    int threadsPerClient = 4;
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient a = f.client(store);
      AmoCrmClient b = f.client(store);
      a.tokens().authorize(f.amo.issueAuthorizationCode());
      f.amo.tokenEndpointLatency(Duration.ofMillis(50));
      ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerClient);
      try {
        for (int round = 1; round <= expiries; round++) {
          TokenRecord current = store.load(f.amo.grantKey()).orElseThrow();
          f.clock.set(current.expiresAt().plusSeconds(1)); // expired for both clients
          CountDownLatch go = new CountDownLatch(1);
          List<Future<String>> calls = new ArrayList<>();
          for (int t = 0; t < threadsPerClient; t++) {
            for (AmoCrmClient c : List.of(a, b)) {
              calls.add(pool.submit(() -> {
                go.await();
                return c.account().name();
              }));
            }
          }
          go.countDown();
          for (Future<String> call : calls) {
            assertThat(call.get(120, TimeUnit.SECONDS)).isEqualTo("Mock account");
          }
          assertThat(f.amo.successfulRefreshes()).as("refreshes after round %d", round)
              .isEqualTo(round);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(f.amo.refreshCalls()).isEqualTo(expiries);
      assertThat(f.amo.revokedRefreshes()).isZero();
      assertThat(f.amo.unauthorizedApiCalls()).isZero();
      assertThat(store.load(f.amo.grantKey()).orElseThrow().version()).isEqualTo(1 + expiries);
    }
  }
}
