package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.auth.Jwt;
import io.github.farolero.amocrm.auth.OAuthException.Reason;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.auth.TokenRefreshException;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.error.UntrustedHostException;
import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * amoCRM's token endpoint, {@code POST /oauth2/access_token}: code exchange and refresh. Called
 * synchronously through an OkHttpClient that does not carry the auth interceptor, so a refresh
 * never waits on itself or on the dispatcher.
 *
 * <p>Errors are {@code application/problem+json} keyed on {@code hint} (not on status: amoCRM
 * sends the same hint with 400 and 401). Secrets sent in a request are scrubbed from every
 * message built from a response.
 */
public final class TokenEndpoint {

  /** Longest {@code expires_in} accepted; amoCRM's is 86400. Anything above is a broken server. */
  static final long MAX_EXPIRES_IN = Duration.ofDays(366).toSeconds();
  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");
  private static final long MAX_BODY = 1 << 20;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Map<String, String>> FIELDS =
      MOSHI.adapter(Types.newParameterizedType(Map.class, String.class, String.class));

  private final OkHttpClient http;
  private final AccountHosts hosts;
  private final GrantKey key;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final Clock clock;
  /** Hears each token request's outcome; {@link RequestListener#NONE} for none. */
  private final RequestListener listener;

  public TokenEndpoint(
      OkHttpClient http,
      HttpUrl baseUrl,
      GrantKey key,
      String clientId,
      String clientSecret,
      String redirectUri,
      Clock clock) {
    this(http, AccountHosts.fixed(key.domain(), baseUrl), key, clientId, clientSecret,
        redirectUri, clock);
  }

  /**
   * Creates the endpoint of an account whose host may move: each request goes to the current
   * host.
   */
  public TokenEndpoint(
      OkHttpClient http,
      AccountHosts hosts,
      GrantKey key,
      String clientId,
      String clientSecret,
      String redirectUri,
      Clock clock) {
    this(http, hosts, key, clientId, clientSecret, redirectUri, clock, RequestListener.NONE);
  }

  /**
   * Creates the endpoint of an account whose host may move, telling {@code listener} how each
   * token request went (its status and duration, never its content).
   */
  public TokenEndpoint(
      OkHttpClient http,
      AccountHosts hosts,
      GrantKey key,
      String clientId,
      String clientSecret,
      String redirectUri,
      Clock clock,
      RequestListener listener) {
    this.listener = RequestEvents.safe(listener);
    this.http = Objects.requireNonNull(http, "http == null");
    this.hosts = Objects.requireNonNull(hosts, "hosts == null");
    this.key = key;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.redirectUri = redirectUri;
    this.clock = clock;
  }

  /**
   * Returns how long one token request may take: the HTTP client's call timeout (the client set
   * one: a refresh must end).
   */
  Duration callTimeout() {
    return Duration.ofMillis(http.callTimeoutMillis());
  }

  /**
   * Returns a redactor of every secret this endpoint knows (the client secret) and {@code
   * tokens}, for messages built from amoCRM's answers.
   */
  Redactor redactor(List<String> tokens) {
    List<String> secrets = new ArrayList<>(tokens);
    secrets.add(clientSecret);
    return Redactor.of(secrets);
  }

  /** Exchanges an authorization code. */
  public TokenGrant exchangeCode(String code) {
    Map<String, String> body = base("authorization_code");
    body.put("code", code);
    return post(body, code);
  }

  /** Refreshes; the old refresh token is dead once this returns (or once amoCRM processed it). */
  public TokenGrant refresh(String refreshToken) {
    Map<String, String> body = base("refresh_token");
    body.put("refresh_token", refreshToken);
    return post(body, refreshToken);
  }

  private Map<String, String> base(String grantType) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("client_id", clientId);
    body.put("client_secret", clientSecret);
    body.put("grant_type", grantType);
    body.put("redirect_uri", redirectUri);
    return body;
  }

  /** Returns where the account's hosts stand. */
  AccountHosts hosts() {
    return hosts;
  }

  /**
   * Asks amoCRM for the account's current domain: {@code GET
   * https://<api_domain>/oauth2/account/current/subdomain} with the refresh token in {@code
   * X-Refresh-Token}, as amoCRM's own library does when a refresh is refused with 401 or 404. The
   * host is the token's {@code api_domain} claim (or the account's current domain without one),
   * and only an amoCRM host is asked: any other gets nothing.
   *
   * @param refreshToken a live refresh token of the account (it is not used up)
   * @param apiDomain the access token's {@code api_domain} claim, or null
   * @return the account's domain, such as {@code example.amocrm.ru}; null if amoCRM did not say
   *     (any failure: this is a hint, and the caller goes on with what it knew)
   */
  @Nullable String currentDomain(String refreshToken, @Nullable String apiDomain) {
    String host = apiDomain != null ? apiDomain : hosts.domain();
    HttpUrl base;
    try {
      base = apiDomain != null ? hosts.baseFor(apiDomain) : hosts.base();
    } catch (UntrustedHostException e) {
      log.warn(
          "not asking {} where account {} moved: {}", AccountHosts.printable(host), key,
          e.getMessage());
      return null;
    }
    Request request = new Request.Builder()
        .url(base.newBuilder().addPathSegments("oauth2/account/current/subdomain").build())
        .header("Accept", "application/json")
        .header("X-Refresh-Token", refreshToken)
        .get()
        .build();
    try (Response response = http.newCall(request).execute()) {
      String body = Bodies.read(response.body(), MAX_BODY);
      if (!response.isSuccessful()) {
        log.info(
            "asked {} where account {} is: it answered {}", base.host(), key, response.code());
        return null;
      }
      Map<String, Object> m = Problem.OBJECT.fromJson(body);
      Object domain = m == null ? null : m.get("domain");
      if (domain instanceof String d && !d.isBlank()) {
        return d.trim().toLowerCase(Locale.ROOT);
      }
      return null;
    } catch (IOException | RuntimeException e) {
      log.info(
          "asking {} where account {} is failed: {}", base.host(), key,
          scrub(e.getClass().getSimpleName() + ": " + e.getMessage(), refreshToken));
      return null;
    }
  }

  private TokenGrant post(Map<String, String> fields, String secret) {
    String json = FIELDS.toJson(fields);
    Request request = new Request.Builder()
        .url(hosts.base().newBuilder().addPathSegments("oauth2/access_token").build())
        .header("Accept", "application/json")
        .post(RequestBody.create(json, JSON))
        .build();
    Instant sentAt = clock.instant();
    boolean heard = listener != RequestListener.NONE;
    long start = heard ? System.nanoTime() : 0;
    int status = 0;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      String body;
      try {
        body = Bodies.read(response.body(), MAX_BODY);
      } catch (Bodies.TooLargeException e) {
        throw invalid("the token endpoint's answer (HTTP " + response.code()
            + ") is larger than " + MAX_BODY + " bytes");
      }
      MediaType type = response.body() == null ? null : response.body().contentType();
      if (response.isSuccessful()) {
        return parseGrant(response.code(), type, body, sentAt);
      }
      throw error(response.code(), type, body, response.header("X-Request-Id"), secret,
          fields.get("grant_type").equals("refresh_token"));
    } catch (IOException e) {
      throw new TokenRefreshException(key, "the token endpoint of " + key
          + " could not be reached: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage(), secret)), e);
    } finally {
      if (heard) {
        listener.onTokenEndpoint(key, fields.get("grant_type"), status,
            Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }

  private TokenGrant parseGrant(int status, @Nullable MediaType type, String body,
      Instant sentAt) {
    if (body.isBlank()) {
      throw invalid("the token endpoint answered " + status + " with an empty body");
    }
    if (Bodies.looksLikeHtml(type, body)) {
      throw invalid("the token endpoint answered " + status + " with HTML, not JSON");
    }
    Map<String, Object> m;
    try {
      m = Problem.OBJECT.fromJson(body);
    } catch (IOException | RuntimeException e) {
      throw invalid("the token endpoint answered " + status
          + " with a body that is not a JSON object");
    }
    if (m == null) {
      throw invalid("the token endpoint answered " + status + " with JSON null");
    }
    String tokenType = optionalString(m, "token_type", status);
    if (tokenType != null && !tokenType.equalsIgnoreCase("Bearer")) {
      throw invalid("the token response's token_type is not Bearer", status);
    }
    String access = requiredString(m, "access_token", status);
    String refresh = requiredString(m, "refresh_token", status);
    long expiresIn = expiresIn(m.get("expires_in"), status);
    String apiDomain = null;
    try {
      apiDomain = Jwt.parse(access).apiDomain().orElse(null);
    } catch (IllegalArgumentException notAJwt) {
      // amoCRM's access tokens are JWTs, but nothing here depends on it.
    }
    return new TokenGrant(access, refresh, expiresIn, sentAt, apiDomain);
  }

  private static long expiresIn(@Nullable Object value, int status) {
    if (value == null) {
      throw invalid("the token response has no expires_in", status);
    }
    double seconds;
    if (value instanceof Number n) {
      seconds = n.doubleValue();
    } else if (value instanceof String s) {
      try {
        if (!s.trim().matches("[0-9]+(\\.0*)?")) {
          throw new NumberFormatException();
        }
        seconds = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw invalid("the token response's expires_in is not a number", status);
      }
    } else {
      throw invalid("the token response's expires_in is not a number", status);
    }
    if (!(seconds > 0) || seconds != Math.floor(seconds)) {
      throw invalid("the token response's expires_in is not a positive whole number of seconds: "
          + value, status);
    }
    if (seconds > MAX_EXPIRES_IN) {
      throw invalid("the token response's expires_in (" + (long) seconds
          + " s) is more than " + MAX_EXPIRES_IN + " s; refusing an absurd expiry", status);
    }
    return (long) seconds;
  }

  private static String requiredString(Map<String, Object> m, String field, int status) {
    String s = optionalString(m, field, status);
    if (s == null || s.isBlank()) {
      throw invalid("the token response has no " + field, status);
    }
    return s;
  }

  private static @Nullable String optionalString(Map<String, Object> m, String field,
      int status) {
    Object v = m.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw invalid("the token response's " + field + " is not a string", status);
    }
    return s;
  }

  private RuntimeException error(int status, @Nullable MediaType type, String body,
      @Nullable String requestId, String secret, boolean refreshing) {
    Problem p = Problem.parse(body);
    requestId = scrubNullable(requestId, secret);
    String hint = scrubNullable(p.hint(), secret);
    String title = scrubNullable(p.title(), secret);
    String detail = scrubNullable(p.detail(), secret);
    if (status == 403 && !p.json()) {
      return new AccountBlockedException("the token endpoint of " + key + " answered 403"
          + (Bodies.looksLikeHtml(type, body) ? " with an HTML page" : "")
          + ApiErrors.BLOCKED, title, detail, requestId);
    }
    String why = hint != null ? hint : title != null ? title : Bodies.describe(type, body);
    String message = "the token endpoint of " + key + " answered " + status + ": " + why
        + (detail != null && !detail.equals(why) ? " (" + detail + ")" : "")
        + (requestId != null ? " [request " + requestId + "]" : "");
    return new OAuthException(message, reason(hint, title, refreshing), status, hint, title,
        detail, requestId);
  }

  /**
   * What a refusal means, from its hint (amoCRM sends the same hint under 400 and 401, so the
   * status says nothing); see {@link OAuthException.Reason}.
   */
  static Reason reason(@Nullable String hint, @Nullable String title, boolean refreshing) {
    String h = hint == null ? "" : hint.toLowerCase(Locale.ROOT);
    // amoCRM runs league/oauth2-server: besides "revoked", a refresh token is refused as expired
    // (3 months unused), undecryptable, or linked to another client. Each needs a person.
    if (h.contains("token has been revoked") || h.contains("invalid refresh token")
        || (refreshing && (h.contains("token has expired") || h.contains("refresh token")
            || h.contains("not linked to client")))) {
      return Reason.REFRESH_TOKEN_REFUSED;
    }
    if (h.contains("authorization code")) {
      return Reason.AUTHORIZATION_CODE_REFUSED;
    }
    if (h.contains("client_id") || h.contains("client_secret")
        || (title != null && title.contains("Некорректный клиент"))) {
      return Reason.INVALID_CLIENT;
    }
    if (h.contains("redirect uri")) {
      return Reason.REDIRECT_URI_MISMATCH;
    }
    return Reason.OTHER;
  }

  /** A success answer without a usable token: never retried, the stored tokens untouched. */
  private static InvalidResponseException invalid(String message) {
    return new InvalidResponseException(message + "; the stored tokens are unchanged");
  }

  private static InvalidResponseException invalid(String what, int status) {
    return invalid("the token endpoint answered " + status + ", but " + what);
  }

  private @Nullable String scrubNullable(@Nullable String text, String secret) {
    if (text == null) {
      return null;
    }
    String s = scrub(text, secret);
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }

  /**
   * Removes the secrets this request carried (the code or refresh token, the client secret) from
   * text built from the server's answer, whole or any 12+ character piece of them.
   */
  private String scrub(String text, String secret) {
    return Objects.requireNonNull(redactor(List.of(secret)).redact(text));
  }
}
