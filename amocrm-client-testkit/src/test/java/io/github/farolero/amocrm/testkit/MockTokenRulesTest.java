package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The testkit's own spec of {@link MockAmoCrmServer}'s token rules, through real HTTP: what the
 * token endpoint answers and which tokens the API accepts, so that users (and the library's own
 * tests) can trust the mock. Time moves only on a {@link MutableClock}.
 */
class MockTokenRulesTest {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final JsonAdapter<Map<String, Object>> OBJECT = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final JsonAdapter<Map<String, String>> FIELDS = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, String.class));

  private final MutableClock clock = MutableClock.create();
  private final OkHttpClient http = new OkHttpClient();
  private MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start();

  /** A token-endpoint answer: its status, Content-Type and JSON object. */
  record Answer(int status, String contentType, Map<String, Object> json) {
    String hint() {
      return String.valueOf(json.get("hint"));
    }

    String accessToken() {
      return (String) json.get("access_token");
    }

    String refreshToken() {
      return (String) json.get("refresh_token");
    }
  }

  @AfterEach
  void tearDown() {
    amo.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void restart(UnaryOperator<MockAmoCrmServer.Builder> options) {
    amo.close();
    amo = options.apply(MockAmoCrmServer.builder().clock(clock)).start();
  }

  // ---- the wire -----------------------------------------------------------------------------

  private Map<String, String> fields(String grantType) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("client_id", amo.clientId());
    f.put("client_secret", amo.clientSecret());
    f.put("grant_type", grantType);
    f.put("redirect_uri", amo.redirectUri());
    return f;
  }

  private Request tokenRequest(Map<String, String> fields) {
    return new Request.Builder()
        .url(amo.baseUrl().newBuilder().addPathSegments("oauth2/access_token").build())
        .post(RequestBody.create(FIELDS.toJson(fields), JSON))
        .build();
  }

  private Answer post(Map<String, String> fields) {
    try (Response r = http.newCall(tokenRequest(fields)).execute()) {
      Map<String, Object> json = OBJECT.fromJson(r.body().string());
      return new Answer(r.code(), String.valueOf(r.header("Content-Type")),
          json == null ? Map.of() : json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> refreshFields(String refreshToken) {
    Map<String, String> f = fields("refresh_token");
    f.put("refresh_token", refreshToken);
    return f;
  }

  private Answer refresh(String refreshToken) {
    return post(refreshFields(refreshToken));
  }

  private Answer exchange(String code) {
    Map<String, String> f = fields("authorization_code");
    f.put("code", code);
    return post(f);
  }

  /** Returns the status of {@code GET /api/v4/account} with this Bearer token. */
  private int account(String accessToken) {
    Request request = new Request.Builder()
        .url(amo.baseUrl().newBuilder().addPathSegments("api/v4/account").build())
        .header("Authorization", "Bearer " + accessToken)
        .build();
    try (Response r = http.newCall(request).execute()) {
      return r.code();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertRefused(Answer a, int status, String hint) {
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.contentType()).startsWith("application/problem+json");
    assertThat(a.json()).containsEntry("hint", hint)
        .containsEntry("type", "https://developers.amocrm.ru/v3/errors/OAuthProblemJson")
        .containsKeys("title", "detail")
        .doesNotContainKeys("access_token", "refresh_token");
    assertThat(((Number) a.json().get("status")).intValue()).isEqualTo(status);
  }

  private static void assertPair(Answer a) {
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json()).containsEntry("token_type", "Bearer");
    assertThat(((Number) a.json().get("expires_in")).longValue()).isEqualTo(86_400);
    assertThat(a.accessToken()).isNotBlank();
    assertThat(a.refreshToken()).isNotBlank();
  }

  // ---- rotation and single use --------------------------------------------------------------

  @Test
  void aRefreshReturnsANewPairThatWorks() {
    IssuedTokens seed = amo.issueTokens();

    Answer a = refresh(seed.refreshToken());

    assertPair(a);
    assertThat(a.accessToken()).isNotEqualTo(seed.accessToken());
    assertThat(a.refreshToken()).isNotEqualTo(seed.refreshToken());
    assertThat(account(a.accessToken())).isEqualTo(200);
    assertThat(amo.isRefreshTokenLive(a.refreshToken())).isTrue();
    assertThat(amo.successfulRefreshes()).isEqualTo(1);
  }

  @Test
  void aRefreshTokenWorksOnceThenIsRevoked() {
    IssuedTokens seed = amo.issueTokens();
    assertPair(refresh(seed.refreshToken()));

    Answer second = refresh(seed.refreshToken());

    assertRefused(second, 401, "Token has been revoked");
    assertThat(amo.isRefreshTokenLive(seed.refreshToken())).isFalse();
    assertThat(amo.revokedRefreshes()).isEqualTo(1);
    assertThat(amo.refreshCalls()).isEqualTo(2);
    assertThat(amo.successfulRefreshes()).isEqualTo(1);
  }

  @Test
  void anUnknownRefreshTokenIsInvalid() {
    assertRefused(refresh("def50200" + "0".repeat(160)), 400, "Invalid refresh token");
  }

  // ---- codes --------------------------------------------------------------------------------

  @Test
  void aCodeWorksOnce() {
    String code = amo.issueAuthorizationCode();
    assertPair(exchange(code));

    assertRefused(exchange(code), 400, "Authorization code has been revoked");
    assertThat(amo.codeExchanges()).isEqualTo(2);
    assertThat(amo.issuedPairs()).isEqualTo(1);
  }

  @Test
  void aCodeExpiresAfterItsLifetime() {
    String stillValid = amo.issueAuthorizationCode();
    String expired = amo.issueAuthorizationCode();
    clock.advance(Duration.ofMinutes(20).minusSeconds(1));
    assertPair(exchange(stillValid));

    clock.advance(Duration.ofSeconds(1));

    assertRefused(exchange(expired), 400, "Authorization code has expired");
  }

  @Test
  void aCodeTheMockNeverIssuedCannotBeDecrypted() {
    assertRefused(exchange("def50200" + "0".repeat(96)), 400,
        "Cannot decrypt the authorization code");
  }

  // ---- the client -----------------------------------------------------------------------------

  @Test
  void aWrongClientIdIsRefusedAndConsumesNothing() {
    IssuedTokens seed = amo.issueTokens();
    Map<String, String> f = refreshFields(seed.refreshToken());
    f.put("client_id", "00000000-0000-4000-8000-000000000bad");

    Answer a = post(f);

    assertRefused(a, 401, "Check the `client_id` parameter");
    assertThat(a.json()).containsEntry("title", "Некорректный клиент");
    assertThat(amo.isRefreshTokenLive(seed.refreshToken())).isTrue();
    assertThat(amo.issuedPairs()).isEqualTo(1);
  }

  @Test
  void aWrongClientSecretIsRefusedAndConsumesNothing() {
    IssuedTokens seed = amo.issueTokens();
    Map<String, String> f = refreshFields(seed.refreshToken());
    f.put("client_secret", amo.clientSecret() + "x");

    Answer a = post(f);

    assertRefused(a, 401, "Check the `client_secret` parameter");
    assertThat(a.json()).containsEntry("title", "Некорректный клиент");
    assertThat(amo.isRefreshTokenLive(seed.refreshToken())).isTrue();
  }

  @Test
  void aMismatchedRedirectUriIsRefusedAndConsumesNothing() {
    String code = amo.issueAuthorizationCode();
    Map<String, String> f = fields("authorization_code");
    f.put("code", code);
    f.put("redirect_uri", "https://elsewhere.example.test/callback");

    assertRefused(post(f), 400, "Redirect URI is not associated with client");
    assertPair(exchange(code)); // the code was not used up
  }

  // ---- access tokens --------------------------------------------------------------------------

  @Test
  void anAccessTokenIsAcceptedUntilItsExpiry() {
    IssuedTokens seed = amo.issueTokens();
    assertThat(account(seed.accessToken())).isEqualTo(200);

    clock.set(seed.expiresAt().minusSeconds(1));
    assertThat(account(seed.accessToken())).isEqualTo(200);

    clock.set(seed.expiresAt());
    assertThat(account(seed.accessToken())).isEqualTo(401);
    assertThat(amo.unauthorizedApiCalls()).isEqualTo(1);
  }

  @Test
  void anAccessTokenTheMockNeverIssuedGets401() {
    IssuedTokens seed = amo.issueTokens();
    String forged = seed.accessToken().substring(0, seed.accessToken().lastIndexOf('.'))
        + ".c2lnbmF0dXJl";

    assertThat(account(forged)).isEqualTo(401);
  }

  @Test
  void revokeAccessTokensKillsEveryAccessTokenButNoRefreshToken() {
    IssuedTokens first = amo.issueTokens();
    IssuedTokens second = amo.issueTokens();
    IssuedTokens longLived = amo.issueLongLivedToken(Duration.ofDays(365));

    amo.revokeAccessTokens();

    assertThat(account(first.accessToken())).isEqualTo(401);
    assertThat(account(second.accessToken())).isEqualTo(401);
    assertThat(account(longLived.accessToken())).isEqualTo(401);
    assertThat(amo.isRefreshTokenLive(first.refreshToken())).isTrue();
    Answer a = refresh(first.refreshToken());
    assertPair(a);
    assertThat(account(a.accessToken())).isEqualTo(200);
    assertPair(refresh(second.refreshToken()));
  }

  @Test
  void every401IsCountedScriptedOrNot() {
    IssuedTokens live = amo.issueTokens();
    assertThat(account(live.accessToken())).isEqualTo(200);
    assertThat(amo.unauthorizedApiCalls()).isZero();
    amo.faults().answerNext(401, "application/problem+json", "{\"title\":\"Unauthorized\"}");
    assertThat(account(live.accessToken())).isEqualTo(401);
    assertThat(account("forged")).isEqualTo(401);
    assertThat(amo.unauthorizedApiCalls()).isEqualTo(2);
    assertThat(amo.apiCalls()).isEqualTo(3);
  }

  @Test
  void revokeAllTokensKillsBoth() {
    IssuedTokens seed = amo.issueTokens();

    amo.revokeAllTokens();

    assertThat(account(seed.accessToken())).isEqualTo(401);
    assertRefused(refresh(seed.refreshToken()), 401, "Token has been revoked");
  }

  @Test
  void byDefaultARefreshLeavesTheOldAccessTokenAlive() {
    IssuedTokens seed = amo.issueTokens();

    assertPair(refresh(seed.refreshToken()));

    assertThat(account(seed.accessToken())).isEqualTo(200);
  }

  @Test
  void refreshRevokesOldAccessTokenKillsOnlyTheRefreshedPairsAccessToken() {
    restart(b -> b.refreshRevokesOldAccessToken(true));
    IssuedTokens seed = amo.issueTokens();
    IssuedTokens other = amo.issueTokens();

    Answer a = refresh(seed.refreshToken());

    assertPair(a);
    assertThat(account(seed.accessToken())).isEqualTo(401);
    assertThat(account(a.accessToken())).isEqualTo(200);
    assertThat(account(other.accessToken())).isEqualTo(200);
  }

  @Test
  void refreshRevokesOldAccessTokenLeavesItAliveWhenTheRefreshFails() {
    restart(b -> b.refreshRevokesOldAccessToken(true));
    IssuedTokens seed = amo.issueTokens();
    Map<String, String> f = refreshFields(seed.refreshToken());
    f.put("client_secret", "wrong");

    assertRefused(post(f), 401, "Check the `client_secret` parameter");

    assertThat(account(seed.accessToken())).isEqualTo(200);
  }

  // ---- refresh-token lifetime -----------------------------------------------------------------

  @Test
  void aRefreshTokenStillWorksAfter89Days() {
    IssuedTokens seed = amo.issueTokens();
    clock.advance(Duration.ofDays(89));

    assertPair(refresh(seed.refreshToken()));
    assertThat(amo.expiredRefreshes()).isZero();
  }

  @Test
  void aRefreshTokenExpires90DaysAfterItsIssue() {
    IssuedTokens seed = amo.issueTokens();
    clock.advance(Duration.ofDays(90));

    assertRefused(refresh(seed.refreshToken()), 401, "Token has expired");
    assertThat(amo.expiredRefreshes()).isEqualTo(1);
    assertThat(amo.revokedRefreshes()).isZero();
    assertThat(amo.isRefreshTokenLive(seed.refreshToken())).isFalse();
    assertThat(amo.issuedPairs()).isEqualTo(1);
  }

  @Test
  void eachRefreshTokenGetsAFullLifetimeFromItsOwnIssue() {
    IssuedTokens seed = amo.issueTokens();
    clock.advance(Duration.ofDays(89));
    Answer renewed = refresh(seed.refreshToken());
    assertPair(renewed);

    clock.advance(Duration.ofDays(89)); // 178 days after the first issue
    assertPair(refresh(renewed.refreshToken()));
  }

  @Test
  void theRefreshTokenLifetimeIsConfigurable() {
    restart(b -> b.refreshTokenLifetime(Duration.ofHours(1)));
    IssuedTokens early = amo.issueTokens();
    IssuedTokens late = amo.issueTokens();
    clock.advance(Duration.ofMinutes(59));
    assertPair(refresh(early.refreshToken()));

    clock.advance(Duration.ofMinutes(1));

    assertRefused(refresh(late.refreshToken()), 401, "Token has expired");
  }

  @Test
  void anExpiredRefreshTokenSaysExpiredEvenIfItWasUsed() {
    // league/oauth2-server checks the expiry before the revocation.
    IssuedTokens seed = amo.issueTokens();
    assertPair(refresh(seed.refreshToken()));
    clock.advance(Duration.ofDays(90));

    assertRefused(refresh(seed.refreshToken()), 401, "Token has expired");
    assertThat(amo.revokedRefreshes()).isZero();
  }

  @Test
  void aNonPositiveRefreshTokenLifetimeIsRefused() {
    MockAmoCrmServer.Builder b = MockAmoCrmServer.builder();
    assertThatThrownBy(() -> b.refreshTokenLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.refreshTokenLifetime(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.refreshTokenLifetime(null))
        .isInstanceOf(NullPointerException.class).hasMessage("lifetime == null");
  }

  // ---- reuse revokes the chain ----------------------------------------------------------------

  @Test
  void byDefaultAReuseLeavesTheDescendantsAlive() {
    IssuedTokens seed = amo.issueTokens();
    Answer child = refresh(seed.refreshToken());

    assertRefused(refresh(seed.refreshToken()), 401, "Token has been revoked");

    assertThat(account(child.accessToken())).isEqualTo(200);
    assertPair(refresh(child.refreshToken()));
  }

  @Test
  void reuseRevokesChainKillsEveryTokenDescendedFromTheReusedOne() {
    restart(b -> b.reuseRevokesChain(true));
    IssuedTokens seed = amo.issueTokens();
    Answer child = refresh(seed.refreshToken());
    Answer grandchild = refresh(child.refreshToken());
    assertPair(grandchild);
    assertThat(account(grandchild.accessToken())).isEqualTo(200);

    assertRefused(refresh(seed.refreshToken()), 401, "Token has been revoked");

    assertThat(amo.isRefreshTokenLive(grandchild.refreshToken())).isFalse();
    assertRefused(refresh(grandchild.refreshToken()), 401, "Token has been revoked");
    assertThat(account(grandchild.accessToken())).isEqualTo(401);
    assertThat(account(child.accessToken())).isEqualTo(401);
    assertThat(account(seed.accessToken())).isEqualTo(401);
  }

  @Test
  void reuseRevokesChainLeavesOtherAuthorizationsAlone() {
    restart(b -> b.reuseRevokesChain(true));
    IssuedTokens seed = amo.issueTokens();
    Answer exchanged = exchange(amo.issueAuthorizationCode()); // a second authorization
    assertPair(exchanged);
    assertPair(refresh(seed.refreshToken()));

    assertRefused(refresh(seed.refreshToken()), 401, "Token has been revoked");

    assertThat(account(exchanged.accessToken())).isEqualTo(200);
    assertPair(refresh(exchanged.refreshToken()));
  }

  @Test
  void reuseRevokesChainAlsoCoversChainsStartedByACode() {
    restart(b -> b.reuseRevokesChain(true));
    Answer first = exchange(amo.issueAuthorizationCode());
    Answer next = refresh(first.refreshToken());
    assertPair(next);

    assertRefused(refresh(first.refreshToken()), 401, "Token has been revoked");

    assertThat(account(next.accessToken())).isEqualTo(401);
    assertRefused(refresh(next.refreshToken()), 401, "Token has been revoked");
  }

  // ---- what the mock issued -------------------------------------------------------------------

  @Test
  void issuedPairsAndTheNewestPairAreObservable() {
    assertThat(amo.latestIssuedTokens()).isEmpty();
    assertThat(amo.issuedPairs()).isZero();
    Answer exchanged = exchange(amo.issueAuthorizationCode());
    Answer refreshed = refresh(exchanged.refreshToken());
    assertRefused(refresh(exchanged.refreshToken()), 401, "Token has been revoked");
    amo.issueLongLivedToken(Duration.ofDays(1)); // not a pair

    assertThat(amo.issuedPairs()).isEqualTo(2);
    IssuedTokens latest = amo.latestIssuedTokens().orElseThrow();
    assertThat(latest.accessToken()).isEqualTo(refreshed.accessToken());
    assertThat(latest.refreshToken()).isEqualTo(refreshed.refreshToken());
    assertThat(latest.issuedAt()).isEqualTo(clock.instant());
    assertThat(latest.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));

    IssuedTokens direct = amo.issueTokens();
    assertThat(amo.issuedPairs()).isEqualTo(3);
    assertThat(amo.latestIssuedTokens()).contains(direct);
  }

  // ---- a slow body ----------------------------------------------------------------------------

  @Test
  void tokenEndpointBodyDelaySendsTheHeadersBeforeTheBody() throws IOException {
    // Long enough that the body cannot arrive while the test reads; the read below gives up first.
    amo.tokenEndpointBodyDelay(Duration.ofSeconds(30));
    IssuedTokens seed = amo.issueTokens();
    List<String> events = new CopyOnWriteArrayList<>();
    OkHttpClient recording = http.newBuilder().eventListener(new EventListener() {
      @Override
      public void responseHeadersEnd(Call call, Response response) {
        events.add("responseHeadersEnd");
      }

      @Override
      public void responseBodyEnd(Call call, long byteCount) {
        events.add("responseBodyEnd");
      }

      @Override
      public void responseFailed(Call call, IOException ioe) {
        events.add("responseFailed");
      }
    }).build();
    Call call = recording.newCall(tokenRequest(refreshFields(seed.refreshToken())));

    try (Response r = call.execute()) { // returns once the headers are read
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(events).containsExactly("responseHeadersEnd");
      // The refresh was processed before its answer's body left: the client holds neither pair.
      assertThat(amo.isRefreshTokenLive(seed.refreshToken())).isFalse();
      assertThat(amo.issuedPairs()).isEqualTo(2);

      r.body().source().timeout().timeout(500, TimeUnit.MILLISECONDS);
      assertThatThrownBy(() -> r.body().string()).isInstanceOf(InterruptedIOException.class);
    }
    assertThat(events).contains("responseFailed").doesNotContain("responseBodyEnd");
  }

  @Test
  void tokenEndpointBodyDelayStillDeliversTheWholeAnswer() {
    amo.tokenEndpointBodyDelay(Duration.ofMillis(50));
    IssuedTokens seed = amo.issueTokens();

    Answer a = refresh(seed.refreshToken());

    assertPair(a);
    assertThat(amo.latestIssuedTokens().orElseThrow().refreshToken())
        .isEqualTo(a.refreshToken());
  }

  @Test
  void aNegativeBodyDelayIsRefused() {
    assertThatThrownBy(() -> amo.tokenEndpointBodyDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
