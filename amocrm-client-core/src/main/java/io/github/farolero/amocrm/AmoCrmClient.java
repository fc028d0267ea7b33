package io.github.farolero.amocrm;

import io.github.farolero.amocrm.api.AccountWith;
import io.github.farolero.amocrm.api.Calls;
import io.github.farolero.amocrm.api.Catalogs;
import io.github.farolero.amocrm.api.CustomFields;
import io.github.farolero.amocrm.api.Customers;
import io.github.farolero.amocrm.api.Entities;
import io.github.farolero.amocrm.api.Events;
import io.github.farolero.amocrm.api.Leads;
import io.github.farolero.amocrm.api.Links;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Notes;
import io.github.farolero.amocrm.api.Pipelines;
import io.github.farolero.amocrm.api.RawJson;
import io.github.farolero.amocrm.api.RawRequests;
import io.github.farolero.amocrm.api.Roles;
import io.github.farolero.amocrm.api.Tags;
import io.github.farolero.amocrm.api.Unsorted;
import io.github.farolero.amocrm.api.Users;
import io.github.farolero.amocrm.api.Webhooks;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.internal.AccountHosts;
import io.github.farolero.amocrm.internal.ApiServices;
import io.github.farolero.amocrm.internal.ClientEnvironment;
import io.github.farolero.amocrm.internal.ClientWiring;
import io.github.farolero.amocrm.internal.RequestLimits;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Task;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client for one amoCRM account. Its tokens refresh on their own: once per expiry across
 * threads, processes and hosts (through the token store's lock), and the new pair is saved
 * before it is used.
 *
 * <pre>{@code
 * AmoCrmClient client = AmoCrmClient.builder()
 *     .accountDomain("example.amocrm.ru")
 *     .clientId(System.getenv("AMOCRM_CLIENT_ID"))
 *     .clientSecret(System.getenv("AMOCRM_CLIENT_SECRET"))
 *     .redirectUri("https://app.example.com/amocrm/callback")
 *     .tokenStore(store)
 *     .build();
 * client.tokens().authorize(code);   // once, with the code from the redirect
 * Account account = client.account();
 * client.leads().stream(ListRequest.builder().filter("pipeline_id", 42).build())
 *     .forEach(lead -> sync(lead));
 * }</pre>
 *
 * <p>Or from the environment, with the variables {@code EnvTokenStore} reads ({@link
 * Builder#fromEnvironment(Map)}): {@code AmoCrmClient.builder().fromEnvironment().tokenStore(store)
 * .build()}.
 *
 * <p>Every API request passes one rate limiter shared by all clients of the same integration and
 * account in this JVM ({@link Builder#rateLimit(RateLimit)}, default 7 per second; across
 * processes through a {@link Builder#rateBudget(RateBudget) shared budget}), is retried on
 * 429, 502, 503, 504 and I/O errors as the {@link RetryPolicy} says (403 never), and fails with an
 * {@link io.github.farolero.amocrm.error.AmoCrmHttpException} carrying the status (a subclass where
 * the caller acts differently: validation errors, a ban, too many requests).
 *
 * <p>Immutable and thread-safe; share one instance per account. {@link #newBuilder()} derives a
 * client with other settings.
 */
public final class AmoCrmClient {

  private final Builder settings;
  private final AccountHosts hosts;
  private final GrantKey grantKey;
  private final TokenSession tokens;
  private final ApiServices services;
  // The HTTP client API requests go through: AmoCrmClients' tests count connection pools on it.
  private final OkHttpClient http;

  private AmoCrmClient(Builder b, AccountHosts hosts, GrantKey grantKey, TokenStore store) {
    this.settings = b.copy();
    this.hosts = hosts;
    this.grantKey = grantKey;
    ClientWiring wiring = new ClientWiring(b.okHttpClient, hosts, grantKey, b.clientId,
        b.clientSecret, b.redirectUri, store, b.clock, b.refreshPolicy, b.tokenListener,
        new RequestLimits(b.rateLimit, b.accountRateLimit, b.rateBudget), b.retryPolicy,
        b.sleeper, b.requestListener);
    this.tokens = wiring.tokens();
    this.http = wiring.apiHttp();
    this.services = b.contextUserId == null ? wiring.services()
        : wiring.services().withContextUser(b.contextUserId);
  }

  /** A view of a client acting as another user: everything shared but the services. */
  private AmoCrmClient(AmoCrmClient of, Builder settings, ApiServices services) {
    this.settings = settings;
    this.hosts = of.hosts;
    this.grantKey = of.grantKey;
    this.tokens = of.tokens;
    this.services = services;
    this.http = of.http;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this client's settings. A client built from it has its own token
   * session (its own single-flight), coordinated with this one through the token store.
   */
  public Builder newBuilder() {
    return settings.copy();
  }

  /** Returns the tokens of this client's grant: authorize, status, refresh. */
  public TokenSession tokens() {
    return tokens;
  }

  /** Returns the grant this client's tokens are stored under. */
  public GrantKey grantKey() {
    return grantKey;
  }

  /**
   * Returns the base URL requests go to now: {@code https://<account domain>/}, the one set, or
   * the one the {@link Builder#baseUrlResolver resolver} gave. After the account moved to another
   * domain (see {@link Builder#baseUrlResolver}), the new domain's.
   */
  public HttpUrl baseUrl() {
    return hosts.base();
  }

  /**
   * Returns the account's domain requests go to now: the {@link Builder#accountDomain} the client
   * was built with, or the domain amoCRM moved the account to since.
   */
  public String accountDomain() {
    return hosts.domain();
  }

  /**
   * Returns the account: {@code GET /api/v4/account}.
   *
   * @return the account
   * @throws io.github.farolero.amocrm.auth.ReauthorizationRequiredException if the tokens are dead
   * @throws io.github.farolero.amocrm.error.AccountBlockedException if the account is blocked
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  public Account account() {
    return services.account();
  }

  /**
   * Returns the account with the details asked for: {@code GET /api/v4/account?with=…}. The
   * details not asked for are null or empty in the answer.
   *
   * <pre>{@code
   * Account account = client.accountWith(AccountWith.AMOJO_ID, AccountWith.TASK_TYPES);
   * String chatId = account.amojoId();
   * }</pre>
   *
   * <p>Not an overload of {@link #account()}: a method reference {@code client::account} stays
   * unambiguous.
   *
   * @param with the details to add (a repeated one is asked for once); none is the same as
   *     {@link #account()}
   * @return the account
   * @throws io.github.farolero.amocrm.auth.ReauthorizationRequiredException if the tokens are dead
   * @throws io.github.farolero.amocrm.error.AccountBlockedException if the account is blocked
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  public Account accountWith(AccountWith... with) {
    Objects.requireNonNull(with, "with == null");
    List<AccountWith> list = new ArrayList<>(with.length);
    for (AccountWith w : with) {
      list.add(Objects.requireNonNull(w, "with contains null"));
    }
    return services.account(list);
  }

  /** Returns the leads: list, get, add, update, and {@code leads/complex}. */
  public Leads leads() {
    return services.leads;
  }

  /** Returns the contacts: list, get, add, update. */
  public Entities<Contact> contacts() {
    return services.contacts;
  }

  /** Returns the companies: list, get, add, update. */
  public Entities<Company> companies() {
    return services.companies;
  }

  /** Returns the tasks: list, get, add, update. */
  public Entities<Task> tasks() {
    return services.tasks;
  }

  /** Returns the pipelines of leads and their statuses. */
  public Pipelines pipelines() {
    return services.pipelines;
  }

  /** Returns the account's users: list, and one by id with its rights, role and group. */
  public Users users() {
    return services.users;
  }

  /** Returns the roles of the account's users: list, get. */
  public Roles roles() {
    return services.roles;
  }

  /**
   * Returns the account's event log: list (with an
   * {@link io.github.farolero.amocrm.api.EventsFilter}),
   * one event by id, the event types.
   */
  public Events events() {
    return services.events;
  }

  /**
   * Returns the account's webhook subscriptions: list, subscribe, unsubscribe. To read the
   * webhooks amoCRM then sends, see {@link io.github.farolero.amocrm.webhook.WebhookHandler}.
   */
  public Webhooks webhooks() {
    return services.webhooks;
  }

  /**
   * Returns the notes of an entity type.
   *
   * @param type the entity type
   * @return its notes
   */
  public Notes notes(EntityType type) {
    return services.notes(Objects.requireNonNull(type, "type == null"));
  }

  /**
   * Returns the custom field definitions of an entity type.
   *
   * @param type the entity type
   * @return its custom field definitions
   */
  public CustomFields customFields(EntityType type) {
    return services.customFields(Objects.requireNonNull(type, "type == null"));
  }

  /**
   * Returns the tags of an entity type.
   *
   * @param type the entity type
   * @return its tags
   */
  public Tags tags(EntityType type) {
    return services.tags(Objects.requireNonNull(type, "type == null"));
  }

  /**
   * Returns the unsorted (incoming) leads: list, get, add from forms and calls, accept, decline,
   * link, summary.
   */
  public Unsorted unsorted() {
    return services.unsorted;
  }

  /** Returns call logging: add calls to the cards of the contacts with their numbers. */
  public Calls calls() {
    return services.calls;
  }

  /**
   * Returns the account's catalogs (invoices and products among them): list, get, add, update,
   * and each one's elements and custom fields.
   */
  public Catalogs catalogs() {
    return services.catalogs;
  }

  /**
   * Returns raw requests, for API v4 endpoints this library has no typed service for yet: with
   * the same token handling, rate limit, retries and errors as the typed services, answering
   * {@link RawJson} for the caller to map.
   *
   * <pre>{@code
   * RawJson lead = client.raw().get("leads/42", Map.of("with", "contacts"));
   * }</pre>
   */
  public RawRequests raw() {
    return services.raw;
  }

  /**
   * Returns a view of this client whose API requests act on behalf of a user of the account: each
   * carries amoCRM's {@code X-Context-User-ID} header, so what it adds or changes is recorded as
   * done by that user. The view shares everything else with this client: the tokens and their
   * refresh, the rate limiter, the connection pool, the settings. Cheap enough to make per call
   * ({@code client.asUser(id).leads().add(...)}), though a view kept for a user is cheaper still.
   *
   * <pre>{@code
   * client.asUser(managerId).notes(EntityType.LEADS).add(notes);
   * }</pre>
   *
   * @param userId the id of the user to act as (see {@link #users()})
   * @return the view
   * @throws IllegalArgumentException if {@code userId} is not positive
   */
  public AmoCrmClient asUser(long userId) {
    Builder settings = this.settings.copy();
    settings.contextUserId(userId);
    return new AmoCrmClient(this, settings, services.withContextUser(userId));
  }

  /**
   * Returns links between entities: an entity's links, link and unlink, one entity or many at
   * once.
   */
  public Links links() {
    return services.links;
  }

  /**
   * Returns customers, with their statuses, segments, transactions and the customers mode. While
   * the account has customers off, amoCRM refuses them with a {@code CustomersDisabledException}.
   */
  public Customers customers() {
    return services.customers;
  }

  /** The HTTP client this client's API requests go through (its pool and dispatcher). */
  OkHttpClient httpClient() {
    return http;
  }

  @Override
  public String toString() {
    return "AmoCrmClient{" + grantKey + " at " + hosts.base() + '}';
  }

  /**
   * Builds an {@link AmoCrmClient}. Setters check their argument at once; {@link #build()} checks
   * that the required ones were set. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String accountDomain;
    private @Nullable HttpUrl baseUrl;
    private @Nullable Function<String, HttpUrl> baseUrlResolver;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable String redirectUri;
    private @Nullable TokenStore tokenStore;
    private @Nullable String longLivedToken;
    private @Nullable GrantKey grantKey;
    private @Nullable OkHttpClient okHttpClient;
    private Clock clock = Clock.systemUTC();
    private RefreshPolicy refreshPolicy = RefreshPolicy.defaults();
    private TokenListener tokenListener = TokenListener.NONE;
    private RequestListener requestListener = RequestListener.NONE;
    private RateLimit rateLimit = RateLimit.defaults();
    private @Nullable RateLimit accountRateLimit;
    private @Nullable RateBudget rateBudget;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private boolean allowInsecureHttp;
    // The variable the domain and base URL came from, if fromEnvironment set them: build()'s
    // errors then name it instead of quoting the value.
    private @Nullable String accountDomainFrom;
    private @Nullable String baseUrlFrom;
    private @Nullable Long contextUserId;

    private Builder() {}

    // Package-private: AmoCrmClients derives each account's client from a template.
    Builder copy() {
      Builder b = new Builder();
      b.accountDomain = accountDomain;
      b.baseUrl = baseUrl;
      b.baseUrlResolver = baseUrlResolver;
      b.clientId = clientId;
      b.clientSecret = clientSecret;
      b.redirectUri = redirectUri;
      b.tokenStore = tokenStore;
      b.longLivedToken = longLivedToken;
      b.grantKey = grantKey;
      b.okHttpClient = okHttpClient;
      b.clock = clock;
      b.refreshPolicy = refreshPolicy;
      b.tokenListener = tokenListener;
      b.requestListener = requestListener;
      b.rateLimit = rateLimit;
      b.accountRateLimit = accountRateLimit;
      b.rateBudget = rateBudget;
      b.retryPolicy = retryPolicy;
      b.sleeper = sleeper;
      b.allowInsecureHttp = allowInsecureHttp;
      b.accountDomainFrom = accountDomainFrom;
      b.baseUrlFrom = baseUrlFrom;
      b.contextUserId = contextUserId;
      return b;
    }

    /** The settings AmoCrmClients checks on its template. */
    @Nullable TokenStore templateStore() {
      return tokenStore;
    }

    @Nullable String templateClientId() {
      return clientId;
    }

    @Nullable OkHttpClient templateHttp() {
      return okHttpClient;
    }

    boolean templateHasOAuth() {
      return clientId != null && clientSecret != null && redirectUri != null;
    }

    boolean templateHasLongLivedToken() {
      return longLivedToken != null;
    }

    boolean templateHasContextUser() {
      return contextUserId != null;
    }

    /**
     * Reads the settings from the process's environment ({@link System#getenv()}); see {@link
     * #fromEnvironment(Map)}.
     *
     * @return this builder
     * @throws IllegalStateException if a required variable is unset or blank
     * @throws IllegalArgumentException if a variable's value is malformed
     */
    public Builder fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /**
     * Reads the settings from these environment variables, the names {@code EnvTokenStore} uses,
     * so a twelve-factor app needs no glue:
     *
     * <table>
     *   <caption>Variables</caption>
     *   <tr><th>variable</th><th>sets</th></tr>
     *   <tr><td>{@code AMOCRM_DOMAIN}</td><td>{@link #accountDomain(String)}; required (an
     *       {@code https://} and a trailing slash are dropped)</td></tr>
     *   <tr><td>{@code AMOCRM_CLIENT_ID}</td><td>{@link #clientId(String)}</td></tr>
     *   <tr><td>{@code AMOCRM_CLIENT_SECRET}</td><td>{@link #clientSecret(String)}</td></tr>
     *   <tr><td>{@code AMOCRM_REDIRECT_URI}</td><td>{@link #redirectUri(String)}</td></tr>
     *   <tr><td>{@code AMOCRM_BASE_URL}</td><td>{@link #baseUrl(HttpUrl)}; optional</td></tr>
     *   <tr><td>{@code AMOCRM_LONG_LIVED_TOKEN}</td><td>{@link #longLivedToken(String)}; optional
     *       </td></tr>
     * </table>
     *
     * <p>The three OAuth variables are required unless {@code AMOCRM_LONG_LIVED_TOKEN} is set. As
     * in {@code EnvTokenStore}, a blank variable counts as unset and values are trimmed. Variables
     * that are unset leave the builder's setting as it was, so later setters may complete or
     * override them. The token store stays the caller's: set it with {@link
     * #tokenStore(TokenStore)}. Errors name the variable, never its value.
     *
     * @param environment the variables, such as {@code System.getenv()} or a test's map
     * @return this builder
     * @throws IllegalStateException if {@code AMOCRM_DOMAIN} is unset or blank, or one of {@code
     *     AMOCRM_CLIENT_ID}, {@code AMOCRM_CLIENT_SECRET}, {@code AMOCRM_REDIRECT_URI} is and no
     *     {@code AMOCRM_LONG_LIVED_TOKEN} is set
     * @throws IllegalArgumentException if a value is malformed (a domain that is not a host name,
     *     a URL that is not http or https, a token with whitespace inside or in quotes)
     */
    public Builder fromEnvironment(Map<String, String> environment) {
      ClientEnvironment env = ClientEnvironment.read(environment);
      accountDomain(env.domain());
      accountDomainFrom = ClientEnvironment.DOMAIN;
      if (env.clientId() != null) {
        clientId(env.clientId());
      }
      if (env.clientSecret() != null) {
        clientSecret(env.clientSecret());
      }
      if (env.redirectUri() != null) {
        redirectUri(env.redirectUri());
      }
      if (env.baseUrl() != null) {
        baseUrl(env.baseUrl());
        baseUrlFrom = ClientEnvironment.BASE_URL;
      }
      if (env.longLivedToken() != null) {
        longLivedToken(env.longLivedToken());
      }
      return this;
    }

    /**
     * Sets the account's domain, such as {@code example.amocrm.ru}, {@code example.amocrm.com}
     * or {@code example.kommo.com}. Required. Requests go to {@code https://<domain>/} unless a
     * {@link #baseUrl(HttpUrl) base URL} is set.
     *
     * @param domain the account's domain (the {@code referer} of the OAuth redirect)
     * @return this builder
     * @throws IllegalArgumentException if it is not a host name
     */
    public Builder accountDomain(String domain) {
      Objects.requireNonNull(domain, "domain == null");
      this.accountDomain = GrantKey.of(domain).domain();
      this.accountDomainFrom = null;
      return this;
    }

    /**
     * Sends every request to this base URL instead of {@code https://<account domain>/}: for
     * tests (a mock server on loopback) and proxies. Plain {@code http} is allowed only to a
     * loopback host ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) unless
     * {@link #allowInsecureHttp()} is set: tokens and the client secret travel in it.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(HttpUrl baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      this.baseUrlFrom = null;
      return this;
    }

    /**
     * Like {@link #baseUrl(HttpUrl)}, from text.
     *
     * @param baseUrl the base URL
     * @return this builder
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl == null");
      return baseUrl(HttpUrl.get(baseUrl));
    }

    /**
     * Sends the requests of each account domain to the base URL this function gives, and follows
     * the account when amoCRM moves it to another domain: for tests (a mock server per domain) and
     * for proxies that have a URL per domain. Without it and without a {@link #baseUrl(HttpUrl)
     * base URL}, a domain's base URL is {@code https://<domain>/}, and the client follows moves
     * the same way.
     *
     * <p>How a move is found: a refresh refused with 401 or 404 (amoCRM's answer at a domain the
     * account left), or a refreshed access token whose {@code api_domain} claim differs from the
     * last one's, makes the client ask amoCRM where the account is ({@code GET
     * /oauth2/account/current/subdomain} at the {@code api_domain} host, with the refresh token in
     * {@code X-Refresh-Token}). If it names another domain, and that domain is an amoCRM account
     * host (one label under {@code amocrm.ru}, {@code amocrm.com} or {@code kommo.com}), requests
     * and refreshes go there from then on; the stored grant (same {@link GrantKey}) is saved with
     * the new domain, so other clients and processes sharing the store follow too, and nothing is
     * authorized again. Any other host gets nothing, no token and no request: the client fails
     * with an {@link io.github.farolero.amocrm.error.UntrustedHostException}. The function is
     * asked only for such hosts, and its URL must be https, or http to loopback unless {@link
     * #allowInsecureHttp()} is set.
     *
     * <p>A fixed {@link #baseUrl(HttpUrl) base URL} does not follow moves; the two settings are
     * exclusive.
     *
     * @param resolver maps an account domain (lower case) to its base URL; it may throw or return
     *     null for a domain it does not serve (the move is then refused)
     * @return this builder
     */
    public Builder baseUrlResolver(Function<String, HttpUrl> resolver) {
      this.baseUrlResolver = Objects.requireNonNull(resolver, "baseUrlResolver == null");
      return this;
    }

    /**
     * Allows a plain {@code http} {@link #baseUrl(HttpUrl) base URL} to a host that is not
     * loopback (a proxy on a private network, say). Off by default: over plain http every
     * request's access token, and every refresh's client secret and refresh token, can be read
     * and used by anyone on the path.
     *
     * @return this builder
     */
    public Builder allowInsecureHttp() {
      this.allowInsecureHttp = true;
      return this;
    }

    /**
     * Sets the integration's client id (its "integration id"). Required unless a long-lived
     * token is used.
     *
     * @param clientId the id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      Objects.requireNonNull(clientId, "clientId == null");
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("clientId is blank");
      }
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the integration's secret key. Required unless a long-lived token is used. Never
     * logged.
     *
     * @param clientSecret the secret
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      Objects.requireNonNull(clientSecret, "clientSecret == null");
      if (clientSecret.isBlank()) {
        throw new IllegalArgumentException("clientSecret is blank");
      }
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * Sets the redirect URI registered for the integration. Required unless a long-lived token
     * is used.
     *
     * @param redirectUri exactly the URI in the integration's settings
     * @return this builder
     */
    public Builder redirectUri(String redirectUri) {
      Objects.requireNonNull(redirectUri, "redirectUri == null");
      if (HttpUrl.parse(redirectUri) == null) {
        throw new IllegalArgumentException("redirectUri is not an http or https URL");
      }
      this.redirectUri = redirectUri;
      return this;
    }

    /**
     * Sets where tokens live. Required unless a long-lived token is given (then an
     * {@link InMemoryTokenStore} holds it).
     *
     * @param store the store; several clients, threads and processes may share it
     * @return this builder
     */
    public Builder tokenStore(TokenStore store) {
      this.tokenStore = Objects.requireNonNull(store, "tokenStore == null");
      return this;
    }

    /**
     * Uses a long-lived token (made in the account's settings for a private integration)
     * instead of OAuth. It is written to the token store when the client is built.
     *
     * @param token the long-lived token, a JWT whose {@code exp} claim is its expiry
     * @return this builder
     */
    public Builder longLivedToken(String token) {
      Objects.requireNonNull(token, "token == null");
      if (token.isBlank()) {
        throw new IllegalArgumentException("token is blank");
      }
      this.longLivedToken = token;
      return this;
    }

    /**
     * Sets the key tokens are stored under. Default {@code GrantKey.of(accountDomain)}; set
     * {@code GrantKey.of(domain, clientId)} when one account runs several integrations.
     *
     * @param key the key
     * @return this builder
     */
    public Builder grantKey(GrantKey key) {
      this.grantKey = Objects.requireNonNull(key, "grantKey == null");
      return this;
    }

    /**
     * Shares an OkHttpClient (its connection pool, dispatcher, timeouts, interceptors). Default:
     * a new client with the library's timeouts: 10 s connect, 30 s read and write.
     *
     * <p>The given client keeps its own timeouts, except where it has OkHttp's defaults (10 s
     * connect, read and write; no call timeout): OkHttp cannot tell a default from the same
     * value set on purpose, so a timeout equal to OkHttp's default counts as not set and gets the
     * library's. A client built with {@code new OkHttpClient()} thus reads for 30 s; one with
     * {@code readTimeout(5, SECONDS)} keeps its 5 s. API calls get no whole-call timeout unless
     * the client has one (each connect, read and write is bounded; a call timeout arms a watchdog
     * on every request); the token endpoint always has one (90 s unless the client's is set), so
     * a refresh always ends. The token endpoint never follows redirects, whatever the client says.
     *
     * @param client the client to derive from; it is not changed
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "okHttpClient == null");
      return this;
    }

    /**
     * Sets the clock token expiry is measured on. Default {@link Clock#systemUTC()}; tests pass a
     * clock they move.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets when tokens refresh. Default {@link RefreshPolicy#defaults()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder refreshPolicy(RefreshPolicy policy) {
      this.refreshPolicy = Objects.requireNonNull(policy, "refreshPolicy == null");
      return this;
    }

    /**
     * Sets who hears about refreshes and failures. Default {@link TokenListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder tokenListener(TokenListener listener) {
      this.tokenListener = Objects.requireNonNull(listener, "tokenListener == null");
      return this;
    }

    /**
     * Sets who hears what the client's requests meet: each answer (method, path template, status,
     * duration, attempt), each retry, each wait for a turn under the rate limit, each 429 and ban,
     * and each call of the token endpoint. For metrics; see {@code AmoCrmMetrics} in the {@code
     * amocrm-client-micrometer} module. Default {@link RequestListener#NONE}, which costs nothing.
     *
     * @param listener the listener; called synchronously, what it throws is logged and ignored
     * @return this builder
     */
    public Builder requestListener(RequestListener listener) {
      this.requestListener = Objects.requireNonNull(listener, "requestListener == null");
      return this;
    }

    /**
     * Sets how many API requests this integration sends to this account. Default
     * {@link RateLimit#defaults()}: 7 in any second, amoCRM's limit. Every client of the same
     * client id and account domain shares one limiter in this JVM, whatever limit each was given:
     * a request of this client waits until fewer than {@code limit.requests()} requests of any of
     * them are counted, so they never exceed amoCRM's limit together. Other processes are counted
     * only through a {@linkplain #rateBudget(RateBudget) shared budget}: without one, N processes
     * send up to N times the limit.
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = Objects.requireNonNull(limit, "rateLimit == null");
      return this;
    }

    /**
     * Counts this integration's requests across every process that shares {@code budget} (any
     * number, on any host), not only in this JVM: before it is sent, a request takes its turn in
     * the JVM, then a turn from the budget. Use one budget (one database, one Redis) for every
     * process of the integration; the {@link #rateLimit(RateLimit) limit} stays each client's own.
     * Default: none, every JVM counts alone.
     *
     * <pre>{@code
     * .rateBudget(JdbcRateBudget.of(dataSource)
     *     .withFallback(RateBudget.Fallback.localShare(4))) // 4 instances at most
     * }</pre>
     *
     * @param budget the shared budget, such as {@code JdbcRateBudget} or {@code RedisRateBudget}
     * @return this builder
     * @see RateBudget
     */
    public Builder rateBudget(RateBudget budget) {
      this.rateBudget = Objects.requireNonNull(budget, "rateBudget == null");
      return this;
    }

    /**
     * Also keeps the account-wide limit: the requests of every integration on this account
     * together (amoCRM is reported to allow 50 per second per account). Set it on every client of
     * the account, of every integration the application runs; each request then takes a turn in
     * the account's lane too (in the JVM, and through the {@linkplain #rateBudget(RateBudget)
     * shared budget} if there is one). Default: none, only the integration's limit.
     *
     * @param limit the account-wide limit, such as {@code RateLimit.perSecond(50)}
     * @return this builder
     */
    public Builder accountRateLimit(RateLimit limit) {
      this.accountRateLimit = Objects.requireNonNull(limit, "accountRateLimit == null");
      return this;
    }

    /**
     * Sets when requests are retried. Default {@link RetryPolicy#defaults()}: 4 attempts, reads
     * only.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy == null");
      return this;
    }

    /**
     * Sets how the client waits between retries. Default {@link Sleeper#SYSTEM}; tests pass one
     * that records and returns at once.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * Makes every API request of the client act on behalf of a user of the account, with amoCRM's
     * {@code X-Context-User-ID} header: what the client adds or changes is recorded as done by that
     * user. Default: none (the user who authorized the integration). For one call or a few, see
     * {@link AmoCrmClient#asUser(long)}.
     *
     * @param userId the id of the user to act as
     * @return this builder
     * @throws IllegalArgumentException if {@code userId} is not positive
     */
    public Builder contextUserId(long userId) {
      if (userId <= 0) {
        throw new IllegalArgumentException("contextUserId <= 0: " + userId);
      }
      this.contextUserId = userId;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException if a required setting is missing
     * @throws IllegalArgumentException if the account domain is not an amoCRM host and no base
     *     URL is set, or the base URL is plain http to a host that is not loopback and
     *     {@link #allowInsecureHttp()} was not set
     */
    public AmoCrmClient build() {
      if (accountDomain == null) {
        throw new IllegalStateException("accountDomain is required");
      }
      if (baseUrl != null && baseUrlResolver != null) {
        throw new IllegalStateException("baseUrl and baseUrlResolver are exclusive: a fixed base"
            + " URL does not follow the account to another domain");
      }
      AccountHosts hosts;
      if (baseUrl != null) {
        hosts = AccountHosts.fixed(accountDomain, ClientWiring.baseUrl(accountDomain, baseUrl,
            allowInsecureHttp, accountDomainFrom, baseUrlFrom));
      } else if (baseUrlResolver != null) {
        HttpUrl first = baseUrlResolver.apply(accountDomain);
        if (first == null) {
          throw new IllegalArgumentException("baseUrlResolver has no URL for " + accountDomain);
        }
        hosts = AccountHosts.following(accountDomain, ClientWiring.baseUrl(accountDomain, first,
            allowInsecureHttp, accountDomainFrom, null), baseUrlResolver, allowInsecureHttp);
      } else {
        hosts = AccountHosts.following(accountDomain, ClientWiring.baseUrl(accountDomain, null,
            allowInsecureHttp, accountDomainFrom, baseUrlFrom), AccountHosts::https, false);
      }
      if (longLivedToken == null) {
        if (clientId == null || clientSecret == null || redirectUri == null) {
          throw new IllegalStateException(
              "clientId, clientSecret and redirectUri are required (or a longLivedToken)");
        }
        if (tokenStore == null) {
          throw new IllegalStateException("tokenStore is required");
        }
      }
      if (grantKey != null && !grantKey.domain().equals(accountDomain)) {
        throw new IllegalArgumentException("grantKey is for another account");
      }
      GrantKey key = grantKey != null ? grantKey : GrantKey.of(accountDomain);
      TokenStore store = tokenStore != null ? tokenStore : new InMemoryTokenStore();
      AmoCrmClient client = new AmoCrmClient(this, hosts, key, store);
      if (longLivedToken != null) {
        client.tokens().useLongLivedToken(longLivedToken);
      }
      return client;
    }
  }
}
