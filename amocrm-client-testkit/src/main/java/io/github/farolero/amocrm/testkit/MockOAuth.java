package io.github.farolero.amocrm.testkit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The token state of the mock: codes, refresh tokens and access tokens with amoCRM's rules. Every
 * refresh returns a new pair and kills the old refresh token; a reused refresh token gets 401
 * "Token has been revoked"; codes are single-use and expire. Old access tokens stay valid until
 * their own expiry (how amoCRM behaves is unconfirmed; {@link #revokeAll()} kills them).
 * Thread-safe: every state change is atomic under this object's lock.
 */
final class MockOAuth {

  enum RefreshState { ACTIVE, USED, REVOKED }

  record Reply(int status, @Nullable String hint, @Nullable String title,
      @Nullable Map<String, Object> json) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final String accountDomain;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final Duration accessLifetime;
  private final Duration codeLifetime;

  private final Map<String, Instant> codes = new HashMap<>();
  private final Set<String> usedCodes = new HashSet<>();
  private final Map<String, RefreshState> refreshTokens = new HashMap<>();
  private final Map<String, Instant> accessTokens = new HashMap<>();

  final AtomicInteger tokenEndpointCalls = new AtomicInteger();
  final AtomicInteger refreshCalls = new AtomicInteger();
  final AtomicInteger successfulRefreshes = new AtomicInteger();
  final AtomicInteger revokedRefreshes = new AtomicInteger();
  final AtomicInteger codeExchanges = new AtomicInteger();

  MockOAuth(Clock clock, String accountDomain, String clientId, String clientSecret,
      String redirectUri, Duration accessLifetime, Duration codeLifetime) {
    this.clock = clock;
    this.accountDomain = accountDomain;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.accessLifetime = accessLifetime;
    this.codeLifetime = codeLifetime;
  }

  synchronized String issueCode() {
    String code = "def50200" + hex(96);
    codes.put(code, clock.instant().plus(codeLifetime));
    return code;
  }

  synchronized IssuedTokens issuePair() {
    Instant now = clock.instant();
    Instant exp = now.plus(accessLifetime);
    String access = jwt(now, exp);
    String refresh = "def50200" + hex(160);
    accessTokens.put(access, exp);
    refreshTokens.put(refresh, RefreshState.ACTIVE);
    return new IssuedTokens(access, refresh, now, exp, accountDomain);
  }

  synchronized IssuedTokens issueLongLived(Duration lifetime) {
    Instant now = clock.instant();
    Instant exp = now.plus(lifetime);
    String access = jwt(now, exp);
    accessTokens.put(access, exp);
    return new IssuedTokens(access, null, now, exp, accountDomain);
  }

  synchronized void revokeAll() {
    accessTokens.replaceAll((token, exp) -> Instant.MIN);
    refreshTokens.replaceAll((token, state) -> RefreshState.REVOKED);
  }

  synchronized void revokeAccessToken(String token) {
    accessTokens.computeIfPresent(token, (t, exp) -> Instant.MIN);
  }

  /** Returns true if the token was issued here, is not revoked, and has not expired. */
  synchronized boolean isValidAccessToken(String token) {
    Instant exp = accessTokens.get(token);
    return exp != null && clock.instant().isBefore(exp);
  }

  synchronized boolean hasLiveRefreshToken(String token) {
    return refreshTokens.get(token) == RefreshState.ACTIVE;
  }

  /** Handles one token request, atomically. */
  synchronized Reply handle(Map<String, String> form) {
    tokenEndpointCalls.incrementAndGet();
    String grantType = form.get("grant_type");
    if ("refresh_token".equals(grantType)) {
      refreshCalls.incrementAndGet();
    }
    if (!clientId.equals(form.get("client_id"))) {
      return error(401, "Check the `client_id` parameter", "Некорректный клиент");
    }
    if (!clientSecret.equals(form.get("client_secret"))) {
      return error(401, "Check the `client_secret` parameter", "Некорректный клиент");
    }
    if (!redirectUri.equals(form.get("redirect_uri"))) {
      return error(400, "Redirect URI is not associated with client", "Некорректный запрос");
    }
    if ("authorization_code".equals(grantType)) {
      codeExchanges.incrementAndGet();
      String code = form.getOrDefault("code", "");
      Instant expiresAt = codes.get(code);
      if (expiresAt == null) {
        return error(400, "Cannot decrypt the authorization code", "Некорректный запрос");
      }
      if (usedCodes.contains(code)) {
        return error(400, "Authorization code has been revoked", "Некорректный запрос");
      }
      if (!clock.instant().isBefore(expiresAt)) {
        return error(400, "Authorization code has expired", "Некорректный запрос");
      }
      usedCodes.add(code);
      return pairReply(issuePair());
    }
    if ("refresh_token".equals(grantType)) {
      String token = form.getOrDefault("refresh_token", "");
      RefreshState state = refreshTokens.get(token);
      if (state == null) {
        return error(400, "Invalid refresh token", "Некорректный запрос");
      }
      if (state != RefreshState.ACTIVE) {
        revokedRefreshes.incrementAndGet();
        return error(401, "Token has been revoked", "Unauthorized");
      }
      refreshTokens.put(token, RefreshState.USED);
      successfulRefreshes.incrementAndGet();
      return pairReply(issuePair());
    }
    return error(400, "Check the `grant_type` parameter", "Некорректный запрос");
  }

  private Reply pairReply(IssuedTokens t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token_type", "Bearer");
    json.put("expires_in", accessLifetime.toSeconds());
    json.put("server_time", clock.instant().getEpochSecond());
    json.put("access_token", t.accessToken());
    json.put("refresh_token", t.refreshToken());
    return new Reply(200, null, null, json);
  }

  private static Reply error(int status, String hint, String title) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("hint", hint);
    json.put("title", title);
    json.put("type", "https://developers.amocrm.ru/v3/errors/OAuthProblemJson");
    json.put("status", status);
    json.put("detail", "Подробности: " + hint);
    return new Reply(status, hint, title, json);
  }

  /** A JWT shaped like amoCRM's: RS256 header, claims, and a random (unverifiable) signature. */
  private String jwt(Instant issued, Instant exp) {
    String header = b64("{\"typ\":\"JWT\",\"alg\":\"RS256\"}");
    String payload = b64("{\"aud\":\"" + clientId + "\",\"jti\":\"" + hex(40) + "\",\"iat\":"
        + issued.getEpochSecond() + ",\"nbf\":" + issued.getEpochSecond() + ",\"exp\":"
        + exp.getEpochSecond() + ",\"sub\":\"1\",\"grant_type\":\"\",\"account_id\":31000000,"
        + "\"base_domain\":\"amocrm.ru\",\"version\":2,\"scopes\":[\"crm\",\"files\"],"
        + "\"api_domain\":\"" + accountDomain + "\"}");
    byte[] sig = new byte[64];
    RANDOM.nextBytes(sig);
    return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(sig);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(int chars) {
    byte[] b = new byte[chars / 2];
    RANDOM.nextBytes(b);
    return ByteString.of(b).hex();
  }
}
