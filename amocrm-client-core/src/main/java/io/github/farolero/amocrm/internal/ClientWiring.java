package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.Sleeper;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Assembles one client: its HTTP clients with their interceptors, the shared limiter's lane, the
 * token endpoint and manager, and the services. {@code AmoCrmClient} keeps only what this makes.
 * Thread-safe once made.
 */
public final class ClientWiring {

  /** The library's timeouts, applied where the caller's OkHttpClient left OkHttp's defaults. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

  /** OkHttp's own defaults: 10 s connect, read and write, no call timeout. */
  private static final long OKHTTP_IO_DEFAULT = 10_000;
  private static final long OKHTTP_CALL_DEFAULT = 0;

  private final TokenManager tokens;
  private final AccountHosts hosts;
  private final OkHttpClient apiHttp;
  private final OkHttpClient tokenHttp;
  private final ApiServices services;

  /**
   * Wires a client.
   *
   * @param given the caller's OkHttpClient to derive from, or null for the library's own
   * @param clientId the integration's id, or null for a long-lived token without one
   * @param clientSecret the integration's secret, or null
   * @param redirectUri the registered redirect URI, or null
   */
  public ClientWiring(
      @Nullable OkHttpClient given,
      HttpUrl baseUrl,
      GrantKey key,
      @Nullable String clientId,
      @Nullable String clientSecret,
      @Nullable String redirectUri,
      TokenStore store,
      Clock clock,
      RefreshPolicy refreshPolicy,
      TokenListener listener,
      RateLimit rateLimit,
      RetryPolicy retryPolicy,
      Sleeper sleeper) {
    this(given, AccountHosts.fixed(key.domain(), baseUrl), key, clientId, clientSecret,
        redirectUri, store, clock, refreshPolicy, listener, RequestLimits.of(rateLimit), retryPolicy,
        sleeper);
  }

  /**
   * Wires a client whose requests go where {@code hosts} says: the account's host, following it
   * if it moves.
   */
  public ClientWiring(
      @Nullable OkHttpClient given,
      AccountHosts hosts,
      GrantKey key,
      @Nullable String clientId,
      @Nullable String clientSecret,
      @Nullable String redirectUri,
      TokenStore store,
      Clock clock,
      RefreshPolicy refreshPolicy,
      TokenListener listener,
      RequestLimits limits,
      RetryPolicy retryPolicy,
      Sleeper sleeper) {
    this(given, hosts, key, clientId, clientSecret, redirectUri, store, clock, refreshPolicy,
        listener, limits, retryPolicy, sleeper, RequestListener.NONE);
  }

  /**
   * Wires a client whose requests go where {@code hosts} says and whose request path tells
   * {@code requestListener} what it meets.
   */
  public ClientWiring(
      @Nullable OkHttpClient given,
      AccountHosts hosts,
      GrantKey key,
      @Nullable String clientId,
      @Nullable String clientSecret,
      @Nullable String redirectUri,
      TokenStore store,
      Clock clock,
      RefreshPolicy refreshPolicy,
      TokenListener listener,
      RequestLimits limits,
      RetryPolicy retryPolicy,
      Sleeper sleeper,
      RequestListener requestListener) {
    RequestListener events = RequestEvents.safe(
        Objects.requireNonNull(requestListener, "requestListener == null"));
    this.hosts = hosts;
    HttpUrl baseUrl = hosts.configured();
    OkHttpClient base = withTimeouts(given);
    ClientHeadersInterceptor headers = new ClientHeadersInterceptor(clientId);
    // Every client of one integration and account shares the limiter, whatever its own limit,
    // and what amoCRM answered it (a 429 pauses all of them, a ban stops all of them).
    // Through a shared budget, every process's.
    String origin = baseUrl.scheme() + "://" + baseUrl.host() + ":" + baseUrl.port();
    RateLimiters.Lane lane = RateLimiters.shared().lane(
        Objects.requireNonNullElse(clientId, ""), key.domain(), origin, limits.limit(),
        limits.budget());
    RateLimit accountLimit = limits.accountLimit();
    RateLimiters.Lane account = accountLimit == null ? null : RateLimiters.shared().lane(
        null, key.domain(), origin, accountLimit, limits.budget());
    // The token endpoint gets its own client without the auth interceptors: a refresh must never
    // wait on itself. It shares the connection pool and dispatcher of the base client, never
    // follows redirects (its requests carry the client secret), and always has a call timeout (a
    // refresh must end: the engine's flight bound counts on it). API calls have none unless the
    // caller set one: each connect, read and write is bounded, and arming okio's watchdog for a
    // whole call costs every request (issue 13's measurement: 3-6 µs of ~53).
    OkHttpClient.Builder token = base.newBuilder();
    if (base.callTimeoutMillis() == OKHTTP_CALL_DEFAULT) {
      token.callTimeout(CALL_TIMEOUT);
    }
    this.tokenHttp = token
        .addInterceptor(headers)
        .addNetworkInterceptor(new RetryAfterGuard())
        .addNetworkInterceptor(RateLimitInterceptor.observer(lane, account, clock)
            .withListener(events))
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    TokenEndpoint endpoint = new TokenEndpoint(tokenHttp, hosts, key,
        Objects.requireNonNullElse(clientId, ""), Objects.requireNonNullElse(clientSecret, ""),
        Objects.requireNonNullElse(redirectUri, ""), clock, events);
    this.tokens = new TokenManager(key, store, endpoint, clock, refreshPolicy, listener, sleeper);
    // The request path, outside in: the auth interceptor (retries after a 401), the limiter's
    // wait (a retry goes ahead of the queue), then on the wire side the limiter's check of what
    // is actually sent, and last the bearer interceptor: the token is chosen after every wait,
    // immediately before the request is written (amoCRM may kill a token at any time).
    this.apiHttp = base.newBuilder()
        .addInterceptor(headers)
        .addInterceptor(new AuthInterceptor(tokens, hosts))
        .addInterceptor(RateLimitInterceptor.application(lane, account, clock)
            .withListener(events))
        .addNetworkInterceptor(new RetryAfterGuard())
        .addNetworkInterceptor(RateLimitInterceptor.network(lane, account, clock)
            .withListener(events))
        .addNetworkInterceptor(new BearerInterceptor(tokens, hosts))
        .build();
    this.services = new ApiServices(
        new ApiTransport(apiHttp, baseUrl, retryPolicy, sleeper, clock, tokens::scrub,
            headers.headers(), events));
  }

  /** Returns the token manager: the client's {@code tokens()}. */
  public TokenManager tokens() {
    return tokens;
  }

  /** Returns where the account's requests go. */
  public AccountHosts hosts() {
    return hosts;
  }

  /** Returns the services. */
  public ApiServices services() {
    return services;
  }

  /** The API's HTTP client, with every interceptor of the request path. */
  public OkHttpClient apiHttp() {
    return apiHttp;
  }

  /** The token endpoint's HTTP client. */
  OkHttpClient tokenHttp() {
    return tokenHttp;
  }

  /**
   * Returns where requests go: the base URL if one was set, else {@code https://<domain>/}.
   * Tokens and the client secret travel to it, so plain http goes only to loopback unless allowed,
   * and without a base URL only to an amoCRM account host.
   *
   * @param domainVariable the environment variable the domain came from, or null; errors name it
   *     instead of quoting the value
   * @param baseUrlVariable the same for the base URL
   * @throws IllegalArgumentException if the URL is not one of those
   */
  public static HttpUrl baseUrl(String domain, @Nullable HttpUrl given, boolean allowInsecureHttp,
      @Nullable String domainVariable, @Nullable String baseUrlVariable) {
    if (given != null) {
      if (!given.isHttps() && !isLoopback(given.host()) && !allowInsecureHttp) {
        throw new IllegalArgumentException((baseUrlVariable != null ? baseUrlVariable
            : "baseUrl " + given.scheme() + "://" + given.host())
            + " is plain http to a host that is not loopback: tokens would"
            + " travel in the clear; use https, or allowInsecureHttp() if you must");
      }
      return given;
    }
    if (!isAccountDomain(domain)) {
      throw new IllegalArgumentException((domainVariable != null ? domainVariable
          : "accountDomain") + " must be an account host under amocrm.ru, amocrm.com or"
          + " kommo.com (such as example.amocrm.ru)"
          + (domainVariable != null ? "" : ", not \"" + domain + "\"")
          + "; set " + (domainVariable != null ? ClientEnvironment.BASE_URL + " or " : "")
          + "baseUrl(...) to use another host");
    }
    return new HttpUrl.Builder().scheme("https").host(domain).build();
  }

  /** Returns true for a loopback host: {@code localhost}, {@code 127.0.0.0/8}, {@code ::1}. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /**
   * Returns true for an amoCRM account host: one label under {@code amocrm.ru},
   * {@code amocrm.com} or {@code kommo.com}, and not {@code www}.
   */
  static boolean isAccountDomain(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    for (String suffix : new String[] {".amocrm.ru", ".amocrm.com", ".kommo.com"}) {
      if (d.endsWith(suffix)) {
        String label = d.substring(0, d.length() - suffix.length());
        return !label.isEmpty() && !label.contains(".") && !label.equals("www");
      }
    }
    return false;
  }

  /**
   * Returns the client every other derives from: the caller's, with the library's timeouts
   * wherever it has OkHttp's defaults (a value equal to the default is taken as not set: OkHttp
   * cannot tell the two apart), or the library's own.
   */
  static OkHttpClient withTimeouts(@Nullable OkHttpClient given) {
    if (given == null) {
      return new OkHttpClient.Builder()
          .connectTimeout(CONNECT_TIMEOUT)
          .readTimeout(READ_TIMEOUT)
          .writeTimeout(WRITE_TIMEOUT)
          .build();
    }
    OkHttpClient.Builder b = given.newBuilder();
    if (given.connectTimeoutMillis() == OKHTTP_IO_DEFAULT) {
      b.connectTimeout(CONNECT_TIMEOUT);
    }
    if (given.readTimeoutMillis() == OKHTTP_IO_DEFAULT) {
      b.readTimeout(READ_TIMEOUT);
    }
    if (given.writeTimeoutMillis() == OKHTTP_IO_DEFAULT) {
      b.writeTimeout(WRITE_TIMEOUT);
    }
    return b.build();
  }
}
