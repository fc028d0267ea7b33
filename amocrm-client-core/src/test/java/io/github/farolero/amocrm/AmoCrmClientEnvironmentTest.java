package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.support.Jwts;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code builder().fromEnvironment(...)}: every variable lands in its setting and is used on the
 * wire; missing ones are named; a blank one is unset (as in {@code EnvTokenStore}); and no error,
 * nor its causes, ever shows a value.
 */
class AmoCrmClientEnvironmentTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  /** Put in every value of the error cases: no message may show it. */
  private static final String CANARY = "Zq7canaryVALUE93";
  private static final String SECRET = "sEcReT-" + CANARY;

  private MockWebServer server;
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> oauthEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("AMOCRM_DOMAIN", "shop.amocrm.ru");
    env.put("AMOCRM_CLIENT_ID", "client-env-1");
    env.put("AMOCRM_CLIENT_SECRET", SECRET);
    env.put("AMOCRM_REDIRECT_URI", "https://app.example.com/amocrm/callback");
    env.put("AMOCRM_BASE_URL", server.url("/").toString());
    return env;
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  @Test
  void everyOAuthVariableIsUsedOnTheWire() throws Exception {
    AmoCrmClient c = AmoCrmClient.builder().fromEnvironment(oauthEnv())
        .tokenStore(new InMemoryTokenStore()).clock(clock).build();
    assertThat(c.grantKey()).isEqualTo(GrantKey.of("shop.amocrm.ru"));
    assertThat(c.baseUrl()).isEqualTo(server.url("/"));

    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json")
        .body("{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\"acc-1\","
            + "\"refresh_token\":\"ref-1\"}").build());
    c.tokens().authorize("the-code");
    String body = take().getBody().utf8();
    assertThat(body).contains("\"client_id\":\"client-env-1\"")
        .contains("\"client_secret\":\"" + SECRET + "\"")
        .contains("\"redirect_uri\":\"https://app.example.com/amocrm/callback\"");

    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body("{\"id\":7}").build());
    assertThat(c.account().id()).isEqualTo(7);
    RecordedRequest api = take();
    assertThat(api.getHeaders().get("X-Client-UUID")).isEqualTo("client-env-1");
    assertThat(api.getHeaders().get("Authorization")).isEqualTo("Bearer acc-1");
  }

  @Test
  void withoutABaseUrlRequestsGoToTheAccountOverHttps() {
    Map<String, String> env = oauthEnv();
    env.remove("AMOCRM_BASE_URL");
    AmoCrmClient c = AmoCrmClient.builder().fromEnvironment(env)
        .tokenStore(new InMemoryTokenStore()).build();
    assertThat(c.baseUrl()).isEqualTo(HttpUrl.get("https://shop.amocrm.ru/"));
  }

  @Test
  void aLongLivedTokenNeedsNoOAuthVariables() throws Exception {
    String jwt = Jwts.expiringAt(T0.getEpochSecond() + 86400, "env-ll");
    Map<String, String> env = Map.of("AMOCRM_DOMAIN", "shop.amocrm.ru",
        "AMOCRM_BASE_URL", server.url("/").toString(),
        "AMOCRM_LONG_LIVED_TOKEN", " " + jwt + "\n");
    AmoCrmClient c = AmoCrmClient.builder().fromEnvironment(env).clock(clock).build();
    assertThat(c.tokens().status().orElseThrow().longLived()).isTrue();

    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body("{\"id\":7}").build());
    c.account();
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + jwt);
  }

  @Test
  void valuesAreTrimmedAndTheDomainMayComeAsAUrlLikeTheEnvStoreReadsIt() {
    Map<String, String> env = oauthEnv();
    env.put("AMOCRM_DOMAIN", "  https://Shop.AmoCRM.ru/ ");
    env.put("AMOCRM_CLIENT_ID", " client-env-1\n");
    env.remove("AMOCRM_BASE_URL");
    AmoCrmClient c = AmoCrmClient.builder().fromEnvironment(env)
        .tokenStore(new InMemoryTokenStore()).build();
    assertThat(c.grantKey()).isEqualTo(GrantKey.of("shop.amocrm.ru"));
    assertThat(c.baseUrl()).isEqualTo(HttpUrl.get("https://shop.amocrm.ru/"));
  }

  @Test
  void laterSettersCompleteAndOverrideTheEnvironment() {
    Map<String, String> env = oauthEnv();
    env.remove("AMOCRM_BASE_URL");
    AmoCrmClient c = AmoCrmClient.builder().fromEnvironment(env)
        .accountDomain("other.kommo.com").tokenStore(new InMemoryTokenStore()).build();
    assertThat(c.grantKey()).isEqualTo(GrantKey.of("other.kommo.com"));
  }

  @Test
  void aMissingDomainIsNamed() {
    Map<String, String> env = oauthEnv();
    env.remove("AMOCRM_DOMAIN");
    assertThat(catchThrowable(() -> AmoCrmClient.builder().fromEnvironment(env)))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AMOCRM_DOMAIN is not set (or blank)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AMOCRM_CLIENT_ID", "AMOCRM_CLIENT_SECRET", "AMOCRM_REDIRECT_URI"})
  void eachMissingOAuthVariableIsNamedAndABlankOneIsMissing(String variable) {
    for (String absent : new String[] {null, "", "  \t"}) {
      Map<String, String> env = oauthEnv();
      if (absent == null) {
        env.remove(variable);
      } else {
        env.put(variable, absent);
      }
      Throwable t = catchThrowable(() -> AmoCrmClient.builder().fromEnvironment(env));
      assertThat(t).isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(variable + " is not set (or blank)")
          .hasMessageContaining("AMOCRM_LONG_LIVED_TOKEN");
      assertNoValueShown(t);
    }
  }

  @Test
  void everyMissingVariableIsNamedAtOnce() {
    Throwable t = catchThrowable(() -> AmoCrmClient.builder()
        .fromEnvironment(Map.of("AMOCRM_DOMAIN", "shop.amocrm.ru")));
    assertThat(t).isExactlyInstanceOf(IllegalStateException.class).hasMessageStartingWith(
        "AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET, AMOCRM_REDIRECT_URI are not set (or blank)");
  }

  @Test
  void malformedValuesAreNamedNeverShown() {
    String[][] cases = {
        {"AMOCRM_DOMAIN", "not a host " + CANARY},
        {"AMOCRM_DOMAIN", "x.amocrm.ru/" + CANARY},
        {"AMOCRM_REDIRECT_URI", "callback-" + CANARY},
        {"AMOCRM_REDIRECT_URI", "ftp://" + CANARY + ".example/cb"},
        {"AMOCRM_BASE_URL", "mock-" + CANARY},
        {"AMOCRM_BASE_URL", "ftp://" + CANARY + ".example/"},
        {"AMOCRM_LONG_LIVED_TOKEN", "eyJ" + CANARY + " eyJ"},
        {"AMOCRM_LONG_LIVED_TOKEN", "\"eyJ" + CANARY + "\""},
    };
    for (String[] c : cases) {
      Map<String, String> env = oauthEnv();
      env.put(c[0], c[1]);
      Throwable t = catchThrowable(() -> AmoCrmClient.builder().fromEnvironment(env));
      assertThat(t).as(c[0] + "=" + c[1]).isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(c[0] + " ");
      assertNoValueShown(t);
    }
  }

  @Test
  void buildsErrorsNameTheVariablesTooNotTheirValues() {
    Map<String, String> env = oauthEnv();
    env.remove("AMOCRM_BASE_URL");
    env.put("AMOCRM_DOMAIN", CANARY.toLowerCase(java.util.Locale.ROOT) + ".example.com");
    Throwable t = catchThrowable(() -> AmoCrmClient.builder().fromEnvironment(env)
        .tokenStore(new InMemoryTokenStore()).build());
    assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AMOCRM_DOMAIN must be an account host")
        .hasMessageContaining("AMOCRM_BASE_URL");
    assertNoValueShown(t);

    Map<String, String> insecure = oauthEnv();
    insecure.put("AMOCRM_BASE_URL", "http://" + CANARY + ".example.com/");
    t = catchThrowable(() -> AmoCrmClient.builder().fromEnvironment(insecure)
        .tokenStore(new InMemoryTokenStore()).build());
    assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AMOCRM_BASE_URL is plain http");
    assertNoValueShown(t);
    assertThat(AmoCrmClient.builder().fromEnvironment(insecure).allowInsecureHttp()
        .tokenStore(new InMemoryTokenStore()).build().baseUrl().host())
        .isEqualTo(CANARY.toLowerCase(java.util.Locale.ROOT) + ".example.com");
  }

  @Test
  void theStoreStaysTheCallers() {
    Throwable t = catchThrowable(() -> AmoCrmClient.builder().fromEnvironment(oauthEnv()).build());
    assertThat(t).isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("tokenStore is required");
  }

  @Test
  void aNullEnvironmentIsRefusedByName() {
    assertThatNullPointerException()
        .isThrownBy(() -> AmoCrmClient.builder().fromEnvironment(null))
        .withMessage("environment == null");
  }

  @Test
  void theNoArgumentFormReadsTheProcessEnvironment() {
    assumeTrue(System.getenv("AMOCRM_DOMAIN") == null, "AMOCRM_DOMAIN is set in this process");
    assertThat(catchThrowable(() -> AmoCrmClient.builder().fromEnvironment()))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("AMOCRM_DOMAIN is not set");
  }

  /** No message in the chain shows the value, nor a 12-character piece of it. */
  private static void assertNoValueShown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContainIgnoringCase(CANARY)
          .doesNotContainIgnoringCase(CANARY.substring(0, 12))
          .doesNotContainIgnoringCase(CANARY.substring(4));
    }
  }
}
