package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Invariant 1 inside one JVM: concurrent callers of one grant share one refresh. */
class SingleFlightTest {

  @Test
  void twoHundredThreadsInTheMandatoryWindowCauseExactlyOneTokenEndpointCall() throws Exception {
    runTwoHundredThreads(new InMemoryTokenStore());
  }

  /** Without a store lock, the in-JVM single flight alone must keep it to one call. */
  @Test
  void singleFlightHoldsWithAStoreThatOffersNoLock() throws Exception {
    runTwoHundredThreads(new StoreWrappers.NoLock(new InMemoryTokenStore()));
  }

  private static void runTwoHundredThreads(TokenStore store) throws Exception {
    int threads = 200;
    try (Fixture f = new Fixture()) {
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord before = store.load(f.amo.grantKey()).orElseThrow();
      // 30 s before expiry: inside the 60 s mandatory window, so every caller must wait.
      f.clock.set(before.expiresAt().minusSeconds(30));
      f.amo.tokenEndpointLatency(Duration.ofMillis(300)); // keep the refresh in flight
      int tokenCallsBefore = f.amo.tokenEndpointCalls();

      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Account>> calls = new ArrayList<>();
      try {
        for (int i = 0; i < threads; i++) {
          calls.add(pool.submit(() -> {
            ready.countDown();
            go.await();
            return client.account();
          }));
        }
        assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<Account> call : calls) {
          assertThat(call.get(120, TimeUnit.SECONDS).name()).isEqualTo("Mock account");
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(f.amo.tokenEndpointCalls() - tokenCallsBefore).isEqualTo(1);
      assertThat(f.amo.revokedRefreshes()).isZero();
      assertThat(f.amo.unauthorizedApiCalls()).isZero();
      TokenRecord after = store.load(f.amo.grantKey()).orElseThrow();
      assertThat(after.sameTokens(before)).isFalse();
      assertThat(after.version()).isEqualTo(before.version() + 1);
    }
  }
}
