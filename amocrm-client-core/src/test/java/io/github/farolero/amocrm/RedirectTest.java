package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bearer token goes to the account's host only: never along a redirect to another host. */
class RedirectTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJ2YWxpZCJ9.c2ln";

  private MockWebServer account;
  private MockWebServer elsewhere;
  private AmoCrmClient client;

  @BeforeEach
  void start() throws IOException {
    account = new MockWebServer();
    account.start(InetAddress.getLoopbackAddress(), 0);
    elsewhere = new MockWebServer();
    elsewhere.start(InetAddress.getLoopbackAddress(), 0);
    InMemoryTokenStore store = new InMemoryTokenStore();
    GrantKey key = GrantKey.of("example.amocrm.ru");
    store.write(new TokenRecord(key, TOKEN, "def50200refresh", T0.plus(Duration.ofDays(300)), T0,
        key.domain(), 1));
    client = AmoCrmClient.builder()
        .accountDomain("example.amocrm.ru")
        .baseUrl(account.url("/"))
        .clientId("client-1")
        .clientSecret("secret-value-123")
        .redirectUri("https://app.example.com/cb")
        .tokenStore(store)
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .build();
  }

  @AfterEach
  void stop() {
    account.close();
    elsewhere.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void theAuthorizationHeaderDoesNotFollowARedirectToAnotherHost(int code) throws Exception {
    account.enqueue(new MockResponse.Builder().code(code)
        .addHeader("Location", elsewhere.url("/api/v4/account")).build());
    elsewhere.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":5,\"name\":\"Elsewhere\"}").build());

    client.account();

    RecordedRequest first = account.takeRequest(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    RecordedRequest followed = elsewhere.takeRequest(10, TimeUnit.SECONDS);
    assertThat(followed).as("the redirect was followed").isNotNull();
    assertThat(followed.getHeaders().get("Authorization")).isNull();
    assertThat(followed.getHeaders().toString()).doesNotContain(TOKEN);
  }

  @Test
  void a401FromAnotherHostAfterARedirectDoesNotRefreshTheTokens() throws Exception {
    account.enqueue(new MockResponse.Builder().code(302)
        .addHeader("Location", elsewhere.url("/api/v4/account")).build());
    elsewhere.enqueue(new MockResponse.Builder().code(401).build());
    // What the account's token endpoint would answer, if asked.
    account.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json")
        .body("{\"token_type\":\"Bearer\",\"expires_in\":86400,"
            + "\"access_token\":\"new-access\",\"refresh_token\":\"new-refresh\"}").build());
    account.enqueue(new MockResponse.Builder().code(302)
        .addHeader("Location", elsewhere.url("/api/v4/account")).build());
    elsewhere.enqueue(new MockResponse.Builder().code(401).build());

    Throwable t = catchThrowable(() -> client.account());

    assertThat(t).isInstanceOf(AmoCrmHttpException.class);
    assertThat(((AmoCrmHttpException) t).status()).isEqualTo(401);
    // The call is synchronous: every request it made has been recorded by now.
    assertThat(account.getRequestCount())
        .as("a foreign host's 401 made the client refresh and retry").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void aWriteFollowsNoRedirectNeitherToAnotherHostNorToItsOwn(int code) throws Exception {
    for (MockWebServer target : new MockWebServer[] {elsewhere, account}) {
      account.enqueue(new MockResponse.Builder().code(code)
          .addHeader("Location", target.url("/api/v4/leads/moved")).build());
      int before = account.getRequestCount() + elsewhere.getRequestCount();

      Throwable t = catchThrowable(() -> client.leads().add(List.of(
          io.github.farolero.amocrm.model.Lead.builder().name("Order 1").build())));

      assertThat(t).isInstanceOfSatisfying(AmoCrmHttpException.class,
          e -> assertThat(e.status()).isEqualTo(code));
      assertThat(account.getRequestCount() + elsewhere.getRequestCount() - before)
          .as("requests sent for one write answered %d to %s", code, target.url("/"))
          .isEqualTo(1);
      RecordedRequest post = account.takeRequest(10, TimeUnit.SECONDS);
      assertThat(post).isNotNull();
      assertThat(post.getMethod()).isEqualTo("POST");
    }
    assertThat(elsewhere.getRequestCount()).isZero();
  }

  @Test
  void aReadStillFollowsARedirectOnItsOwnHostWithTheToken() throws Exception {
    account.enqueue(new MockResponse.Builder().code(301)
        .addHeader("Location", account.url("/api/v4/account?moved=1")).build());
    account.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":5,\"name\":\"Moved\"}").build());

    assertThat(client.account().name()).isEqualTo("Moved");
    account.takeRequest(10, TimeUnit.SECONDS);
    RecordedRequest followed = account.takeRequest(10, TimeUnit.SECONDS);
    assertThat(followed).isNotNull();
    assertThat(followed.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }
}
