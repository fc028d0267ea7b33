package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.internal.TokenManager;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Save before use, and a failed save is never lost (invariant 2): a refreshed pair whose save
 * failed is used, reported, kept in memory and saved again later.
 */
class UnsavedPairTest {

  private static final GrantKey KEY = GrantKey.of("example.amocrm.ru");
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  /** A store whose reads and writes fail on command. */
  static final class SwitchableStore implements TokenStore {
    final InMemoryTokenStore inner = new InMemoryTokenStore();
    volatile boolean failLoads;
    volatile boolean failWrites;

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      if (failLoads) {
        throw new TokenStoreException("switchable store cannot read");
      }
      return inner.load(key);
    }

    @Override
    public void write(TokenRecord record) {
      if (failWrites) {
        throw new TokenStoreException("switchable store cannot write");
      }
      inner.write(record);
    }

    @Override
    public boolean delete(GrantKey key) {
      return inner.delete(key);
    }

    @Override
    public List<GrantKey> keys() {
      return inner.keys();
    }

    @Override
    public StoreInfo info() {
      return new StoreInfo("switchable", true, true);
    }
  }

  private MockWebServer server;
  private final SwitchableStore store = new SwitchableStore();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private AmoCrmClient client;
  private final MutableClock clock = MutableClock.at(T0);

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    store.inner.write(new TokenRecord(KEY, "old-access", "old-refresh",
        T0.minusSeconds(60), T0.minus(Duration.ofDays(1)), KEY.domain(), 4));
    client = AmoCrmClient.builder()
        .accountDomain(KEY.domain())
        .baseUrl(server.url("/"))
        .clientId("client-1")
        .clientSecret("secret-value-123")
        .redirectUri("https://app.example.com/cb")
        .tokenStore(store)
        .clock(clock)
        .refreshPolicy(RefreshPolicy.builder().saveAttempts(1).build())
        .tokenListener(new TokenListener() {
          @Override
          public void onStoreWriteFailed(GrantKey key, RuntimeException error) {
            events.add("storeWriteFailed");
          }
        })
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse newPair() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\"new-access\","
            + "\"refresh_token\":\"new-refresh\"}").build();
  }

  private static MockResponse account() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":1}").build();
  }

  /** Refreshes while the store cannot be written: the new pair lives only in memory. */
  private void refreshWithTheStoreDown() throws InterruptedException {
    store.failWrites = true;
    server.enqueue(newPair());
    server.enqueue(account());
    client.account();
    assertThat(server.takeRequest(10, TimeUnit.SECONDS).getTarget())
        .isEqualTo("/oauth2/access_token");
    RecordedRequest api = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(api.getHeaders().get("Authorization")).isEqualTo("Bearer new-access");
  }

  @Test
  void aPairWhoseSaveFailedIsUsedReportedAndKeptInMemory() throws Exception {
    refreshWithTheStoreDown();
    assertThat(events).containsExactly("storeWriteFailed");
    assertThat(store.inner.load(KEY).orElseThrow().accessToken()).isEqualTo("old-access");
    // status() shows the pending pair, not the stale stored one.
    store.failWrites = false;
    assertThat(client.tokens().status().orElseThrow().accessTokenFingerprint())
        .isNotEqualTo(store.inner.load(KEY).orElseThrow().accessTokenFingerprint());
    // The dead refresh token is never sent again: the next call uses the pair in memory.
    server.enqueue(account());
    client.account();
    assertThat(server.takeRequest(10, TimeUnit.SECONDS).getHeaders().get("Authorization"))
        .isEqualTo("Bearer new-access");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aStoreFailureWhileRetryingThePendingSaveDoesNotFailTheCall() throws Exception {
    refreshWithTheStoreDown();
    // Meanwhile the store came back holding a higher version, and cannot be read.
    store.inner.delete(KEY);
    store.inner.write(new TokenRecord(KEY, "someone-else", "their-refresh",
        T0.minusSeconds(30), T0.minus(Duration.ofDays(2)), KEY.domain(), 9));
    store.failWrites = false;
    store.failLoads = true;
    retryThePendingSaveNow();
    server.enqueue(account());

    Throwable t = catchThrowable(() -> client.account());

    assertThat(t).as("the API call failed because a background save retry failed").isNull();
  }

  /** The pending save is retried at most every 5 s on the client's clock: move past that. */
  private void retryThePendingSaveNow() {
    clock.advance(Duration.ofSeconds(60));
  }
}
