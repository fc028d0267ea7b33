package io.github.farolero.amocrm.testkit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The token state of the mock: codes, refresh tokens and access tokens with amoCRM's rules. Every
 * refresh returns a new pair and kills the old refresh token; a reused refresh token gets 401
 * "Token has been revoked"; a refresh token older than its lifetime gets 401 "Token has expired";
 * codes are single-use and expire. Old access tokens stay valid until their own expiry unless
 * {@link Rules#refreshRevokesOldAccessToken()} is on (how amoCRM behaves is unconfirmed;
 * {@link #revokeAll()} and {@link #revokeAccessTokens()} kill them).
 *
 * <p>Every pair belongs to the authorization it descends from (a code exchange or a direct
 * {@link #issuePair()}), so that a reuse can revoke that whole chain when
 * {@link Rules#reuseRevokesChain()} is on. Thread-safe: every state change is atomic under this
 * object's lock.
 */
final class MockOAuth {

  enum RefreshState { ACTIVE, USED, REVOKED }

  record Reply(int status, @Nullable String hint, @Nullable String title,
      @Nullable Map<String, Object> json) {}

  /** The switchable token rules, fixed when the server is built. */
  record Rules(Duration accessLifetime, Duration codeLifetime, Duration refreshLifetime,
      boolean refreshRevokesOldAccessToken, boolean reuseRevokesChain) {}

  /**
   * One issued pair, found by its refresh token: that token's state and expiry, the access token
   * issued with it, and the authorization (chain) it belongs to, in issue order. Guarded by the
   * MockOAuth's lock, like the chain list every pair of one authorization shares.
   */
  private static final class Pair {
    final String accessToken;
    final Instant refreshExpiresAt;
    final List<Pair> chain;
    RefreshState state = RefreshState.ACTIVE;

    Pair(String accessToken, Instant refreshExpiresAt, List<Pair> chain) {
      this.accessToken = accessToken;
      this.refreshExpiresAt = refreshExpiresAt;
      this.chain = chain;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final String accountDomain;
  /** The {@code api_domain} claim of tokens issued from now on: the account's current domain. */
  private volatile String apiDomain;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final Rules rules;

  private final Map<String, Instant> codes = new HashMap<>();
  private final Set<String> usedCodes = new HashSet<>();
  private final Map<String, Pair> refreshTokens = new HashMap<>();
  private final Map<String, Instant> accessTokens = new HashMap<>();
  private @Nullable IssuedTokens latest;

  final AtomicInteger tokenEndpointCalls = new AtomicInteger();
  final AtomicInteger refreshCalls = new AtomicInteger();
  final AtomicInteger successfulRefreshes = new AtomicInteger();
  final AtomicInteger revokedRefreshes = new AtomicInteger();
  final AtomicInteger expiredRefreshes = new AtomicInteger();
  final AtomicInteger codeExchanges = new AtomicInteger();
  final AtomicInteger issuedPairs = new AtomicInteger();

  MockOAuth(Clock clock, String accountDomain, String clientId, String clientSecret,
      String redirectUri, Rules rules) {
    this.clock = clock;
    this.accountDomain = accountDomain;
    this.apiDomain = accountDomain;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.rules = rules;
  }

  /** Makes tokens issued from now on name this domain in their {@code api_domain} claim. */
  void apiDomain(String domain) {
    this.apiDomain = domain;
  }

  synchronized String issueCode() {
    String code = "def50200" + hex(96);
    codes.put(code, clock.instant().plus(rules.codeLifetime()));
    return code;
  }

  /** Issues the first pair of a new authorization (a new chain). */
  synchronized IssuedTokens issuePair() {
    return issuePair(new ArrayList<>());
  }

  private IssuedTokens issuePair(List<Pair> chain) {
    Instant now = clock.instant();
    Instant exp = now.plus(rules.accessLifetime());
    String access = jwt(now, exp);
    String refresh = "def50200" + hex(160);
    Pair pair = new Pair(access, now.plus(rules.refreshLifetime()), chain);
    chain.add(pair);
    accessTokens.put(access, exp);
    refreshTokens.put(refresh, pair);
    issuedPairs.incrementAndGet();
    IssuedTokens issued = new IssuedTokens(access, refresh, now, exp, accountDomain);
    latest = issued;
    return issued;
  }

  synchronized IssuedTokens issueLongLived(Duration lifetime) {
    Instant now = clock.instant();
    Instant exp = now.plus(lifetime);
    String access = jwt(now, exp);
    accessTokens.put(access, exp);
    return new IssuedTokens(access, null, now, exp, accountDomain);
  }

  /** Returns the newest pair issued (by a code, a refresh or directly), if any. */
  synchronized Optional<IssuedTokens> latestIssued() {
    return Optional.ofNullable(latest);
  }

  synchronized void revokeAll() {
    accessTokens.replaceAll((token, exp) -> Instant.MIN);
    refreshTokens.values().forEach(p -> p.state = RefreshState.REVOKED);
  }

  /** Kills every access token issued so far (long-lived ones too); refresh tokens stay live. */
  synchronized void revokeAccessTokens() {
    accessTokens.replaceAll((token, exp) -> Instant.MIN);
  }

  synchronized void revokeAccessToken(String token) {
    accessTokens.computeIfPresent(token, (t, exp) -> Instant.MIN);
  }

  /** Returns true if the token was issued here, is not revoked, and has not expired. */
  synchronized boolean isValidAccessToken(String token) {
    Instant exp = accessTokens.get(token);
    return exp != null && clock.instant().isBefore(exp);
  }

  /** Returns true if the refresh token was issued here, is unused, unrevoked and unexpired. */
  synchronized boolean hasLiveRefreshToken(String token) {
    Pair pair = refreshTokens.get(token);
    return pair != null && pair.state == RefreshState.ACTIVE
        && clock.instant().isBefore(pair.refreshExpiresAt);
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
      return refresh(form.getOrDefault("refresh_token", ""));
    }
    return error(400, "Check the `grant_type` parameter", "Некорректный запрос");
  }

  /**
   * The refresh rules, in league/oauth2-server's order (amoCRM runs it): an unknown token, then
   * the token's expiry, then its revocation. So a used token past its lifetime says "Token has
   * expired", and does not count as a reuse.
   */
  private Reply refresh(String token) {
    Pair pair = refreshTokens.get(token);
    if (pair == null) {
      return error(400, "Invalid refresh token", "Некорректный запрос");
    }
    if (!clock.instant().isBefore(pair.refreshExpiresAt)) {
      expiredRefreshes.incrementAndGet();
      return error(401, "Token has expired", "Unauthorized");
    }
    if (pair.state != RefreshState.ACTIVE) {
      revokedRefreshes.incrementAndGet();
      if (pair.state == RefreshState.USED && rules.reuseRevokesChain()) {
        revokeChain(pair.chain);
      }
      return error(401, "Token has been revoked", "Unauthorized");
    }
    pair.state = RefreshState.USED;
    if (rules.refreshRevokesOldAccessToken()) {
      revokeAccessToken(pair.accessToken);
    }
    successfulRefreshes.incrementAndGet();
    return pairReply(issuePair(pair.chain));
  }

  /**
   * Revokes one authorization's chain: its live refresh token (there is at most one, the newest)
   * and every access token issued in it. Used refresh tokens stay USED, so presenting one again
   * still counts as a reuse.
   */
  private void revokeChain(List<Pair> chain) {
    for (Pair p : chain) {
      if (p.state == RefreshState.ACTIVE) {
        p.state = RefreshState.REVOKED;
      }
      revokeAccessToken(p.accessToken);
    }
  }

  private Reply pairReply(IssuedTokens t) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token_type", "Bearer");
    json.put("expires_in", rules.accessLifetime().toSeconds());
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
        + "\"api_domain\":\"" + apiDomain + "\"}");
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
