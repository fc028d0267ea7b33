package io.github.farolero.amocrm.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A fake amoCRM on loopback for integration tests, with amoCRM's real token rules.
 *
 * <ul>
 *   <li>{@code POST /oauth2/access_token}: code exchange and refresh. Each refresh returns a new
 *       pair and kills the old refresh token; a reused one gets {@code 401} problem+json
 *       {@code "Token has been revoked"}; codes are single-use and expire after 20 minutes;
 *       a wrong client id, secret or redirect URI gets amoCRM's hints.
 *   <li>Access tokens expire on the {@link Builder#clock(Clock) clock} the test controls.
 *   <li>{@code GET /api/v4/account} checks the Bearer token.
 *   <li>Counters of token-endpoint calls, adjustable latency on the token endpoint (to widen
 *       races), scripted raw answers (to test bad input), and a "blocked account" switch.
 * </ul>
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.create();
 * try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
 *   AmoCrmClient client = AmoCrmClient.builder()
 *       .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
 *       .clientId(amo.clientId()).clientSecret(amo.clientSecret())
 *       .redirectUri(amo.redirectUri())
 *       .tokenStore(store).clock(clock).build();
 *   client.tokens().authorize(amo.issueAuthorizationCode());
 *   clock.advance(Duration.ofHours(24));
 *   client.account();                                  // refreshes first
 *   assertThat(amo.refreshCalls()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Binds to 127.0.0.1 only.
 */
public final class MockAmoCrmServer implements AutoCloseable {

  /** The default account domain. */
  public static final String DEFAULT_DOMAIN = "example.amocrm.ru";

  private static final JsonAdapter<Map<String, Object>> MAP = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final String BLOCKED_HTML = "<!DOCTYPE html>\n<html><head><title>403 Forbidden"
      + "</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center>"
      + "</body></html>\n";

  private final MockWebServer server = new MockWebServer();
  private final Clock clock;
  private final String accountDomain;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final MockOAuth oauth;
  private final AtomicLong tokenLatencyMillis = new AtomicLong();
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicInteger apiCalls = new AtomicInteger();
  private final AtomicInteger unauthorizedApiCalls = new AtomicInteger();
  private final Deque<MockResponse> scriptedTokenResponses = new ArrayDeque<>(); // guarded
  private volatile boolean blocked;

  private MockAmoCrmServer(Builder b) {
    this.clock = b.clock;
    this.accountDomain = b.accountDomain;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.redirectUri = b.redirectUri;
    this.oauth = new MockOAuth(clock, accountDomain, clientId, clientSecret, redirectUri,
        b.accessTokenLifetime, b.codeLifetime);
    server.setDispatcher(new Router());
  }

  /** Returns a builder with the defaults: system clock, {@value #DEFAULT_DOMAIN}, 24 h tokens. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with the defaults. */
  public static MockAmoCrmServer start() {
    return builder().start();
  }

  /** Returns the base URL to give {@code AmoCrmClient.Builder.baseUrl}: http on 127.0.0.1. */
  public HttpUrl baseUrl() {
    return new HttpUrl.Builder()
        .scheme("http")
        .host(InetAddress.getLoopbackAddress().getHostAddress())
        .port(server.getPort())
        .build();
  }

  /** Returns the account's domain (the grant key's domain). */
  public String accountDomain() {
    return accountDomain;
  }

  /** Returns the key tokens of this account are stored under by default. */
  public GrantKey grantKey() {
    return GrantKey.of(accountDomain);
  }

  /** Returns the client id the token endpoint accepts. */
  public String clientId() {
    return clientId;
  }

  /** Returns the client secret the token endpoint accepts. */
  public String clientSecret() {
    return clientSecret;
  }

  /** Returns the redirect URI the token endpoint accepts. */
  public String redirectUri() {
    return redirectUri;
  }

  /** Returns a new single-use authorization code, valid for the code lifetime. */
  public String issueAuthorizationCode() {
    return oauth.issueCode();
  }

  /** Issues a pair directly, as if a code had been exchanged, to seed a store. */
  public IssuedTokens issueTokens() {
    return oauth.issuePair();
  }

  /**
   * Issues a long-lived token (no refresh token).
   *
   * @param lifetime how long it stays valid on the mock's clock
   * @return the token
   */
  public IssuedTokens issueLongLivedToken(Duration lifetime) {
    return oauth.issueLongLived(Objects.requireNonNull(lifetime, "lifetime == null"));
  }

  /** Revokes every token issued so far, as when a user uninstalls the integration. */
  public void revokeAllTokens() {
    oauth.revokeAll();
  }

  /**
   * Revokes one access token (it gets 401 from now on); its refresh token still works.
   *
   * @param accessToken the token
   */
  public void revokeAccessToken(String accessToken) {
    oauth.revokeAccessToken(accessToken);
  }

  /** Returns true if the refresh token was issued here and not used or revoked. */
  public boolean isRefreshTokenLive(String refreshToken) {
    return oauth.hasLiveRefreshToken(refreshToken);
  }

  /** Returns true if the access token was issued here, is not revoked and has not expired. */
  public boolean isAccessTokenValid(String accessToken) {
    return oauth.isValidAccessToken(accessToken);
  }

  /**
   * Delays every token-endpoint answer, to widen races.
   *
   * @param latency the delay; zero for none
   */
  public void tokenEndpointLatency(Duration latency) {
    tokenLatencyMillis.set(Objects.requireNonNull(latency, "latency == null").toMillis());
  }

  /**
   * Makes the next token-endpoint call answer with exactly this, whatever it asked (the call is
   * counted; token state does not change). For testing malformed, empty and HTML answers.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type, or null for none
   * @param body the body
   */
  public void enqueueTokenEndpointResponse(int status, @Nullable String contentType,
      String body) {
    MockResponse.Builder r = new MockResponse.Builder().code(status).body(body);
    if (contentType != null) {
      r.addHeader("Content-Type", contentType);
    }
    synchronized (scriptedTokenResponses) {
      scriptedTokenResponses.add(r.build());
    }
  }

  /**
   * Blocks the account: every request, the token endpoint included, gets amoCRM's 403 HTML page.
   *
   * @param blocked true to block, false to lift
   */
  public void blockAccount(boolean blocked) {
    this.blocked = blocked;
  }

  /** Returns how many requests reached the token endpoint (codes and refreshes, any outcome). */
  public int tokenEndpointCalls() {
    return oauth.tokenEndpointCalls.get();
  }

  /** Returns how many refresh requests arrived (any outcome). */
  public int refreshCalls() {
    return oauth.refreshCalls.get();
  }

  /** Returns how many refreshes succeeded. */
  public int successfulRefreshes() {
    return oauth.successfulRefreshes.get();
  }

  /** Returns how many refreshes were refused with "Token has been revoked". */
  public int revokedRefreshes() {
    return oauth.revokedRefreshes.get();
  }

  /** Returns how many code exchanges arrived (any outcome). */
  public int codeExchanges() {
    return oauth.codeExchanges.get();
  }

  /** Returns how many API requests ({@code /api/v4/...}) arrived. */
  public int apiCalls() {
    return apiCalls.get();
  }

  /** Returns how many API requests were refused with 401. */
  public int unauthorizedApiCalls() {
    return unauthorizedApiCalls.get();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "MockAmoCrmServer{" + accountDomain + " at " + baseUrl() + '}';
  }

  private MockResponse.Builder json(int status, Object body, String contentType) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", contentType)
        .addHeader("X-Request-Id", "mock-" + requestIds.incrementAndGet())
        .body(MAP.toJson(castMap(body)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object body) {
    return (Map<String, Object>) body;
  }

  private final class Router extends mockwebserver3.Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (blocked) {
        return new MockResponse.Builder().code(403)
            .addHeader("Content-Type", "text/html").body(BLOCKED_HTML).build();
      }
      String path = request.getUrl().encodedPath();
      if (path.equals("/oauth2/access_token")) {
        return tokenEndpoint(request);
      }
      if (path.startsWith("/api/v4/")) {
        return api(request, path.substring("/api/v4/".length()));
      }
      return problem(404, "Not Found", "No such route in MockAmoCrmServer: " + path).build();
    }

    private MockResponse tokenEndpoint(RecordedRequest request) {
      long latency = tokenLatencyMillis.get();
      MockResponse scripted;
      synchronized (scriptedTokenResponses) {
        scripted = scriptedTokenResponses.poll();
      }
      MockResponse.Builder answer;
      if (scripted != null) {
        oauth.tokenEndpointCalls.incrementAndGet();
        answer = scripted.newBuilder();
      } else if (!"POST".equals(request.getMethod())) {
        answer = problem(405, "Method Not Allowed", "use POST");
      } else {
        MockOAuth.Reply reply = oauth.handle(form(request));
        answer = json(reply.status(), Objects.requireNonNull(reply.json()),
            reply.status() == 200 ? "application/json" : "application/problem+json");
      }
      if (latency > 0) {
        answer.headersDelay(latency, TimeUnit.MILLISECONDS);
      }
      return answer.build();
    }

    private MockResponse api(RecordedRequest request, String path) {
      apiCalls.incrementAndGet();
      String auth = request.getHeaders().get("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
      if (token == null || !oauth.isValidAccessToken(token)) {
        unauthorizedApiCalls.incrementAndGet();
        return problem(401, "Unauthorized", token == null
            ? "Authorization header is missing" : "Access token is invalid or expired").build();
      }
      if (path.equals("account") && "GET".equals(request.getMethod())) {
        Map<String, Object> account = new HashMap<>();
        account.put("id", 31000000);
        account.put("name", "Mock account");
        account.put("subdomain", accountDomain.substring(0, accountDomain.indexOf('.')));
        account.put("created_at", 1_600_000_000);
        account.put("created_by", 0);
        account.put("current_user_id", 1);
        account.put("country", "RU");
        account.put("currency", "RUB");
        account.put("customers_mode", "disabled");
        account.put("is_unsorted_on", true);
        account.put("amojo_id", "00000000-0000-4000-8000-000000000001");
        account.put("_links", Map.of("self", Map.of("href", baseUrl() + "api/v4/account")));
        return json(200, account, "application/hal+json").build();
      }
      return problem(404, "Not Found", "No such API route in MockAmoCrmServer: " + path).build();
    }

    private MockResponse.Builder problem(int status, String title, String detail) {
      Map<String, Object> body = new HashMap<>();
      body.put("title", title);
      body.put("type", "https://httpstatus.es/" + status);
      body.put("status", status);
      body.put("detail", detail);
      return json(status, body, "application/problem+json");
    }
  }

  /** Reads a token request body, JSON or form-urlencoded, as amoCRM accepts both. */
  private static Map<String, String> form(RecordedRequest request) {
    ByteString raw = request.getBody();
    String body = raw == null ? "" : raw.utf8();
    Map<String, String> out = new HashMap<>();
    String type = request.getHeaders().get("Content-Type");
    if (type != null && type.contains("json")) {
      try {
        Map<String, Object> m = MAP.fromJson(body);
        if (m != null) {
          m.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        }
      } catch (IOException | RuntimeException e) {
        // An unreadable body leaves the fields empty; the token rules refuse it.
      }
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Builds and starts a {@link MockAmoCrmServer}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String accountDomain = DEFAULT_DOMAIN;
    private String clientId = "00000000-0000-4000-8000-0000000000c1";
    private String clientSecret = "mock-client-secret-8e3f1a";
    private String redirectUri = "https://app.example.test/amocrm/callback";
    private Duration accessTokenLifetime = Duration.ofHours(24);
    private Duration codeLifetime = Duration.ofMinutes(20);

    private Builder() {}

    /**
     * Sets the clock tokens expire on. Default the system clock.
     *
     * @param clock the clock; share a {@link MutableClock} with the client
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets the account's domain. Default {@value MockAmoCrmServer#DEFAULT_DOMAIN}.
     *
     * @param domain the domain
     * @return this builder
     */
    public Builder accountDomain(String domain) {
      this.accountDomain = GrantKey.of(domain).domain();
      return this;
    }

    /**
     * Sets the client id the token endpoint accepts.
     *
     * @param clientId the id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId == null");
      return this;
    }

    /**
     * Sets the client secret the token endpoint accepts.
     *
     * @param clientSecret the secret
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
      return this;
    }

    /**
     * Sets the redirect URI the token endpoint accepts.
     *
     * @param redirectUri the URI
     * @return this builder
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri == null");
      return this;
    }

    /**
     * Sets how long access tokens live. Default 24 hours, as amoCRM's.
     *
     * @param lifetime the lifetime
     * @return this builder
     */
    public Builder accessTokenLifetime(Duration lifetime) {
      this.accessTokenLifetime = Objects.requireNonNull(lifetime, "lifetime == null");
      return this;
    }

    /**
     * Sets how long authorization codes live. Default 20 minutes.
     *
     * @param lifetime the lifetime
     * @return this builder
     */
    public Builder codeLifetime(Duration lifetime) {
      this.codeLifetime = Objects.requireNonNull(lifetime, "lifetime == null");
      return this;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @return the running server; close it when done
     */
    public MockAmoCrmServer start() {
      MockAmoCrmServer s = new MockAmoCrmServer(this);
      try {
        s.server.start(InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("MockAmoCrmServer could not start", e);
      }
      return s;
    }
  }
}
