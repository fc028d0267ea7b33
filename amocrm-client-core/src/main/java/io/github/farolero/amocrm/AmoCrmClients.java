package io.github.farolero.amocrm;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * Clients for many amoCRM accounts of one integration: one {@link AmoCrmClient} per account
 * (grant), made when first asked for and kept in a bounded cache, all of them sharing one
 * OkHttpClient (one connection pool, one dispatcher), one {@link TokenStore} and the integration's
 * settings (client id and secret, redirect URI, refresh policy, rate limit and budget, retry
 * policy, clock: everything of the template builder but the account).
 *
 * <pre>{@code
 * AmoCrmClients clients = AmoCrmClients.builder(AmoCrmClient.builder()
 *         .clientId(clientId).clientSecret(clientSecret)
 *         .redirectUri("https://app.example.com/amocrm/callback")
 *         .tokenStore(store))
 *     .maximumSize(500)
 *     .build();
 * // the OAuth callback of a new account: saved, and served at once
 * clients.authorize(AuthorizationCallback.parse(redirectUrl));
 * for (GrantKey account : clients.accounts()) {
 *   clients.client(account).leads().stream().forEach(lead -> sync(account, lead));
 * }
 * }</pre>
 *
 * <p>A client holds nothing the store does not have: its tokens are read from the store and every
 * new pair is saved before it is used. So the cache may drop a client at any time (past {@link
 * Builder#maximumSize(long)} or after {@link Builder#expireAfterAccess(Duration)} idle) without
 * losing anything: the account's next {@link #client(String)} makes a new client that reads the
 * grant from the store. A caller still holding a dropped client may go on using it; it works on
 * the same stored grant. The JVM's rate limiters are per integration and account, not per client
 * object, so a client made again shares its account's limiter with the one it replaces.
 *
 * <p>Each client has its own {@link ReferenceData} ({@link #referenceData(String)}), all with the
 * same {@linkplain Builder#referenceData(ReferenceData.Settings) settings}; it is dropped with its
 * client.
 *
 * <p>Thread-safe. No static state: make one per integration (a Spring bean, say).
 */
public final class AmoCrmClients implements AutoCloseable {

  /** A cached account: its client and its reference data, made and dropped together. */
  private record Account(AmoCrmClient client, ReferenceData referenceData) {}

  private final AmoCrmClient.Builder template;
  private final TokenStore store;
  private final String clientId;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final ReferenceData.Settings referenceSettings;
  private final LoadingCache<GrantKey, Account> accounts;
  private final AtomicLong created = new AtomicLong();
  private volatile boolean closed;

  private AmoCrmClients(Builder b, TokenStore store, String clientId) {
    this.store = store;
    this.clientId = clientId;
    OkHttpClient given = b.template.templateHttp();
    this.ownsHttp = given == null;
    this.http = given != null ? given : new OkHttpClient();
    // Every account's client derives from this one OkHttpClient (its newBuilder() shares the
    // connection pool and the dispatcher): a thousand accounts, one pool.
    this.template = b.template.copy().okHttpClient(http);
    this.referenceSettings = b.referenceSettings;
    this.accounts = Caffeine.newBuilder()
        .maximumSize(b.maximumSize)
        .expireAfterAccess(b.expireAfterAccess)
        .ticker(b.ticker)
        // Maintenance (eviction) on the caller's thread: nothing to close on eviction, and no
        // pool thread needed for it.
        .executor(Runnable::run)
        .build(this::create);
  }

  /**
   * Returns a builder deriving every account's client from {@code template}: its integration
   * settings and token store (required), and its OkHttpClient if it has one (shared by every
   * account; else the registry makes one). The template's account domain and grant key are
   * ignored. The template is copied: changing it later changes nothing here.
   *
   * @param template the integration's settings
   * @return the builder
   */
  public static Builder builder(AmoCrmClient.Builder template) {
    return new Builder(Objects.requireNonNull(template, "template == null"));
  }

  /**
   * Returns the client of an account, made now if it is not cached. An account with no grant in
   * the store gets a client too; its calls fail with a {@link
   * io.github.farolero.amocrm.auth.ReauthorizationRequiredException} until it is {@linkplain
   * #authorize(AuthorizationCallback) authorized}.
   *
   * @param domain the account's domain, such as {@code example.amocrm.ru}
   * @return its client
   * @throws IllegalArgumentException if {@code domain} is not a host name, or not an amoCRM host
   *     and the template has no base URL
   * @throws IllegalStateException if closed
   */
  public AmoCrmClient client(String domain) {
    return client(GrantKey.of(Objects.requireNonNull(domain, "domain == null")));
  }

  /**
   * Returns the client of a grant, made now if it is not cached.
   *
   * @param key the grant: an account domain, with or without this integration's client id
   * @return its client
   * @throws IllegalArgumentException if the key names another integration's client id
   * @throws IllegalStateException if closed
   */
  public AmoCrmClient client(GrantKey key) {
    return account(key).client();
  }

  /**
   * Returns the cached reference data (pipelines, custom fields, users, the account) of an
   * account, made with its client.
   *
   * @param domain the account's domain
   * @return its reference data
   * @throws IllegalStateException if closed
   */
  public ReferenceData referenceData(String domain) {
    return referenceData(GrantKey.of(Objects.requireNonNull(domain, "domain == null")));
  }

  /**
   * Returns the cached reference data of a grant, made with its client.
   *
   * @param key the grant
   * @return its reference data
   * @throws IllegalArgumentException if the key names another integration's client id
   * @throws IllegalStateException if closed
   */
  public ReferenceData referenceData(GrantKey key) {
    return account(key).referenceData();
  }

  private Account account(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    if (key.clientId() != null && !key.clientId().equals(clientId)) {
      throw new IllegalArgumentException("grant " + key + " is for another integration");
    }
    if (closed) {
      throw new IllegalStateException("AmoCrmClients is closed");
    }
    return accounts.get(key);
  }

  private Account create(GrantKey key) {
    AmoCrmClient client = template.copy().accountDomain(key.domain()).grantKey(key).build();
    created.incrementAndGet();
    return new Account(client, ReferenceData.of(client, referenceSettings));
  }

  /**
   * Lists the accounts whose grants the store holds for this integration (grants without a client
   * id, and those with this integration's), in the store's order. Every store of this library can
   * list ({@link TokenStore#keys()}): a file store lists its files, a database its rows, the
   * environment store its one grant; a composite store fails while a member is down.
   *
   * @return the grants
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the store could not be listed
   */
  public List<GrantKey> accounts() {
    List<GrantKey> keys = new ArrayList<>();
    for (GrantKey k : store.keys()) {
      if (k.clientId() == null || k.clientId().equals(clientId)) {
        keys.add(k);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * Authorizes a new account from the parameters amoCRM sent to the redirect URI: exchanges the
   * code, saves the grant under the callback's {@code referer} (the account's domain), and returns
   * the account's client, ready to use. Check {@link AuthorizationCallback#requireState(String)}
   * first.
   *
   * @param callback the redirect's parameters
   * @return the account's client
   * @throws io.github.farolero.amocrm.auth.OAuthException if amoCRM refused the code
   * @throws IllegalStateException if closed
   */
  public AmoCrmClient authorize(AuthorizationCallback callback) {
    Objects.requireNonNull(callback, "callback == null");
    AmoCrmClient client = client(callback.referer());
    client.tokens().authorize(callback);
    return client;
  }

  /**
   * Authorizes a new account with an authorization code and the account's domain (the redirect's
   * {@code referer}); see {@link #authorize(AuthorizationCallback)}.
   *
   * @param code the authorization code
   * @param refererDomain the account's domain
   * @return the account's client
   * @throws io.github.farolero.amocrm.auth.OAuthException if amoCRM refused the code
   * @throws IllegalStateException if closed
   */
  public AmoCrmClient authorize(String code, String refererDomain) {
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(refererDomain, "refererDomain == null");
    AmoCrmClient client = client(refererDomain);
    client.tokens().authorize(code);
    return client;
  }

  /** How many clients this registry has made: more than the accounts once some were dropped. */
  long clientsCreated() {
    return created.get();
  }

  /** How many clients the cache holds now. */
  long cachedClients() {
    accounts.cleanUp();
    return accounts.estimatedSize();
  }

  /**
   * Drops every cached client and, if the registry made the OkHttpClient, shuts its dispatcher
   * down and closes its idle connections. It closes nothing it did not make: not the token store,
   * not a rate budget, not the template's OkHttpClient. Clients handed out before keep working
   * only on a given OkHttpClient. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    accounts.invalidateAll();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "AmoCrmClients{" + accounts.estimatedSize() + " cached, store "
        + store.info().name() + '}';
  }

  /**
   * Builds an {@link AmoCrmClients}. Setters check their argument at once; {@link #build()} checks
   * the template. Not thread-safe.
   */
  public static final class Builder {
    private final AmoCrmClient.Builder template;
    private long maximumSize = 1_000;
    private Duration expireAfterAccess = Duration.ofHours(1);
    private Ticker ticker = Ticker.systemTicker();
    private ReferenceData.Settings referenceSettings = ReferenceData.Settings.defaults();

    private Builder(AmoCrmClient.Builder template) {
      this.template = template.copy();
    }

    /**
     * Sets how many clients the cache holds at most; past it, the least used are dropped.
     * Default 1,000. A client is small (a few interceptors, its token session and its reference
     * data); the connections are shared.
     *
     * @param size at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code size} is less than 1
     */
    public Builder maximumSize(long size) {
      if (size < 1) {
        throw new IllegalArgumentException("maximumSize < 1: " + size);
      }
      this.maximumSize = size;
      return this;
    }

    /**
     * Sets how long a client stays cached unused. Default 1 hour.
     *
     * @param idle a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code idle} is zero or negative
     */
    public Builder expireAfterAccess(Duration idle) {
      Objects.requireNonNull(idle, "expireAfterAccess == null");
      if (idle.isZero() || idle.isNegative()) {
        throw new IllegalArgumentException("expireAfterAccess <= 0: " + idle);
      }
      this.expireAfterAccess = idle;
      return this;
    }

    /**
     * Sets the time source of the idle expiry. Default {@link Ticker#systemTicker()}; tests pass
     * one they move.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker == null");
      return this;
    }

    /**
     * Sets how every account's {@link ReferenceData} caches. Default {@link
     * ReferenceData.Settings#defaults()}.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder referenceData(ReferenceData.Settings settings) {
      this.referenceSettings = Objects.requireNonNull(settings, "referenceData == null");
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     * @throws IllegalStateException if the template has no token store, lacks the client id,
     *     secret or redirect URI, or has a long-lived token or a context user (which belong to one
     *     account)
     */
    public AmoCrmClients build() {
      if (template.templateHasLongLivedToken()) {
        throw new IllegalStateException("the template has a longLivedToken: a long-lived token"
            + " belongs to one account; build an AmoCrmClient for it");
      }
      if (template.templateHasContextUser()) {
        throw new IllegalStateException("the template has a contextUserId: user ids belong to one"
            + " account; use client(domain).asUser(id)");
      }
      if (!template.templateHasOAuth()) {
        throw new IllegalStateException(
            "the template needs clientId, clientSecret and redirectUri");
      }
      TokenStore store = template.templateStore();
      if (store == null) {
        throw new IllegalStateException("the template needs a tokenStore");
      }
      String id = Objects.requireNonNull(template.templateClientId());
      return new AmoCrmClients(this, store, id);
    }
  }
}
