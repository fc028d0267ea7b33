package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code X-Context-User-ID} on the wire: per client and per view, the rest shared. */
class ContextUserTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJ2YWxpZCJ9.c2ln";

  private MockWebServer account;
  private AmoCrmClient.Builder builder;

  @BeforeEach
  void start() throws IOException {
    account = new MockWebServer();
    account.start(InetAddress.getLoopbackAddress(), 0);
    InMemoryTokenStore store = new InMemoryTokenStore();
    GrantKey key = GrantKey.of("example.amocrm.ru");
    store.write(new TokenRecord(key, TOKEN, "def50200refresh", T0.plus(Duration.ofDays(300)), T0,
        key.domain(), 1));
    builder = AmoCrmClient.builder()
        .accountDomain("example.amocrm.ru")
        .baseUrl(account.url("/"))
        .clientId("client-1")
        .clientSecret("secret-value-123")
        .redirectUri("https://app.example.com/cb")
        .tokenStore(store)
        .clock(Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    account.close();
  }

  private void answer(int n) {
    for (int i = 0; i < n; i++) {
      account.enqueue(new MockResponse.Builder().code(200)
          .addHeader("Content-Type", "application/hal+json")
          .body("{\"id\":5,\"name\":\"Account\"}").build());
    }
  }

  private RecordedRequest next() throws InterruptedException {
    RecordedRequest r = account.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("a request arrived").isNotNull();
    return r;
  }

  @Test
  void aViewSendsTheHeaderAndSharesTheRest() throws Exception {
    AmoCrmClient client = builder.build();
    AmoCrmClient manager = client.asUser(7);
    answer(4);

    client.account();
    manager.account();
    manager.leads().get(42);
    client.account();

    RecordedRequest plain = next();
    assertThat(plain.getHeaders().get("X-Context-User-ID")).isNull();
    RecordedRequest asManager = next();
    assertThat(asManager.getHeaders().get("X-Context-User-ID")).isEqualTo("7");
    assertThat(asManager.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(asManager.getHeaders().get("User-Agent")).isEqualTo(
        plain.getHeaders().get("User-Agent"));
    RecordedRequest lead = next();
    assertThat(lead.getTarget()).startsWith("/api/v4/leads/42");
    assertThat(lead.getHeaders().values("X-Context-User-ID")).containsExactly("7");
    // the client itself is unchanged by its view
    assertThat(next().getHeaders().get("X-Context-User-ID")).isNull();

    // one token session, one connection pool: the view's requests reuse the client's connection
    assertThat(manager.tokens()).isSameAs(client.tokens());
    assertThat(manager.grantKey()).isEqualTo(client.grantKey());
    assertThat(asManager.getConnectionIndex()).isEqualTo(plain.getConnectionIndex());
    assertThat(lead.getConnectionIndex()).isEqualTo(plain.getConnectionIndex());
  }

  @Test
  void aClientBuiltForAUserSendsItOnEveryRequestAndAViewReplacesIt() throws Exception {
    AmoCrmClient client = builder.contextUserId(5).build();
    answer(3);

    client.account();
    client.asUser(9).account();
    client.newBuilder().build().account();

    assertThat(next().getHeaders().values("X-Context-User-ID")).containsExactly("5");
    assertThat(next().getHeaders().values("X-Context-User-ID")).containsExactly("9");
    assertThat(next().getHeaders().values("X-Context-User-ID")).containsExactly("5");
  }

  @Test
  void aUserIdMustBePositive() {
    AmoCrmClient client = builder.build();
    assertThatThrownBy(() -> client.asUser(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contextUserId");
    assertThatThrownBy(() -> builder.contextUserId(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
