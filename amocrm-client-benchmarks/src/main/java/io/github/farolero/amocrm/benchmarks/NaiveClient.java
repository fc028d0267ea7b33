package io.github.farolero.amocrm.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Figure 8's baseline: the naive client many integrations start with. It keeps the pair in a
 * field; every thread that sees the access token expired refreshes it itself (no single flight, no
 * lock), saves the new pair to the shared store, and uses it. A refused refresh re-reads the store,
 * in case another thread or process saved a newer pair. Thread-safe in the JVM's sense only.
 */
final class NaiveClient {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final JsonAdapter<Map<String, Object>> MAP = BareJson.MOSHI.adapter(
      Types.newParameterizedType(Map.class, String.class, Object.class));

  private final OkHttpClient http = new OkHttpClient();
  private final TokenStore store;
  private final GrantKey key;
  private final HttpUrl base;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final Clock clock;
  private volatile TokenRecord current;

  NaiveClient(TokenStore store, GrantKey key, HttpUrl base, String clientId, String clientSecret,
      String redirectUri, Clock clock) {
    this.store = store;
    this.key = key;
    this.base = base;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.clock = clock;
    this.current = store.load(key).orElseThrow();
  }

  /** One API call, refreshing first if this thread sees the token expired. */
  void account() throws IOException {
    TokenRecord rec = current;
    if (!clock.instant().isBefore(rec.expiresAt())) {
      rec = refresh(rec);
    }
    Request request = new Request.Builder().url(base.resolve("/api/v4/account"))
        .header("Authorization", "Bearer " + rec.accessToken()).build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("GET /api/v4/account: HTTP " + response.code());
      }
      BareJson.ACCOUNT.fromJson(response.body().source());
    }
  }

  private TokenRecord refresh(TokenRecord rec) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", clientId);
    body.put("client_secret", clientSecret);
    body.put("grant_type", "refresh_token");
    body.put("refresh_token", rec.refreshToken());
    body.put("redirect_uri", redirectUri);
    Request request = new Request.Builder().url(base.resolve("/oauth2/access_token"))
        .post(RequestBody.create(MAP.toJson(body), JSON)).build();
    try (Response response = http.newCall(request).execute()) {
      if (response.isSuccessful()) {
        Map<String, Object> answer = MAP.fromJson(response.body().source());
        if (answer == null) {
          throw new IOException("empty token answer");
        }
        Instant now = clock.instant();
        TokenRecord fresh = new TokenRecord(key, (String) answer.get("access_token"),
            (String) answer.get("refresh_token"),
            now.plusSeconds(((Number) answer.get("expires_in")).longValue()), now,
            rec.accountDomain(), rec.version() + 1);
        current = fresh;
        try {
          store.write(fresh);
        } catch (RuntimeException e) {
          // another thread saved its own pair first (a version conflict): the naive client does
          // not care
        }
        return fresh;
      }
    }
    // Refused ("Token has been revoked": another thread used this refresh token first).
    TokenRecord stored = store.load(key).orElse(rec);
    if (stored.version() > current.version()) {
      current = stored;
    }
    return current;
  }
}
