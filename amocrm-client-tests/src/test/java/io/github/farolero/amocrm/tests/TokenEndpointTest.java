package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.auth.OAuthException.Reason;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenRefreshException;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.support.Jwts;
import io.github.farolero.amocrm.support.Secrets;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token endpoint ({@code POST /oauth2/access_token}) as the client drives it: code exchange
 * through {@code tokens().authorize(code)}, refresh through {@code tokens().refresh()} and through
 * an API call with an expired token. Every bad answer must give a typed error with a readable
 * message, leave the stored tokens as they were, and never show a secret.
 */
class TokenEndpointTest {

  static final String DOMAIN = "example.amocrm.ru";
  static final GrantKey KEY = GrantKey.of(DOMAIN);
  static final String CLIENT_ID = "0c6a2b3e-client-id";
  static final String CLIENT_SECRET = "sEcReT-9f8e7d6c5b4a3928";
  static final String REDIRECT_URI = "https://app.example.com/amocrm/callback";
  static final String CODE = "def50200code0a1b2c3d4e5f60718293a4b5c6d7e8f9";
  static final String OLD_REFRESH = "def50200oldrefresh11223344556677889900aabbcc";
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  static final JsonAdapter<Map<String, Object>> MAP = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  MockWebServer server;
  MutableClock clock;
  InMemoryTokenStore store;
  AmoCrmClient client;
  final List<String> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    clock = MutableClock.at(T0);
    store = new InMemoryTokenStore();
    client = AmoCrmClient.builder()
        .accountDomain(DOMAIN)
        .baseUrl(server.url("/"))
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .redirectUri(REDIRECT_URI)
        .tokenStore(store)
        .clock(clock)
        .tokenListener(new TokenListener() {
          @Override
          public void onRefreshed(TokenStatus status) {
            events.add("refreshed");
          }

          @Override
          public void onRefreshFailed(GrantKey key, AmoCrmException error) {
            events.add("refreshFailed:" + error.getClass().getSimpleName());
          }

          @Override
          public void onReauthorizationRequired(ReauthorizationRequiredException error) {
            events.add("reauthorize");
          }
        })
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  static String accessToken(String jti) {
    return Jwts.withPayload("{\"jti\":\"" + jti + "\",\"exp\":1900000000,"
        + "\"api_domain\":\"api-b.amocrm.ru\"}");
  }

  static String tokenJson(String access, String refresh, Object expiresIn) {
    return "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
        + ",\"server_time\":1772366400,\"access_token\":\"" + access
        + "\",\"refresh_token\":\"" + refresh + "\"}";
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse problem(int code, String hint, String title, String detail) {
    StringBuilder b = new StringBuilder("{");
    if (hint != null) {
      b.append("\"hint\":").append(quote(hint)).append(',');
    }
    if (title != null) {
      b.append("\"title\":").append(quote(title)).append(',');
    }
    b.append("\"type\":\"https://developers.amocrm.ru/v3/errors/OAuthProblemJson\",")
        .append("\"status\":").append(code);
    if (detail != null) {
      b.append(",\"detail\":").append(quote(detail));
    }
    b.append('}');
    return new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/problem+json").body(b.toString()).build();
  }

  static String quote(String s) {
    return MAP.toJson(Map.of("v", s)).substring(5, MAP.toJson(Map.of("v", s)).length() - 1);
  }

  static MockResponse html(int code) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "text/html")
        .body("<!DOCTYPE html><html><head><title>" + code + "</title></head><body>nginx"
            + "</body></html>").build();
  }

  /** A stored pair whose access token has expired: the next call must refresh. */
  TokenRecord seedExpired() {
    TokenRecord r = new TokenRecord(KEY, accessToken("old"), OLD_REFRESH,
        T0.minus(Duration.ofMinutes(1)), T0.minus(Duration.ofDays(1)), DOMAIN, 4);
    store.write(r);
    return r;
  }

  /** A stored pair that is still valid: a code exchange would replace it. */
  TokenRecord seedValid() {
    TokenRecord r = new TokenRecord(KEY, accessToken("current"), OLD_REFRESH,
        T0.plus(Duration.ofHours(20)), T0.minus(Duration.ofHours(4)), DOMAIN, 4);
    store.write(r);
    return r;
  }

  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("the server got no request").isNotNull();
    return r;
  }

  Map<String, Object> bodyOf(RecordedRequest r) throws IOException {
    return MAP.fromJson(r.getBody().utf8());
  }

  /** Asserts that {@code t} is exactly an {@link OAuthException} for this reason; returns it. */
  static OAuthException oauth(Throwable t, Reason reason) {
    assertThat(t).isExactlyInstanceOf(OAuthException.class);
    OAuthException e = (OAuthException) t;
    assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason);
    return e;
  }

  static void assertShowsNoSecret(Throwable t, String... more) {
    String shown = Secrets.everythingShownBy(t);
    assertThat(shown).doesNotContain(CLIENT_SECRET).doesNotContain(CODE)
        .doesNotContain(OLD_REFRESH);
    for (String s : more) {
      assertThat(shown).doesNotContain(s);
    }
  }

  // -------------------------------------------------------------------------------------------
  // The request

  @Test
  void codeExchangeSendsTheDocumentedJsonAndHeaders() throws Exception {
    String access = accessToken("new");
    server.enqueue(json(200, tokenJson(access, "def50200newrefresh", 86400)));

    TokenStatus status = client.tokens().authorize(CODE);

    RecordedRequest req = takeRequest();
    assertThat(req.getMethod()).isEqualTo("POST");
    assertThat(req.getTarget()).isEqualTo("/oauth2/access_token");
    assertThat(req.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(req.getHeaders().get("User-Agent")).startsWith("amocrm-client-java/");
    assertThat(req.getHeaders().get("X-Client-UUID")).isEqualTo(CLIENT_ID);
    assertThat(req.getHeaders().get("Authorization")).isNull();
    assertThat(bodyOf(req)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "client_id", CLIENT_ID,
        "client_secret", CLIENT_SECRET,
        "grant_type", "authorization_code",
        "redirect_uri", REDIRECT_URI,
        "code", CODE));

    TokenRecord stored = store.load(KEY).orElseThrow();
    assertThat(stored.accessToken()).isEqualTo(access);
    assertThat(stored.refreshToken()).isEqualTo("def50200newrefresh");
    assertThat(stored.expiresAt()).isEqualTo(T0.plusSeconds(86400));
    assertThat(stored.issuedAt()).isEqualTo(T0);
    assertThat(stored.accountDomain()).isEqualTo(DOMAIN);
    assertThat(status.expiresAt()).isEqualTo(stored.expiresAt());
    assertThat(status.version()).isEqualTo(stored.version());
  }

  @Test
  void refreshSendsTheStoredRefreshToken() throws Exception {
    TokenRecord old = seedExpired();
    server.enqueue(json(200, tokenJson(accessToken("new"), "def50200newrefresh", 86400)));

    TokenStatus status = client.tokens().refresh();

    RecordedRequest req = takeRequest();
    assertThat(req.getTarget()).isEqualTo("/oauth2/access_token");
    assertThat(req.getHeaders().get("User-Agent")).startsWith("amocrm-client-java/");
    assertThat(req.getHeaders().get("X-Client-UUID")).isEqualTo(CLIENT_ID);
    assertThat(bodyOf(req)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "client_id", CLIENT_ID,
        "client_secret", CLIENT_SECRET,
        "grant_type", "refresh_token",
        "redirect_uri", REDIRECT_URI,
        "refresh_token", OLD_REFRESH));
    TokenRecord stored = store.load(KEY).orElseThrow();
    assertThat(stored.refreshToken()).isEqualTo("def50200newrefresh");
    assertThat(stored.version()).isGreaterThan(old.version());
    assertThat(status.version()).isEqualTo(stored.version());
    assertThat(events).containsExactly("refreshed");
  }

  @Test
  void expiryCountsFromWhenTheRequestWasSentNotWhenTheAnswerCame() {
    seedExpired();
    // The server takes an hour (on the test's clock) to answer.
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        clock.advance(Duration.ofHours(1));
        return json(200, tokenJson(accessToken("new"), "def50200newrefresh", 86400));
      }
    });

    client.tokens().refresh();

    TokenRecord stored = store.load(KEY).orElseThrow();
    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(stored.issuedAt()).isEqualTo(T0);
    assertThat(stored.expiresAt()).isEqualTo(T0.plusSeconds(86400));
  }

  @Test
  void codeExchangeExpiryAlsoCountsFromTheSendTime() {
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        clock.advance(Duration.ofMinutes(10));
        return json(200, tokenJson(accessToken("new"), "def50200newrefresh", 3600));
      }
    });
    TokenStatus status = client.tokens().authorize(CODE);
    assertThat(status.issuedAt()).isEqualTo(T0);
    assertThat(status.expiresAt()).isEqualTo(T0.plusSeconds(3600));
  }

  @Test
  void anApiCallWithAnExpiredTokenRefreshesFirstAndSendsTheNewToken() throws Exception {
    seedExpired();
    String fresh = accessToken("fresh");
    server.enqueue(json(200, tokenJson(fresh, "def50200newrefresh", 86400)));
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":123,\"name\":\"Example\",\"subdomain\":\"example\"}").build());

    assertThat(client.account().id()).isEqualTo(123);

    assertThat(takeRequest().getTarget()).isEqualTo("/oauth2/access_token");
    RecordedRequest api = takeRequest();
    assertThat(api.getTarget()).isEqualTo("/api/v4/account");
    assertThat(api.getHeaders().get("Authorization")).isEqualTo("Bearer " + fresh);
  }

  @Test
  void bearerTokenTypeIsCaseInsensitiveAndOptional() {
    server.enqueue(json(200, tokenJson(accessToken("a"), "r1", 86400)
        .replace("\"Bearer\"", "\"bearer\"")));
    client.tokens().authorize(CODE);
    server.enqueue(json(200, "{\"expires_in\":86400,\"access_token\":\"" + accessToken("b")
        + "\",\"refresh_token\":\"r2\"}"));
    assertThat(client.tokens().authorize(CODE).version()).isEqualTo(2);
  }

  @Test
  void expiresInAsAWholeNumberFormIsAccepted() {
    server.enqueue(json(200, tokenJson(accessToken("a"), "r1", "86400.0")));
    assertThat(client.tokens().authorize(CODE).expiresAt()).isEqualTo(T0.plusSeconds(86400));
    server.enqueue(json(200, tokenJson(accessToken("a"), "r1", 366L * 86400)));
    assertThat(client.tokens().authorize(CODE).expiresAt())
        .isEqualTo(T0.plus(Duration.ofDays(366)));
  }

  // -------------------------------------------------------------------------------------------
  // Bad success answers: InvalidResponseException, stored tokens untouched

  static final String VALID_ACCESS = accessToken("bad-answer");

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "{\"access_token\": \"abc\"",
      "[]",
      "\"a string\"",
      "42",
      "null",
      "{}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\"a\"}",
      "{\"token_type\":\"Bearer\",\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\" \",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":42,\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\"a\",\"refresh_token\":null}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"access_token\":\"a\",\"refresh_token\":[\"r\"]}",
      "{\"token_type\":\"mac\",\"expires_in\":86400,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":7,\"expires_in\":86400,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":-86400,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":0,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":86400.5,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":\"soon\",\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":true,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":{},\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":31708801,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":1e300,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":\"NaN\",\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":\"Infinity\",\"access_token\":\"a\",\"refresh_token\":\"r\"}",
      "{\"token_type\":\"Bearer\",\"expires_in\":null,\"access_token\":\"a\",\"refresh_token\":\"r\"}"})
  void aBadRefreshAnswerIsAnInvalidResponseAndTheStoreIsUntouched(String body) {
    TokenRecord old = seedExpired();
    server.enqueue(json(200, body));

    Throwable t = catchThrowable(() -> client.tokens().refresh());

    assertThat(t).isExactlyInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith("the token endpoint answered 200")
        .hasMessageEndingWith("; the stored tokens are unchanged");
    assertThat(store.load(KEY)).contains(old);
    assertThat(client.tokens().status().orElseThrow().version()).isEqualTo(old.version());
    assertShowsNoSecret(t);
    assertThat(events).containsExactly("refreshFailed:InvalidResponseException");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "null", "{}",
      "{\"token_type\":\"Bearer\",\"expires_in\":0,\"access_token\":\"a\",\"refresh_token\":\"r\"}"})
  void aBadCodeExchangeAnswerLeavesTheStoredPairAlone(String body) {
    TokenRecord old = seedValid();
    server.enqueue(json(200, body));
    Throwable t = catchThrowable(() -> client.tokens().authorize(CODE));
    assertThat(t).isExactlyInstanceOf(InvalidResponseException.class);
    assertThat(store.load(KEY)).contains(old);
    assertShowsNoSecret(t);
  }

  @Test
  void emptyBodyIsNamed() {
    seedExpired();
    server.enqueue(new MockResponse.Builder().code(200).build());
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isExactlyInstanceOf(InvalidResponseException.class).hasMessageContaining("empty body");
  }

  @Test
  void htmlWith200IsNamed() {
    seedExpired();
    server.enqueue(html(200));
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isExactlyInstanceOf(InvalidResponseException.class).hasMessageContaining("HTML");
    // Even when it claims to be JSON.
    server.enqueue(json(200, "  <!doctype html><html><body>maintenance</body></html>"));
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isExactlyInstanceOf(InvalidResponseException.class).hasMessageContaining("HTML");
  }

  @Test
  void missingFieldsAreNamedWithoutValues() {
    seedExpired();
    server.enqueue(json(200, "{\"token_type\":\"Bearer\",\"expires_in\":86400,"
        + "\"access_token\":\"" + VALID_ACCESS + "\"}"));
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(t).hasMessageContaining("refresh_token").hasMessageNotContaining(VALID_ACCESS);
    server.enqueue(json(200, "{\"token_type\":\"Bearer\",\"refresh_token\":\"def50200xyz\","
        + "\"access_token\":\"" + VALID_ACCESS + "\"}"));
    t = catchThrowable(() -> client.tokens().refresh());
    assertThat(t).hasMessageContaining("expires_in").hasMessageNotContaining(VALID_ACCESS)
        .hasMessageNotContaining("def50200xyz");
  }

  @Test
  void absurdExpiryIsRefusedAndSaysWhy() {
    seedExpired();
    server.enqueue(json(200, tokenJson(VALID_ACCESS, "r", 366L * 86400 + 1)));
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isExactlyInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("expires_in").hasMessageContaining("absurd");
  }

  @Test
  void aBodyOverOneMebibyteIsRefusedUnread() {
    TokenRecord old = seedExpired();
    String huge = "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"refresh_token\":\"r\","
        + "\"access_token\":\"" + "a".repeat(1 << 20) + "\"}";
    server.enqueue(json(200, huge));
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(t).isExactlyInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("larger than");
    assertThat(t.getMessage().length()).isLessThan(500);
    assertThat(store.load(KEY)).contains(old);
  }

  @Test
  void anErrorBodyOverOneMebibyteIsRefusedToo() {
    seedExpired();
    server.enqueue(new MockResponse.Builder().code(500).body("x".repeat((1 << 20) + 10))
        .build());
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isExactlyInstanceOf(InvalidResponseException.class).hasMessageContaining("larger than");
  }

  @Test
  void aBodyOfExactlyOneMebibyteIsRead() {
    String prefix = "{\"token_type\":\"Bearer\",\"expires_in\":86400,\"refresh_token\":\"r\","
        + "\"access_token\":\"";
    String suffix = "\"}";
    String access = "a".repeat((1 << 20) - prefix.length() - suffix.length());
    server.enqueue(json(200, prefix + access + suffix));
    assertThat(client.tokens().authorize(CODE).version()).isEqualTo(1);
    assertThat(store.load(KEY).orElseThrow().accessToken()).hasSize(access.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"86400d\"", "\"86400F\"", "\"0x1.518p16\""})
  void expiresInAsANonJsonNumberStringIsRefused(String expiresIn) {
    seedExpired();
    server.enqueue(json(200, tokenJson(VALID_ACCESS, "r", expiresIn)));
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isExactlyInstanceOf(InvalidResponseException.class);
  }

  // -------------------------------------------------------------------------------------------
  // Error answers, keyed on hint

  @ParameterizedTest
  @ValueSource(strings = {"Token has been revoked", "Invalid refresh token"})
  void aRefusedRefreshTokenNeedsReauthorizationAndKeepsTheRecord(String hint) {
    TokenRecord old = seedExpired();
    server.enqueue(problem(401, hint, "Unauthorized", "The refresh token is invalid"));

    Throwable t = catchThrowable(() -> client.tokens().refresh());

    assertThat(t).isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining("re-authorization is required")
        .hasMessageContaining("authorize");
    assertThat(((ReauthorizationRequiredException) t).reason())
        .isEqualTo(ReauthorizationRequiredException.Reason.REFRESH_TOKEN_REFUSED);
    assertThat(oauth(t.getCause(), Reason.REFRESH_TOKEN_REFUSED)).hasMessageContaining(hint);
    assertThat(((OAuthException) t.getCause()).hint()).isEqualTo(hint);
    assertThat(((OAuthException) t.getCause()).status()).isEqualTo(401);
    assertThat(store.load(KEY)).as("never delete on failure").contains(old);
    assertThat(client.tokens().needsReauthorization()).isTrue();
    assertThat(events).containsExactly("reauthorize");
    assertShowsNoSecret(t);

    // The dead refresh token is not sent again.
    assertThat(catchThrowable(() -> client.tokens().refresh()))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(catchThrowable(() -> client.account()))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRevokedRefreshTokenIsFineIfAnotherProcessAlreadySavedANewPair() {
    seedExpired();
    TokenRecord theirs = new TokenRecord(KEY, accessToken("theirs"), "def50200theirs",
        T0.plus(Duration.ofDays(1)), T0, DOMAIN, 5);
    // Another process wins the race: its pair lands in the store while our request is out.
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        store.write(theirs);
        return problem(401, "Token has been revoked", "Unauthorized", null);
      }
    });

    TokenStatus status = client.tokens().refresh();

    assertThat(status.accessTokenFingerprint()).isEqualTo(theirs.accessTokenFingerprint());
    assertThat(store.load(KEY)).contains(theirs);
    assertThat(client.tokens().needsReauthorization()).isFalse();
    assertThat(events).doesNotContain("reauthorize");
  }

  @Test
  void anApiCallWithARevokedRefreshTokenSurfacesAsReauthorizationRequired() {
    TokenRecord old = seedExpired();
    server.enqueue(problem(401, "Token has been revoked", "Unauthorized", null));
    Throwable t = catchThrowable(() -> client.account());
    assertThat(t).isInstanceOf(ReauthorizationRequiredException.class);
    oauth(t.getCause(), Reason.REFRESH_TOKEN_REFUSED);
    assertThat(store.load(KEY)).contains(old);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401})
  void authorizationCodeErrorsAreTypedWhateverTheStatus(int status) {
    TokenRecord old = seedValid();
    for (String hint : new String[] {"Authorization code has expired",
        "Authorization code has been revoked", "Cannot decrypt the authorization code"}) {
      server.enqueue(problem(status, hint, "Bad Request", null));
      Throwable t = catchThrowable(() -> client.tokens().authorize(CODE));
      assertThat(oauth(t, Reason.AUTHORIZATION_CODE_REFUSED)).as(hint)
          .hasMessageContaining(hint).hasMessageContaining(String.valueOf(status));
      assertThat(((OAuthException) t).status()).isEqualTo(status);
      assertShowsNoSecret(t);
    }
    assertThat(store.load(KEY)).contains(old);
  }

  @Test
  void clientErrorsAreInvalidClient() {
    for (String hint : new String[] {"Check the `client_id` parameter",
        "Check the `client_secret` parameter"}) {
      server.enqueue(problem(400, hint, "Bad Request", null));
      assertThat(oauth(catchThrowable(() -> client.tokens().authorize(CODE)),
          Reason.INVALID_CLIENT)).as(hint).hasMessageContaining(hint);
    }
    server.enqueue(problem(401, null, "Некорректный клиент", "client authentication failed"));
    Throwable t = catchThrowable(() -> client.tokens().authorize(CODE));
    assertThat(oauth(t, Reason.INVALID_CLIENT)).hasMessageContaining("Некорректный клиент");
    assertThat(((OAuthException) t).title()).isEqualTo("Некорректный клиент");
  }

  @Test
  void refreshWithABadClientIsInvalidClientNotReauthorization() {
    TokenRecord old = seedExpired();
    server.enqueue(problem(401, null, "Некорректный клиент", null));
    oauth(catchThrowable(() -> client.tokens().refresh()), Reason.INVALID_CLIENT);
    assertThat(client.tokens().needsReauthorization()).isFalse();
    assertThat(store.load(KEY)).contains(old);
  }

  @Test
  void redirectUriMismatchIsTyped() {
    server.enqueue(problem(400, "Redirect URI is not associated with client", "Bad Request",
        null));
    assertThat(oauth(catchThrowable(() -> client.tokens().authorize(CODE)),
        Reason.REDIRECT_URI_MISMATCH)).hasMessageContaining("Redirect URI");
  }

  @Test
  void otherProblemsAreOAuthExceptionsWithTheirRequestId() {
    server.enqueue(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/problem+json")
        .addHeader("X-Request-Id", "req-7f3a")
        .body("{\"hint\":\"Invalid account\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"The account is not found\"}").build());
    Throwable t = catchThrowable(() -> client.tokens().authorize(CODE));
    assertThat(oauth(t, Reason.OTHER))
        .hasMessageContaining("Invalid account")
        .hasMessageContaining("The account is not found")
        .hasMessageContaining("req-7f3a");
    OAuthException e = (OAuthException) t;
    assertThat(e.requestId()).isEqualTo("req-7f3a");
    assertThat(e.hint()).isEqualTo("Invalid account");
    assertThat(e.detail()).isEqualTo("The account is not found");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void a403HtmlPageIsABlockedAccountAndIsNotRetried(boolean refresh) {
    TokenRecord old = refresh ? seedExpired() : seedValid();
    server.enqueue(html(403));
    Throwable t = catchThrowable(refresh ? () -> client.tokens().refresh()
        : () -> client.tokens().authorize(CODE));
    assertThat(t).isExactlyInstanceOf(AccountBlockedException.class)
        .hasMessageContaining("403").hasMessageContaining("blocked")
        .hasMessageContaining("support");
    assertThat(((AccountBlockedException) t).status()).isEqualTo(403);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(store.load(KEY)).contains(old);
  }

  @Test
  void serverErrorsAreReadableOAuthExceptions() {
    TokenRecord old = seedExpired();
    server.enqueue(html(500));
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(oauth(t, Reason.OTHER)).hasMessageContaining("500")
        .hasMessageContaining("HTML");
    assertThat(((OAuthException) t).status()).isEqualTo(500);

    server.enqueue(new MockResponse.Builder().code(502).build());
    t = catchThrowable(() -> client.tokens().refresh());
    assertThat(oauth(t, Reason.OTHER)).hasMessageContaining("502")
        .hasMessageContaining("empty body");

    server.enqueue(new MockResponse.Builder().code(503).addHeader("Content-Type", "text/plain")
        .body("upstream timed out").build());
    t = catchThrowable(() -> client.tokens().refresh());
    assertThat(oauth(t, Reason.OTHER)).hasMessageContaining("503")
        .hasMessageContaining("unreadable");

    assertThat(store.load(KEY)).contains(old);
    assertThat(client.tokens().needsReauthorization()).isFalse();
  }

  @Test
  void aRetryAfterPastIntegerRangeIsStillATypedOAuthException() {
    // OkHttp parses an all-digit Retry-After on a 503 with Integer.valueOf; unguarded, a value
    // past 2^31-1 escapes execute() as a raw NumberFormatException.
    TokenRecord old = seedExpired();
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "99999999999")
        .addHeader("Content-Type", "text/html").body("<html>maintenance</html>").build());
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(oauth(t, Reason.OTHER)).hasMessageContaining("503");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(store.load(KEY)).contains(old);
  }

  @Test
  void anUnreachableEndpointIsATokenRefreshException() {
    TokenRecord old = seedExpired();
    server.close();
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(t).isInstanceOf(TokenRefreshException.class)
        .hasMessageContaining("could not be reached");
    assertThat(((TokenRefreshException) t).key()).isEqualTo(KEY);
    assertThat(store.load(KEY)).contains(old);
    assertShowsNoSecret(t);
  }

  @Test
  void theTokenEndpointNeverFollowsARedirect() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start(InetAddress.getLoopbackAddress(), 0);
      server.enqueue(new MockResponse.Builder().code(307)
          .addHeader("Location", elsewhere.url("/oauth2/access_token")).build());
      Throwable t = catchThrowable(() -> client.tokens().authorize(CODE));
      assertThat(oauth(t, Reason.OTHER)).hasMessageContaining("307");
      assertThat(elsewhere.getRequestCount()).as("the client secret went elsewhere").isZero();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Secrets echoed back by the server

  @Test
  void secretsEchoedInAnErrorAreNeverShown() {
    seedExpired();
    String echo = "refresh_token=" + OLD_REFRESH + " client_secret=" + CLIENT_SECRET;
    server.enqueue(problem(401, "Token has been revoked: " + OLD_REFRESH,
        "Unauthorized " + CLIENT_SECRET, echo));
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(t).isInstanceOf(ReauthorizationRequiredException.class);
    assertShowsNoSecret(t);

    server.enqueue(problem(400, "Authorization code has expired: " + CODE,
        "Bad Request", "code=" + CODE + "&client_secret=" + CLIENT_SECRET));
    t = catchThrowable(() -> client.tokens().authorize(CODE));
    oauth(t, Reason.AUTHORIZATION_CODE_REFUSED);
    assertShowsNoSecret(t);

    server.enqueue(problem(500, null, null, "internal error for " + CLIENT_SECRET));
    t = catchThrowable(() -> client.tokens().authorize(CODE));
    assertShowsNoSecret(t);
  }

  @Test
  void aLongSecretEchoedInAnErrorIsNeverShownEvenInPart() {
    String realisticCode = "def50200" + "0123456789abcdef".repeat(50); // 808 chars
    server.enqueue(problem(400, "Authorization code has expired", "Bad Request",
        "bad code: " + realisticCode));
    Throwable t = catchThrowable(() -> client.tokens().authorize(realisticCode));
    oauth(t, Reason.AUTHORIZATION_CODE_REFUSED);
    assertThat(Secrets.everythingShownBy(t)).doesNotContain(realisticCode.substring(0, 64));
  }

  @Test
  void secretsEchoedInTheRequestIdHeaderAreNeverShown() {
    seedExpired();
    server.enqueue(new MockResponse.Builder().code(500)
        .addHeader("X-Request-Id", "rid-" + OLD_REFRESH + "-" + CLIENT_SECRET).build());
    assertShowsNoSecret(catchThrowable(() -> client.tokens().refresh()));
  }

  @Test
  void aFailedRefreshOfAStillValidTokenKeepsServingIt() throws Exception {
    // 30 s left: inside the mandatory window, so the call refreshes first.
    TokenRecord valid = new TokenRecord(KEY, accessToken("still-valid"), OLD_REFRESH,
        T0.plusSeconds(30), T0.minus(Duration.ofHours(24)), DOMAIN, 4);
    store.write(valid);
    server.enqueue(html(500));
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body("{\"id\":9}").build());

    assertThat(client.account().id()).isEqualTo(9);

    assertThat(takeRequest().getTarget()).isEqualTo("/oauth2/access_token");
    assertThat(takeRequest().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + valid.accessToken());
    assertThat(store.load(KEY)).contains(valid);
    assertThat(events).containsExactly("refreshFailed:OAuthException");
  }

  @Test
  void aFailedRefreshOfAnExpiredTokenFailsTheCallWithoutSendingIt() throws Exception {
    TokenRecord old = seedExpired();
    server.enqueue(html(500));
    Throwable t = catchThrowable(() -> client.account());
    oauth(t, Reason.OTHER);
    assertThat(takeRequest().getTarget()).isEqualTo("/oauth2/access_token");
    assertThat(server.getRequestCount()).as("the expired token was not sent").isEqualTo(1);
    assertThat(store.load(KEY)).contains(old);
  }

  // -------------------------------------------------------------------------------------------
  // Input checks before any request

  @Test
  void aBlankCodeIsRefusedWithoutARequest() {
    assertThat(catchThrowable(() -> client.tokens().authorize(" ")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void refreshWithoutStoredTokensSaysToAuthorize() {
    Throwable t = catchThrowable(() -> client.tokens().refresh());
    assertThat(t).isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(((ReauthorizationRequiredException) t).reason())
        .isEqualTo(ReauthorizationRequiredException.Reason.NO_TOKENS);
    assertThat(server.getRequestCount()).isZero();
  }
}
