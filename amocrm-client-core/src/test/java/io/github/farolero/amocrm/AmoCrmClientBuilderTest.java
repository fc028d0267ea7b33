package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.support.Jwts;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmoCrmClientBuilderTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final String SECRET = "sEcReT-9f8e7d6c5b4a3928";

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

  private static AmoCrmClient.Builder complete(String domain) {
    return AmoCrmClient.builder()
        .accountDomain(domain)
        .clientId("client-1")
        .clientSecret(SECRET)
        .redirectUri("https://app.example.com/cb")
        .tokenStore(new InMemoryTokenStore());
  }

  private static MockResponse tokens(String access, String refresh) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\"" + access
            + "\",\"refresh_token\":\"" + refresh + "\"}").build();
  }

  private static MockResponse account() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":77,\"name\":\"Example\"}").build();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  // -------------------------------------------------------------------------------------------
  // The account domain

  @ParameterizedTest
  @ValueSource(strings = {"x.amocrm.ru", "x.amocrm.com", "x.kommo.com", "X.AmoCRM.RU",
      " my-account.kommo.com ", "www1.amocrm.ru"})
  void amoCrmAccountHostsAreAcceptedAndGoOverHttps(String domain) {
    AmoCrmClient c = complete(domain).build();
    String normalized = domain.trim().toLowerCase(java.util.Locale.ROOT);
    assertThat(c.baseUrl()).isEqualTo(HttpUrl.get("https://" + normalized + "/"));
    assertThat(c.grantKey()).isEqualTo(GrantKey.of(normalized));
  }

  @ParameterizedTest
  @ValueSource(strings = {"www.amocrm.ru", "www.kommo.com", "amocrm.ru", "kommo.com",
      "a.b.amocrm.ru", "evil.com", "x.amocrm.ru.evil.com", "xamocrm.ru", "x.amocrm.org",
      "localhost", "127.0.0.1", "x.kommo.co"})
  void otherHostsAreRefusedUnlessABaseUrlIsSet(String domain) {
    assertThatThrownBy(() -> complete(domain).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + domain + "\"")
        .hasMessageContaining("baseUrl");
    AmoCrmClient c = complete(domain).baseUrl(server.url("/")).build();
    assertThat(c.baseUrl()).isEqualTo(server.url("/"));
    assertThat(c.grantKey()).isEqualTo(GrantKey.of(domain));
  }

  @Test
  void aBaseUrlWithAPathPrefixIsKeptForTokensAndApiCalls() throws Exception {
    AmoCrmClient c = complete("x.amocrm.ru").baseUrl(server.url("/amo/")).clock(clock).build();
    server.enqueue(tokens("access-a", "refresh-a"));
    server.enqueue(account());
    c.tokens().authorize("code");
    c.account();
    assertThat(take().getTarget()).isEqualTo("/amo/oauth2/access_token");
    RecordedRequest api = take();
    assertThat(api.getTarget()).isEqualTo("/amo/api/v4/account");
    assertThat(api.getHeaders().get("Authorization")).isEqualTo("Bearer access-a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b.amocrm.ru", "x.amocrm.ru/evil", "x.amocrm.ru:443",
      "https://x.amocrm.ru", "../etc", "x.amocrm.ru."})
  void nonHostDomainsAreRefusedAtOnce(String domain) {
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain(domain))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // -------------------------------------------------------------------------------------------
  // Required settings and arguments

  @Test
  void missingSettingsAreIllegalStateWithClearMessages() {
    assertThatThrownBy(() -> AmoCrmClient.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("accountDomain is required");
    String oauth = "clientId, clientSecret and redirectUri are required (or a longLivedToken)";
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .clientSecret(SECRET).redirectUri("https://a.example/cb")
        .tokenStore(new InMemoryTokenStore()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage(oauth);
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .clientId("c").redirectUri("https://a.example/cb")
        .tokenStore(new InMemoryTokenStore()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage(oauth);
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .clientId("c").clientSecret(SECRET).tokenStore(new InMemoryTokenStore()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage(oauth);
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .clientId("c").clientSecret(SECRET).redirectUri("https://a.example/cb").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("tokenStore is required");
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    AmoCrmClient.Builder b = AmoCrmClient.builder();
    expectNpe("domain == null", () -> b.accountDomain(null));
    expectNpe("baseUrl == null", () -> b.baseUrl((HttpUrl) null));
    expectNpe("baseUrl == null", () -> b.baseUrl((String) null));
    expectNpe("clientId == null", () -> b.clientId(null));
    expectNpe("clientSecret == null", () -> b.clientSecret(null));
    expectNpe("redirectUri == null", () -> b.redirectUri(null));
    expectNpe("tokenStore == null", () -> b.tokenStore(null));
    expectNpe("token == null", () -> b.longLivedToken(null));
    expectNpe("grantKey == null", () -> b.grantKey(null));
    expectNpe("okHttpClient == null", () -> b.okHttpClient(null));
    expectNpe("clock == null", () -> b.clock(null));
    expectNpe("refreshPolicy == null", () -> b.refreshPolicy(null));
    expectNpe("tokenListener == null", () -> b.tokenListener(null));
  }

  private static void expectNpe(String message, Runnable r) {
    assertThatNullPointerException().isThrownBy(r::run).withMessage(message);
  }

  @Test
  void blankAndMalformedArgumentsAreRefusedAtOnce() {
    AmoCrmClient.Builder b = AmoCrmClient.builder();
    assertThatThrownBy(() -> b.clientId(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.clientSecret("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.longLivedToken("  ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.redirectUri("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.redirectUri("ftp://app.example.com/cb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.baseUrl("not a url")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsTheSecret() {
    AmoCrmClient c = complete("x.amocrm.ru").build();
    assertThat(c.toString()).contains("x.amocrm.ru").doesNotContain(SECRET);
    assertThat(c.tokens().toString()).doesNotContain(SECRET);
  }

  // -------------------------------------------------------------------------------------------
  // Long-lived tokens

  @Test
  void aLongLivedTokenNeedsNoOAuthSettingsAndExpiresAtItsExpClaim() throws Exception {
    long exp = T0.plusSeconds(90L * 86400).getEpochSecond();
    String jwt = Jwts.expiringAt(exp, "ll-1");
    AmoCrmClient c = AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .baseUrl(server.url("/")).clock(clock).longLivedToken(jwt).build();

    TokenStatus status = c.tokens().status().orElseThrow();
    assertThat(status.longLived()).isTrue();
    assertThat(status.expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
    assertThat(status.issuedAt()).isEqualTo(T0);
    assertThat(status.refreshTokenFingerprint()).isEqualTo("none");

    server.enqueue(account());
    assertThat(c.account().id()).isEqualTo(77);
    RecordedRequest req = take();
    assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + jwt);
    assertThat(req.getHeaders().get("X-Client-UUID")).isNull();
    assertThat(req.getHeaders().get("User-Agent")).startsWith("amocrm-client-java/");

    assertThatThrownBy(() -> c.tokens().refresh()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLongLivedTokenIsWrittenToTheGivenStore() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    String jwt = Jwts.expiringAt(T0.getEpochSecond() + 3600, "ll-2");
    AmoCrmClient.builder().accountDomain("x.amocrm.ru").tokenStore(store).clock(clock)
        .longLivedToken(" " + jwt + "\n").build();
    TokenRecord r = store.load(GrantKey.of("x.amocrm.ru")).orElseThrow();
    assertThat(r.accessToken()).isEqualTo(jwt);
    assertThat(r.isLongLived()).isTrue();
    assertThat(r.version()).isEqualTo(1);
  }

  @Test
  void anExpiredLongLivedTokenSaysToMakeANewOne() {
    String jwt = Jwts.expiringAt(T0.getEpochSecond() - 1, "ll-3");
    AmoCrmClient c = AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .baseUrl(server.url("/")).clock(clock).longLivedToken(jwt).build();
    Throwable t = catchThrowable(c::account);
    assertThat(t).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining("long-lived");
    assertThat(((ReauthorizationRequiredException) t).reason())
        .isEqualTo(ReauthorizationRequiredException.Reason.LONG_LIVED_TOKEN_EXPIRED);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusedLongLivedTokenKeepsAmoCrmsTitleAndDetailAsTheCause() {
    String jwt = Jwts.expiringAt(T0.getEpochSecond() + 86400, "ll-4");
    AmoCrmClient c = AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .baseUrl(server.url("/")).clock(clock).longLivedToken(jwt).build();
    server.enqueue(new MockResponse.Builder().code(401)
        .addHeader("Content-Type", "application/problem+json")
        .body("{\"title\":\"Unauthorized\",\"type\":\"https://httpstatus.es/401\",\"status\":401,"
            + "\"detail\":\"Token " + jwt + " was revoked by the account admin\"}").build());

    Throwable t = catchThrowable(c::account);

    assertThat(t).isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(((ReauthorizationRequiredException) t).reason())
        .isEqualTo(ReauthorizationRequiredException.Reason.LONG_LIVED_TOKEN_REFUSED);
    assertThat(t.getCause()).isExactlyInstanceOf(AmoCrmHttpException.class);
    assertThat(t.getCause()).isInstanceOfSatisfying(AmoCrmHttpException.class, u -> {
      assertThat(u.status()).isEqualTo(401);
      assertThat(u.title()).isEqualTo("Unauthorized");
      assertThat(u.detail()).startsWith("Token ").endsWith(" was revoked by the account admin")
          .doesNotContain(jwt.substring(10, 22));
    });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // -------------------------------------------------------------------------------------------
  // Plain http

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/", "http://localhost/", "http://[::1]:9/",
      "http://127.10.0.3/", "https://proxy.example.com/", "https://10.0.0.5/"})
  void httpsAnywhereAndPlainHttpToLoopbackAreAccepted(String url) {
    assertThat(complete("x.amocrm.ru").baseUrl(url).build().baseUrl())
        .isEqualTo(HttpUrl.get(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://proxy.example.com/", "http://10.0.0.5:8080/",
      "http://x.amocrm.ru/", "http://127.0.0.1.nip.io/"})
  void plainHttpToAnotherHostIsRefusedUnlessAllowed(String url) {
    assertThatThrownBy(() -> complete("x.amocrm.ru").baseUrl(url).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http").hasMessageContaining("allowInsecureHttp()");
    assertThat(complete("x.amocrm.ru").baseUrl(url).allowInsecureHttp().build().baseUrl())
        .isEqualTo(HttpUrl.get(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-jwt", "a.b", "a.%%%.c", "a.bm90IGpzb24.c"})
  void aLongLivedTokenThatIsNotAJwtIsRefusedWithoutEchoingIt(String token) {
    Throwable t = catchThrowable(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .longLivedToken(token).build());
    assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JWT");
    assertThat(t.getMessage()).doesNotContain(token);
  }

  @Test
  void aLongLivedTokenWithoutExpIsRefused() {
    String jwt = Jwts.withPayload("{\"jti\":\"x\",\"exp\":\"tomorrow\"}");
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .longLivedToken(jwt).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp")
        .hasMessageNotContaining(jwt);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e20", "-1e20", "9223372036854775807"})
  void aLongLivedTokenWithAnAbsurdExpIsAnIllegalArgument(String exp) {
    String jwt = Jwts.withPayload("{\"jti\":\"x\",\"exp\":" + exp + "}");
    assertThatThrownBy(() -> AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .longLivedToken(jwt).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp");
  }

  // -------------------------------------------------------------------------------------------
  // newBuilder, grant key

  @Test
  void newBuilderCopiesEverySetting() throws Exception {
    InMemoryTokenStore store = new InMemoryTokenStore();
    AmoCrmClient first = AmoCrmClient.builder().accountDomain("x.amocrm.ru")
        .baseUrl(server.url("/")).clientId("client-1").clientSecret(SECRET)
        .redirectUri("https://app.example.com/cb").tokenStore(store).clock(clock)
        .grantKey(GrantKey.of("x.amocrm.ru", "client-1"))
        .refreshPolicy(RefreshPolicy.builder().saveAttempts(1).build())
        .tokenListener(TokenListener.NONE)
        .okHttpClient(new OkHttpClient()).build();

    AmoCrmClient second = first.newBuilder().build();
    assertThat(second).isNotSameAs(first);
    assertThat(second.baseUrl()).isEqualTo(first.baseUrl());
    assertThat(second.grantKey()).isEqualTo(GrantKey.of("x.amocrm.ru", "client-1"));

    server.enqueue(tokens("access-a", "refresh-a"));
    TokenStatus status = second.tokens().authorize("the-code");
    RecordedRequest req = take();
    assertThat(req.getHeaders().get("X-Client-UUID")).isEqualTo("client-1");
    String body = req.getBody().utf8();
    assertThat(body).contains("\"client_secret\":\"" + SECRET + "\"")
        .contains("\"redirect_uri\":\"https://app.example.com/cb\"");
    assertThat(status.issuedAt()).as("the clock is copied").isEqualTo(T0);
    // Same store: the first client sees what the second saved.
    assertThat(first.tokens().status().orElseThrow().version()).isEqualTo(status.version());
  }

  @Test
  void changingANewBuilderDoesNotChangeTheOriginalClient() throws Exception {
    AmoCrmClient first = complete("x.amocrm.ru").baseUrl(server.url("/")).clock(clock).build();
    AmoCrmClient.Builder b = first.newBuilder().clientId("client-2");
    b.build();
    server.enqueue(tokens("access-a", "refresh-a"));
    first.tokens().authorize("the-code");
    assertThat(take().getHeaders().get("X-Client-UUID")).isEqualTo("client-1");
  }

  @Test
  void aGrantKeyWithAClientIdKeepsIntegrationsApart() throws Exception {
    InMemoryTokenStore store = new InMemoryTokenStore();
    AmoCrmClient c = complete("x.amocrm.ru").baseUrl(server.url("/")).tokenStore(store)
        .grantKey(GrantKey.of("x.amocrm.ru", "client-1")).clock(clock).build();
    server.enqueue(tokens("access-a", "refresh-a"));
    c.tokens().authorize("code");
    assertThat(store.keys()).containsExactly(GrantKey.of("x.amocrm.ru", "client-1"));
    assertThat(store.load(GrantKey.of("x.amocrm.ru"))).isEmpty();
  }

  @Test
  void aCallbackForAnotherAccountIsRefused() {
    AmoCrmClient c = complete("x.amocrm.ru").baseUrl(server.url("/")).build();
    AuthorizationCallback other = new AuthorizationCallback("code", "y.amocrm.ru", null, false);
    assertThatThrownBy(() -> c.tokens().authorize(other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y.amocrm.ru");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aGrantKeyForAnotherAccountIsRefused() {
    assertThatThrownBy(() -> complete("x.amocrm.ru")
        .grantKey(GrantKey.of("y.amocrm.ru", "client-1")).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNewClientHasNoTokensUntilAuthorized() {
    AmoCrmClient c = complete("x.amocrm.ru").build();
    assertThat(c.tokens().status()).isEmpty();
    assertThat(c.tokens().needsReauthorization()).isFalse();
  }
}
