package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refresh} from the jar, beside an app that keeps calling over the same store. */
class RefreshIT {

  @TempDir Path tmp;

  @AfterAll
  static void summary() {
    System.out.println("RefreshIT: " + Cli.summary());
  }

  /**
   * An app (4 threads of one client in this JVM) calls {@code account()} in a loop over a file
   * store while the CLI refreshes the grant in its own process. The mock kills the old access
   * token at the refresh, so the app's next calls are refused until it re-reads the store: it
   * must find the CLI's pair there instead of refreshing itself.
   */
  @Test
  void refreshWhileAnAppCallsOverTheSameStore() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder()
        .refreshRevokesOldAccessToken(true).start()) {
      Path dir = tmp.resolve("tokens");
      FileTokenStore store = FileTokenStore.of(dir);
      AmoCrmClient app = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
          .clientId(amo.clientId()).clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri()).tokenStore(store).build();
      app.tokens().authorize(amo.issueAuthorizationCode());
      TokenRecord before = store.load(amo.grantKey()).orElseThrow();

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger ok = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> failed = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            try {
              app.account();
              ok.incrementAndGet();
            } catch (RuntimeException e) {
              failed.add(e);
            }
          }
        }, "app-" + i);
        t.start();
        threads.add(t);
      }
      try {
        waitFor(() -> ok.get() >= 10, "the app's first calls");
        int okBefore = ok.get();
        Cli.Result r = new Cli().env(Fixtures.credentials(amo))
            .run("refresh", "--json", "--store", "file:" + dir, "--grant", amo.accountDomain())
            .expect(0);
        assertThat(r.grants()).singleElement().satisfies(g -> assertThat(g)
            .containsEntry("outcome", "refreshed").containsEntry("versionBefore", 1.0)
            .containsEntry("version", 2.0));
        int okAtRefresh = ok.get();
        waitFor(() -> ok.get() >= okAtRefresh + 20, "20 app calls after the refresh");
        stop.set(true);
        for (Thread t : threads) {
          t.join(30_000);
        }
        TokenRecord after = store.load(amo.grantKey()).orElseThrow();
        System.out.printf("RefreshIT: app calls %d before the CLI's refresh, %d in all; "
            + "refreshes %d, revoked %d, failed app calls %d, 401s the app recovered from %d%n",
            okBefore, ok.get(), amo.refreshCalls(), amo.revokedRefreshes(), failed.size(),
            amo.unauthorizedApiCalls());
        assertThat(failed).as("failed app calls").isEmpty();
        assertThat(amo.refreshCalls()).as("refreshes").isEqualTo(1);
        assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.sameTokens(before)).isFalse();
        assertThat(after.accessToken())
            .isEqualTo(amo.latestIssuedTokens().orElseThrow().accessToken());
      } finally {
        stop.set(true);
        for (Thread t : threads) {
          t.join(30_000);
        }
      }
    }
  }

  @Test
  void refreshesEveryGrantThenReportsARevokedOne() {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      Path dir = tmp.resolve("two");
      FileTokenStore store = FileTokenStore.of(dir);
      GrantKey shop = GrantKey.of("shop.amocrm.ru");
      store.write(amo.issueTokens().toRecord());
      store.write(amo.issueTokens().toRecord(shop, 4));
      Cli cli = new Cli().env(Fixtures.credentials(amo));

      Cli.Result all = cli.run("refresh", "--json", "--store", "file:" + dir, "--all").expect(0);
      assertThat(all.json()).containsEntry("state", "OK");
      assertThat(all.grants()).extracting(g -> g.get("grant"), g -> g.get("outcome"),
          g -> g.get("version")).containsExactly(
              org.assertj.core.groups.Tuple.tuple(amo.accountDomain(), "refreshed", 2.0),
              org.assertj.core.groups.Tuple.tuple("shop.amocrm.ru", "refreshed", 5.0));
      assertThat(amo.refreshCalls()).isEqualTo(2);

      Cli.Result missing = cli.run("refresh", "--store", "file:" + dir, "--grant",
          "nope.amocrm.ru").expect(3);
      assertThat(missing.err()).contains("no grant nope.amocrm.ru")
          .contains("shop.amocrm.ru");

      amo.revokeAllTokens();
      Cli.Result revoked = cli.run("refresh", "--json", "--store", "file:" + dir,
          "--grant", "shop.amocrm.ru").expect(2);
      Map<String, Object> g = revoked.grants().get(0);
      assertThat(g).containsEntry("outcome", "failed").containsEntry("state", "CRITICAL");
      assertThat((String) g.get("message")).contains("amocrm-tokens authorize");
      assertThat(store.load(shop).orElseThrow().version()).isEqualTo(5); // kept, never deleted
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
