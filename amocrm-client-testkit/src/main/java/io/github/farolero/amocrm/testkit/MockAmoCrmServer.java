package io.github.farolero.amocrm.testkit;

import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A fake amoCRM on loopback for integration tests, with amoCRM's real token rules and an
 * in-memory API v4.
 *
 * <ul>
 *   <li>{@code POST /oauth2/access_token}: code exchange and refresh. Each refresh returns a new
 *       pair and kills the old refresh token; a reused one gets {@code 401} problem+json
 *       {@code "Token has been revoked"}; a refresh token dies 90 days after its issue
 *       ({@code 401 "Token has expired"}); codes are single-use and expire after 20 minutes;
 *       a wrong client id, secret or redirect URI gets amoCRM's hints. Stricter, unconfirmed
 *       rules can be switched on: {@link Builder#refreshRevokesOldAccessToken(boolean)},
 *       {@link Builder#reuseRevokesChain(boolean)}; {@link #revokeAccessTokens()} kills every
 *       access token at once, as a reinstall does.
 *   <li>Access tokens expire on the {@link Builder#clock(Clock) clock} the test controls; every
 *       API request checks its Bearer token (401 problem+json).
 *   <li>API v4: account, users, leads (with {@code leads/complex}), contacts, companies, tasks,
 *       pipelines and statuses ({@link MockSeed}), notes, tags, custom field definitions and
 *       events, in memory. Lists page with {@code page}/{@code limit} (at most 250), filter
 *       ({@code filter[...]}, {@code query}), order, link the next page absolutely in
 *       {@code _links.next}, and answer {@code 204 No Content} when empty. Writes are validated
 *       and refused with amoCRM's {@code 400} {@code validation-errors}.
 *   <li>Webhooks: {@code GET/POST/DELETE /api/v4/webhooks} keep subscriptions; when a lead, a
 *       contact or a company is added, updated, given another responsible user (through the
 *       API) or deleted ({@link #deleteEntity(String, long)}), or a lead moved to another
 *       status, each subscription to that event ({@code add_lead}, {@code status_lead}, {@code
 *       update_contact}, {@code delete_company}...) gets amoCRM's form-encoded body POSTed from a
 *       background thread (a company under {@code contacts}, with {@code type=company}).
 *       Only loopback destinations are delivered to; a failing one is counted ({@link
 *       #webhookFailures()}) and never fails the API call. {@link #awaitWebhooks(Duration)}
 *       waits until those queued so far are sent.
 *   <li>amoCRM's limit: at most 7 API requests in any 1-second window, by arrival (real time);
 *       beyond it {@code 429} with an HTML body ({@link Builder#rateLimit}, {@link
 *       Builder#noRateLimit}). The token endpoint is not counted.
 *   <li>{@link #moveAccount(String)}: the account moves to another domain, played by a second
 *       server; {@code GET /oauth2/account/current/subdomain} says where it is. Give the client
 *       {@link #baseUrlResolver()} to follow it.
 *   <li>Switches: a blocked account (403 HTML everywhere), an unpaid account (402), a denied IP
 *       (403, code 113), and {@link #faults()}: latency, 5xx, dropped connections, raw answers.
 *   <li>Counters: token-endpoint calls, pairs issued (and the newest, {@link
 *       #latestIssuedTokens()}), API requests per method and path, 429s sent, the peak number of
 *       requests seen in one window.
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
 * <p>Thread-safe. Binds to 127.0.0.1 only. Its connections have {@code TCP_NODELAY} on, so a
 * large page does not wait 40 ms for a delayed ACK before its last bytes leave.
 */
public final class MockAmoCrmServer implements AutoCloseable {

  /** The default account domain. */
  public static final String DEFAULT_DOMAIN = "example.amocrm.ru";

  private final MockWebServer server = new MockWebServer();
  // TCP_NODELAY on every accepted connection: with Nagle on, a page's last short write waited
  // for the client's delayed ACK (40 ms) on many 115 KB pages. See NoDelayServerSocketFactory.
  final NoDelayServerSocketFactory sockets = new NoDelayServerSocketFactory();
  private final Clock clock;
  private final String accountDomain;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final boolean linksOnAccountDomain;
  final MockOAuth oauth;
  final MockApi api;
  final MockRateWindow window;
  final MockFaults faults = new MockFaults();
  final AtomicLong tokenLatencyMillis = new AtomicLong();
  final AtomicLong tokenBodyDelayMillis = new AtomicLong();
  final AtomicInteger apiCalls = new AtomicInteger();
  final AtomicInteger unauthorizedApiCalls = new AtomicInteger();
  final AtomicInteger tooManyRequests = new AtomicInteger();
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  final Deque<MockResponse> scriptedTokenResponses = new ArrayDeque<>(); // guarded
  volatile boolean blocked;
  volatile boolean paymentRequired;
  volatile boolean ipDenied;
  volatile okhttp3.@Nullable Headers lastApiHeaders;
  volatile @Nullable HttpUrl lastApiUrl;
  /** Where the account is now: {@link #accountDomain} until {@link #moveAccount}. */
  volatile String currentDomain;
  /** The servers of the domains the account moved to, by domain. */
  private final Map<String, MockWebServer> movedTo = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> hostRequests = new ConcurrentHashMap<>();
  final AtomicInteger subdomainCalls = new AtomicInteger();

  private MockAmoCrmServer(Builder b) {
    this.clock = b.clock;
    this.accountDomain = b.accountDomain;
    this.currentDomain = b.accountDomain;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.redirectUri = b.redirectUri;
    this.linksOnAccountDomain = b.linksOnAccountDomain;
    this.oauth = new MockOAuth(clock, accountDomain, clientId, clientSecret, redirectUri,
        new MockOAuth.Rules(b.accessTokenLifetime, b.codeLifetime, b.refreshTokenLifetime,
            b.refreshRevokesOldAccessToken, b.reuseRevokesChain));
    this.api = new MockApi(clock, accountDomain, this::linkBase);
    this.window = new MockRateWindow(b.rateLimit, b.rateWindow.toNanos());
    server.setServerSocketFactory(sockets);
    server.setDispatcher(new MockRouter(this, accountDomain));
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

  /**
   * Moves the account to another domain, as amoCRM does when an account's subdomain changes: a
   * second server (on its own loopback port, {@link #baseUrl(String)}) plays the new domain and
   * serves the account from now on, with the same tokens. The old domain's server then refuses
   * API requests with 401 and answers its token endpoint with 404 (how amoCRM answers there is
   * unconfirmed; its own library asks where the account went on a 401 or 404 from a refresh).
   * Tokens issued from now on name the new domain in their {@code api_domain} claim, and {@code
   * GET /oauth2/account/current/subdomain} (served on every domain, for a live refresh token in
   * {@code X-Refresh-Token}) answers it. Point the client at the mock with {@link
   * #baseUrlResolver()} so it can follow.
   *
   * @param domain the new domain, such as {@code renamed.amocrm.ru}; any host name, so a test can
   *     name one that is not amoCRM's and check that the client refuses it
   * @return the new domain's base URL
   * @throws IllegalArgumentException if it is not a host name
   */
  public HttpUrl moveAccount(String domain) {
    String d = GrantKey.of(Objects.requireNonNull(domain, "domain == null")).domain();
    if (!d.equals(accountDomain)) {
      movedTo.computeIfAbsent(d, k -> {
        MockWebServer s = new MockWebServer();
        s.setServerSocketFactory(sockets);
        s.setDispatcher(new MockRouter(this, k));
        try {
          s.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
          throw new UncheckedIOException("MockAmoCrmServer could not start " + k, e);
        }
        return s;
      });
    }
    currentDomain = d;
    oauth.apiDomain(d);
    return baseUrl(d);
  }

  /** Returns the domain the account is at now: {@link #accountDomain()} until it moved. */
  public String currentDomain() {
    return currentDomain;
  }

  /**
   * Returns the base URL of a domain this mock plays: the account's first ({@link #baseUrl()})
   * or one it {@link #moveAccount moved} to.
   *
   * @param domain the domain
   * @return its server's URL
   * @throws IllegalArgumentException if the mock does not play that domain
   */
  public HttpUrl baseUrl(String domain) {
    Objects.requireNonNull(domain, "domain == null");
    if (domain.equals(accountDomain)) {
      return baseUrl();
    }
    MockWebServer s = movedTo.get(domain);
    if (s == null) {
      throw new IllegalArgumentException("MockAmoCrmServer does not play " + domain);
    }
    return new HttpUrl.Builder().scheme("http")
        .host(InetAddress.getLoopbackAddress().getHostAddress()).port(s.getPort()).build();
  }

  /**
   * Returns the resolver to give {@code AmoCrmClient.Builder.baseUrlResolver} instead of a fixed
   * base URL, so the client can follow {@link #moveAccount}: each domain to its server's URL
   * ({@link #baseUrl(String)}); it throws for a domain the mock does not play.
   */
  public java.util.function.Function<String, HttpUrl> baseUrlResolver() {
    return this::baseUrl;
  }

  /**
   * Returns how many requests (of any kind) reached the server playing a domain.
   *
   * @param domain the domain
   * @return the count; zero for a domain nothing reached
   */
  public int requestsTo(String domain) {
    AtomicInteger n = hostRequests.get(domain);
    return n == null ? 0 : n.get();
  }

  /** Returns how many {@code GET /oauth2/account/current/subdomain} requests arrived. */
  public int subdomainCalls() {
    return subdomainCalls.get();
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

  /**
   * Issues a pair directly, as if a code had been exchanged, to seed a store. It starts a new
   * authorization: the chain {@link Builder#reuseRevokesChain(boolean)} revokes.
   */
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
   * Revokes every access token issued so far (long-lived ones included), now, whatever the clock
   * says, as a reinstall of the integration or a revocation on amoCRM's side does. Refresh tokens
   * stay live: a client that refreshes gets a working pair. Tokens issued after this call work.
   */
  public void revokeAccessTokens() {
    oauth.revokeAccessTokens();
  }

  /**
   * Revokes one access token (it gets 401 from now on); its refresh token still works.
   *
   * @param accessToken the token
   */
  public void revokeAccessToken(String accessToken) {
    oauth.revokeAccessToken(accessToken);
  }

  /**
   * Returns true if the refresh token was issued here and is not used, revoked or expired (on the
   * mock's clock).
   *
   * @param refreshToken the token
   * @return whether a refresh with it would succeed now
   */
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
   * Delays the BODY of every token-endpoint answer (scripted ones included): the status line and
   * headers are sent at once, the body after this delay, so a client can be caught between the
   * two. A refresh is already processed when the headers leave: the old refresh token is dead and
   * the new pair is issued ({@link #latestIssuedTokens()}) though the client has not read it yet.
   * Adds to {@link #tokenEndpointLatency(Duration)}, which delays the headers.
   *
   * @param delay the delay; zero for none
   * @throws IllegalArgumentException if it is negative
   */
  public void tokenEndpointBodyDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay < 0: " + delay);
    }
    tokenBodyDelayMillis.set(delay.toMillis());
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

  /**
   * Returns the headers of the last API request the mock received (not the token endpoint's), or
   * null if none came yet: to check what a client sends ({@code User-Agent}, {@code
   * X-Client-UUID}, {@code Authorization}).
   */
  public okhttp3.@Nullable Headers lastApiRequestHeaders() {
    return lastApiHeaders;
  }

  /**
   * Returns the URL of the last API request the mock received, or null if none came yet: to
   * check the query a client sends.
   */
  public @Nullable HttpUrl lastApiRequestUrl() {
    return lastApiUrl;
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

  /**
   * Returns how many refreshes were refused with "Token has expired": the refresh token was older
   * than {@link Builder#refreshTokenLifetime(Duration)}.
   *
   * @return the count
   */
  public int expiredRefreshes() {
    return oauth.expiredRefreshes.get();
  }

  /** Returns how many code exchanges arrived (any outcome). */
  public int codeExchanges() {
    return oauth.codeExchanges.get();
  }

  /**
   * Returns how many pairs (access and refresh token) the mock has issued: by code exchanges,
   * refreshes and {@link #issueTokens()}. Long-lived tokens are not pairs and are not counted.
   *
   * @return the count
   */
  public int issuedPairs() {
    return oauth.issuedPairs.get();
  }

  /**
   * Returns the newest pair the mock has issued (by a code exchange, a refresh or {@link
   * #issueTokens()}), even one whose answer the client never read: what a store should hold after
   * the last refresh.
   *
   * @return the pair, or empty if none was issued
   */
  public Optional<IssuedTokens> latestIssuedTokens() {
    return oauth.latestIssued();
  }

  /** Returns how many API requests ({@code /api/v4/...}) arrived. */
  public int apiCalls() {
    return apiCalls.get();
  }

  /** Returns how many API requests were refused with 401. */
  public int unauthorizedApiCalls() {
    return unauthorizedApiCalls.get();
  }

  /**
   * Returns how many API requests arrived with this method and path, answered or refused.
   *
   * @param method such as {@code POST}
   * @param path such as {@code /api/v4/leads} (no query)
   * @return the count
   */
  public int apiRequests(String method, String path) {
    AtomicInteger n = requests.get(method + " " + path);
    return n == null ? 0 : n.get();
  }

  /** Returns how many API requests were refused with 429 for breaking the rate window. */
  public int tooManyRequestsSent() {
    return tooManyRequests.get();
  }

  /**
   * Returns the most API requests that arrived within one rate window (answered or refused), over
   * the server's life: what a client's limiter actually achieved.
   *
   * @return the peak count
   */
  public int peakRequestsInWindow() {
    return window.peak();
  }

  /** Returns the switches of the API's faults: latency, 5xx, dropped connections. */
  public MockFaults faults() {
    return faults;
  }

  /**
   * Makes every API request answer {@code 402 Payment Required}, as for an unpaid account.
   *
   * @param required true to switch on, false to lift
   */
  public void requirePayment(boolean required) {
    this.paymentRequired = required;
  }

  /**
   * Makes every API request answer 403 with amoCRM's error code 113 (this IP is not allowed).
   *
   * @param denied true to switch on, false to lift
   */
  public void denyIp(boolean denied) {
    this.ipDenied = denied;
  }

  /**
   * Turns customers on (the default, in periodicity mode) or off, as an administrator does in the
   * account's settings. While off, customers routes answer as amoCRM does: 422 for statuses and
   * segments, 402 for the rest; {@code PATCH customers/mode} turns them on again.
   *
   * @param enabled false to turn customers off
   */
  public void customersEnabled(boolean enabled) {
    api.customers.enabled(enabled);
  }

  /**
   * Adds leads straight to the store, without HTTP: named {@code Lead <id>}, in the main pipeline's
   * first stage. Fast enough for 100,000.
   *
   * @param count how many
   * @return their ids, ascending
   */
  public List<Long> seedLeads(int count) {
    return seed("leads", count);
  }

  /**
   * Adds contacts straight to the store, without HTTP.
   *
   * @param count how many
   * @return their ids, ascending
   */
  public List<Long> seedContacts(int count) {
    return seed("contacts", count);
  }

  /**
   * Adds companies straight to the store, without HTTP.
   *
   * @param count how many
   * @return their ids, ascending
   */
  public List<Long> seedCompanies(int count) {
    return seed("companies", count);
  }

  /**
   * Returns how many entities of a type are stored.
   *
   * @param entity {@code leads}, {@code contacts}, {@code companies} or {@code tasks}
   * @return the count
   * @throws IllegalArgumentException for another type
   */
  public int storedCount(String entity) {
    return api.store(Objects.requireNonNull(entity, "entity == null")).size();
  }

  /**
   * Returns a stored entity as the JSON object amoCRM would answer, for assertions.
   *
   * @param entity {@code leads}, {@code contacts}, {@code companies} or {@code tasks}
   * @param id its id
   * @return its fields (numbers as {@code Long} or {@code Double}), or empty if there is none
   * @throws IllegalArgumentException for another type
   */
  public Optional<Map<String, Object>> stored(String entity, long id) {
    return Optional.ofNullable(api.store(Objects.requireNonNull(entity, "entity == null"))
        .get(id));
  }

  /**
   * Deletes a lead as a person does in amoCRM's interface (the API cannot): {@link
   * #deleteEntity deleteEntity("leads", id)}, which also sends its {@code delete_lead} webhooks.
   *
   * @param id the lead's id
   * @return false if there is no such lead
   */
  public boolean deleteLead(long id) {
    return deleteEntity("leads", id);
  }

  /** Returns how many webhook requests a destination answered with a 2xx. */
  public int webhooksDelivered() {
    return api.webhooks.delivered.get();
  }

  /**
   * Returns how many webhook requests failed: an error answer, no answer, or a destination that
   * is not on loopback (never sent).
   */
  public int webhookFailures() {
    return api.webhooks.failed.get();
  }

  /**
   * Waits until every webhook queued so far was sent (delivered or failed).
   *
   * @param timeout the most to wait
   * @return true if they were, false if the timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout == null");
    try {
      api.webhooks.await(timeout);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  /**
   * Deletes an entity as a user would in amoCRM's interface (API v4 has no delete for leads,
   * contacts and companies): it leaves the lists and {@code GET {entity}/{id}}, and the event log
   * records {@code lead_deleted} (or {@code contact_deleted}, {@code company_deleted}) at the
   * mock's clock; a lead's {@code delete_lead} webhooks are sent.
   *
   * @param entity {@code leads}, {@code contacts}, {@code companies} or {@code tasks}
   * @param id its id
   * @return false if there was no such entity
   * @throws IllegalArgumentException for another type
   */
  public boolean deleteEntity(String entity, long id) {
    Objects.requireNonNull(entity, "entity == null");
    return api.writes().delete(entity, id);
  }

  /**
   * Switches the account's unsorted (incoming leads) on or off, as its settings would; on by
   * default. Off, {@code /api/v4/leads/unsorted} answers 403 and the account says {@code
   * is_unsorted_on: false}.
   *
   * @param enabled false to switch it off
   */
  public void unsortedEnabled(boolean enabled) {
    api.unsorted.enabled = enabled;
  }

  /**
   * Adds an unsorted lead of category {@code chats}, as a chat integration would (the API adds
   * only forms and calls); only such can be linked to a lead.
   *
   * @return its uid
   */
  public String seedUnsortedChat() {
    return api.unsorted.seedChat();
  }

  /**
   * Returns how many calls {@code POST /api/v4/calls} attached to a card.
   *
   * @return the count
   */
  public int callsAttached() {
    return api.calls.count();
  }

  private List<Long> seed(String entity, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count < 0: " + count);
    }
    long now = clock.instant().getEpochSecond();
    String base = linkBase().toString();
    long first = api.store(entity).seed(count, id -> api.entities.created(entity, id,
        Map.of("name", (entity.equals("leads") ? "Lead " : "Entity ") + id), now, base,
        Map.of("tags", List.of())));
    return LongStream.range(first, first + count).boxed().toList();
  }

  /** The base of absolute links: this server, or the account's own https host if asked. */
  HttpUrl linkBase() {
    return linksOnAccountDomain
        ? new HttpUrl.Builder().scheme("https").host(currentDomain).build()
        : baseUrl(currentDomain);
  }

  /** Stops the server, and those of the domains the account moved to. */
  @Override
  public void close() {
    movedTo.values().forEach(MockWebServer::close);
    api.webhooks.close();
    server.close();
  }

  @Override
  public String toString() {
    return "MockAmoCrmServer{" + accountDomain + " at " + baseUrl() + '}';
  }

  /** Builds and starts a {@link MockAmoCrmServer}. Not thread-safe. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String accountDomain = DEFAULT_DOMAIN;
    // A fresh id per server: clients of one integration share a rate limiter and its ban state
    // in the JVM, and a mock that reuses a port must not inherit another test's ban or pause.
    private String clientId = java.util.UUID.randomUUID().toString();
    private String clientSecret = "mock-client-secret-8e3f1a";
    private String redirectUri = "https://app.example.test/amocrm/callback";
    private Duration accessTokenLifetime = Duration.ofHours(24);
    private Duration codeLifetime = Duration.ofMinutes(20);
    private Duration refreshTokenLifetime = Duration.ofDays(90);
    private boolean refreshRevokesOldAccessToken;
    private boolean reuseRevokesChain;
    private int rateLimit = 7;
    private Duration rateWindow = Duration.ofSeconds(1);
    private boolean linksOnAccountDomain;

    private Builder() {}

    /**
     * Sets the API's limit: at most {@code requests} in any {@code window}, by arrival; beyond it
     * {@code 429} with an HTML body. Default 7 in 1 second, amoCRM's.
     *
     * @param requests at least 1
     * @param window positive
     * @return this builder
     * @throws IllegalArgumentException if either is not positive
     */
    public Builder rateLimit(int requests, Duration window) {
      Objects.requireNonNull(window, "window == null");
      if (requests < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("rate limit must be positive: " + requests + " per "
            + window);
      }
      this.rateLimit = requests;
      this.rateWindow = window;
      return this;
    }

    /**
     * Turns the API's limit off, for tests that do not care about it.
     *
     * @return this builder
     */
    public Builder noRateLimit() {
      this.rateLimit = 0;
      return this;
    }

    /**
     * Writes absolute links ({@code _links.next}, {@code _links.self}) on
     * {@code https://<account domain>/}, as amoCRM does, instead of on this server: a client must
     * then keep paging through its own base URL. Default false.
     *
     * @param onAccountDomain true for the account's host
     * @return this builder
     */
    public Builder linksOnAccountDomain(boolean onAccountDomain) {
      this.linksOnAccountDomain = onAccountDomain;
      return this;
    }

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
     * Sets the client id the token endpoint accepts. Default: a random UUID per server, so that
     * the clients of two mocks (even on the same port, one after the other) never share a rate
     * limiter's pause or ban.
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
     * Sets how long a refresh token lives, counted from its issue. Default 90 days (amoCRM: 3
     * months unused; each refresh issues a new one with a full lifetime). A refresh with an older
     * one gets {@code 401} problem+json {@code "Token has expired"}, as league/oauth2-server
     * (which amoCRM runs) answers; that check comes before the revocation check.
     *
     * @param lifetime positive
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder refreshTokenLifetime(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime == null");
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalArgumentException("refresh token lifetime must be positive: "
            + lifetime);
      }
      this.refreshTokenLifetime = lifetime;
      return this;
    }

    /**
     * Makes a successful refresh also kill, at once, the access token issued with the refresh
     * token it used (amoCRM may do this; unconfirmed). Default false: the old access token lives
     * until its own expiry.
     *
     * @param revokes true to kill it
     * @return this builder
     */
    public Builder refreshRevokesOldAccessToken(boolean revokes) {
      this.refreshRevokesOldAccessToken = revokes;
      return this;
    }

    /**
     * Makes the reuse of an already-used refresh token (still answered {@code 401 "Token has been
     * revoked"}) also revoke its whole authorization: the live refresh token descended from it
     * and every access token issued since the code exchange (or {@link #issueTokens()}) that
     * started the chain, as OAuth's reuse detection does (unconfirmed for amoCRM). Other
     * authorizations are untouched. Default false.
     *
     * @param revokes true to revoke the chain
     * @return this builder
     */
    public Builder reuseRevokesChain(boolean revokes) {
      this.reuseRevokesChain = revokes;
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
