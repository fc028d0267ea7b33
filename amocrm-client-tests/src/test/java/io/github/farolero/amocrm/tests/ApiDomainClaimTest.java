package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.support.Jwts;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refresh whose new access token names another {@code api_domain}: the client asks that host
 * where the account is, follows it, and saves the grant with the new domain. Two plain mock web
 * servers play the old and the new domain, every answer scripted, so each request is checked.
 */
class ApiDomainClaimTest {

  static final String OLD = "old.amocrm.ru";
  static final String NEW = "new.amocrm.ru";

  MockWebServer a = new MockWebServer();
  MockWebServer b = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    a.start();
    b.start();
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  static String access(String jti, String apiDomain) {
    return Jwts.withPayload("{\"jti\":\"" + jti + "\",\"exp\":1900000000,\"api_domain\":\""
        + apiDomain + "\"}");
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(body).build();
  }

  @Test
  void aChangedClaimIsAskedAboutFollowedAndSaved() throws Exception {
    GrantKey key = GrantKey.of(OLD);
    InMemoryTokenStore store = new InMemoryTokenStore();
    Instant now = Instant.now();
    store.write(new TokenRecord(key, access("old", OLD), "refresh-old-0123456789abcdef",
        now.minusSeconds(60), now.minusSeconds(86_460), OLD, 1));
    String newAccess = access("fresh", NEW);
    a.enqueue(json("{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\""
        + newAccess + "\",\"refresh_token\":\"refresh-new-0123456789abcdef\"}"));
    b.enqueue(json("{\"id\":31000000,\"subdomain\":\"new\",\"domain\":\"" + NEW
        + "\",\"top_level_domain\":\"ru\"}"));
    b.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type",
        "application/hal+json").body("{\"id\":31000000,\"subdomain\":\"new\"}").build());
    Map<String, HttpUrl> hosts = Map.of(OLD, a.url("/"), NEW, b.url("/"));
    AmoCrmClient client = AmoCrmClient.builder().accountDomain(OLD)
        .baseUrlResolver(hosts::get).clientId("client-1").clientSecret("secret-1")
        .redirectUri("https://app.example.test/cb").tokenStore(store).build();

    assertThat(client.account().subdomain()).isEqualTo("new");

    RecordedRequest refresh = a.takeRequest();
    assertThat(refresh.getUrl().encodedPath()).isEqualTo("/oauth2/access_token");
    assertThat(a.getRequestCount()).isEqualTo(1); // the account request never reached the old host
    RecordedRequest ask = b.takeRequest();
    assertThat(ask.getUrl().encodedPath()).isEqualTo("/oauth2/account/current/subdomain");
    assertThat(ask.getHeaders().get("X-Refresh-Token")).isEqualTo("refresh-new-0123456789abcdef");
    assertThat(ask.getHeaders().get("Authorization")).isNull();
    RecordedRequest call = b.takeRequest();
    assertThat(call.getUrl().encodedPath()).isEqualTo("/api/v4/account");
    assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer " + newAccess);

    TokenRecord saved = store.load(key).orElseThrow();
    assertThat(saved.accessToken()).isEqualTo(newAccess);
    assertThat(saved.accountDomain()).isEqualTo(NEW);
    assertThat(client.baseUrl()).isEqualTo(b.url("/"));
  }

  @Test
  void aClaimNamingAForeignHostIsNotAsked() throws Exception {
    GrantKey key = GrantKey.of(OLD);
    InMemoryTokenStore store = new InMemoryTokenStore();
    Instant now = Instant.now();
    store.write(new TokenRecord(key, access("old", OLD), "refresh-old-0123456789abcdef",
        now.minusSeconds(60), now.minusSeconds(86_460), OLD, 1));
    String newAccess = access("fresh", "api.evil.example.com");
    a.enqueue(json("{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\""
        + newAccess + "\",\"refresh_token\":\"refresh-new-0123456789abcdef\"}"));
    a.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type",
        "application/hal+json").body("{\"id\":31000000,\"subdomain\":\"old\"}").build());
    Map<String, HttpUrl> hosts = Map.of(OLD, a.url("/"), NEW, b.url("/"),
        "api.evil.example.com", b.url("/"));
    AmoCrmClient client = AmoCrmClient.builder().accountDomain(OLD)
        .baseUrlResolver(hosts::get).clientId("client-1").clientSecret("secret-1")
        .redirectUri("https://app.example.test/cb").tokenStore(store).build();

    assertThat(client.account().subdomain()).isEqualTo("old");
    assertThat(b.getRequestCount()).isZero(); // the foreign host got nothing
    assertThat(client.baseUrl()).isEqualTo(a.url("/"));
    assertThat(store.load(key).orElseThrow().accountDomain()).isEqualTo(OLD);
  }
}
