package io.github.farolero.amocrm.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code amocrm.*} properties of the starter: the integration, the account (or many), the
 * token store, the rate limit, the refresh windows, the keep-alive scheduler and the OAuth
 * callback endpoint. Bound once at startup; immutable. {@link #toString()} shows no secret.
 *
 * @param clientId the integration's client id ({@code amocrm.client-id})
 * @param clientSecret the integration's client secret; never logged ({@code amocrm.client-secret})
 * @param redirectUri the integration's redirect URI, as registered in amoCRM
 *     ({@code amocrm.redirect-uri})
 * @param accountDomain the account's domain, such as {@code example.amocrm.ru}, for an app of one
 *     account: the starter then makes an {@code AmoCrmClient} bean ({@code amocrm.account-domain})
 * @param multiAccount true for an app that serves many accounts, one grant each, from one store:
 *     the starter then makes an {@code AmoCrmClients} registry bean; exclusive with {@code
 *     account-domain} ({@code amocrm.multi-account}, default false)
 * @param accounts the registry's cache of clients, in multi-account mode ({@code
 *     amocrm.accounts.*})
 * @param baseUrl where requests go instead of {@code https://<account domain>/}: for tests (a mock
 *     server on loopback) and proxies ({@code amocrm.base-url})
 * @param store the token store ({@code amocrm.store.*})
 * @param rateLimit the request rate limit ({@code amocrm.rate-limit.*})
 * @param refresh the refresh windows ({@code amocrm.refresh.*})
 * @param keepAlive the keep-alive scheduler ({@code amocrm.keep-alive.*})
 * @param callback the OAuth callback endpoint ({@code amocrm.callback.*})
 * @param metrics the Micrometer metrics ({@code amocrm.metrics.*})
 */
@ConfigurationProperties("amocrm")
public record AmoCrmProperties(
    @Nullable String clientId,
    @Nullable String clientSecret,
    @Nullable String redirectUri,
    @Nullable String accountDomain,
    @DefaultValue("false") boolean multiAccount,
    @DefaultValue Accounts accounts,
    @Nullable String baseUrl,
    @DefaultValue Store store,
    @DefaultValue RateLimitProperties rateLimit,
    @DefaultValue Refresh refresh,
    @DefaultValue KeepAlive keepAlive,
    @DefaultValue Callback callback,
    @DefaultValue Metrics metrics) {

  /** Shows every setting but the client secret and the store's key. */
  @Override
  public String toString() {
    return "AmoCrmProperties{clientId=" + clientId + ", clientSecret="
        + (clientSecret == null ? "null" : "<hidden>") + ", redirectUri=" + redirectUri
        + ", accountDomain=" + accountDomain + ", multiAccount=" + multiAccount + ", accounts="
        + accounts + ", baseUrl="
        + baseUrl + ", store=" + store + ", rateLimit=" + rateLimit + ", refresh=" + refresh
        + ", keepAlive=" + keepAlive + ", callback=" + callback + ", metrics=" + metrics + '}';
  }

  /**
   * The multi-account registry's cache of clients ({@code amocrm.accounts.*}). Dropping a client
   * loses nothing: the store holds its grant, and the account's next call makes a new one.
   *
   * @param maximumSize at most this many clients are kept (default 1000)
   * @param expireAfterAccess a client not used this long is dropped (default 1h)
   */
  public record Accounts(
      @DefaultValue("1000") long maximumSize,
      @DefaultValue("1h") Duration expireAfterAccess) {}

  /** A kind of token store, as named in {@code amocrm.store.order}. */
  public enum StoreKind {
    /** {@code FileTokenStore} in {@code amocrm.store.file.directory}. */
    FILE,
    /** {@code JdbcTokenStore} over the app's {@code DataSource} bean. */
    JDBC,
    /** {@code EnvTokenStore}: a read-only seed from {@code AMOCRM_*} environment variables. */
    ENV,
    /** {@code InMemoryTokenStore}: lost when the app stops; for tests. */
    MEMORY
  }

  /**
   * The token store ({@code amocrm.store.*}). One kind makes that store; several make a {@code
   * CompositeTokenStore} of them in this order (the newest record wins, whatever the order).
   *
   * @param order the stores, such as {@code file,jdbc,env}; default: {@code file} if a directory
   *     is set, {@code jdbc} if the app has a {@code DataSource} bean, then {@code env} if the env
   *     seed is on
   * @param key the key that encrypts tokens at rest in the file and JDBC stores (AES-256-GCM), 32
   *     bytes in base64 ({@code openssl rand -base64 32}); tokens are stored in the clear if
   *     neither this nor the key variable is set
   * @param keyEnv the environment variable that holds the key, read when {@code key} is not set
   *     (default {@code AMOCRM_TOKENS_KEY})
   * @param file the file store ({@code amocrm.store.file.*})
   * @param jdbc the JDBC store ({@code amocrm.store.jdbc.*})
   * @param env the environment seed ({@code amocrm.store.env.*})
   */
  public record Store(
      @DefaultValue List<StoreKind> order,
      @Nullable String key,
      @DefaultValue("AMOCRM_TOKENS_KEY") String keyEnv,
      @DefaultValue FileStore file,
      @DefaultValue JdbcStore jdbc,
      @DefaultValue EnvStore env) {

    /** Copies the order. */
    public Store {
      order = List.copyOf(order);
    }

    /** Shows every setting but the key. */
    @Override
    public String toString() {
      return "Store{order=" + order + ", key=" + (key == null ? "null" : "<hidden>") + ", keyEnv="
          + keyEnv + ", file=" + file + ", jdbc=" + jdbc + ", env=" + env + '}';
    }
  }

  /**
   * The file store ({@code amocrm.store.file.*}).
   *
   * @param directory the directory of the token files; created {@code rwx------} if missing
   */
  public record FileStore(@Nullable Path directory) {}

  /**
   * The JDBC store over the app's {@code DataSource} bean ({@code amocrm.store.jdbc.*}).
   *
   * @param tableName the table (default {@code amocrm_tokens})
   * @param createTable create the table on first use if it is missing (default false: create it
   *     with your migrations from the shipped schema)
   */
  public record JdbcStore(
      @DefaultValue("amocrm_tokens") String tableName,
      @DefaultValue("false") boolean createTable) {}

  /**
   * The read-only seed of tokens from environment variables ({@code amocrm.store.env.*}).
   *
   * @param enabled read {@code AMOCRM_DOMAIN}, {@code AMOCRM_ACCESS_TOKEN} and the rest as a
   *     seed (default true); it loses to any newer stored record
   * @param prefixes further accounts' variable prefixes: {@code SHOP} reads {@code
   *     AMOCRM_SHOP_ACCESS_TOKEN} and the rest
   */
  public record EnvStore(
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> prefixes) {

    /** Copies the prefixes. */
    public EnvStore {
      prefixes = List.copyOf(prefixes);
    }
  }

  /**
   * The rate limit of requests to amoCRM, shared by every client of the integration in this JVM
   * ({@code amocrm.rate-limit.*}).
   *
   * @param requestsPerSecond requests per second (default 7, amoCRM's limit)
   * @param maxWait how long a request may wait for its turn before it fails (default 60s)
   */
  public record RateLimitProperties(
      @DefaultValue("7") int requestsPerSecond,
      @DefaultValue("60s") Duration maxWait) {}

  /**
   * The refresh windows ({@code amocrm.refresh.*}).
   *
   * @param advisoryWindow refresh this long before expiry, one caller while the others go on
   *     (default 5m)
   * @param mandatoryWindow this long before expiry every caller waits for the refresh (default
   *     60s)
   * @param keepAliveAge refresh a pair this old even if unused, so the refresh token never dies
   *     of idleness (default 30d)
   */
  public record Refresh(
      @DefaultValue("5m") Duration advisoryWindow,
      @DefaultValue("60s") Duration mandatoryWindow,
      @DefaultValue("30d") Duration keepAliveAge) {}

  /**
   * The keep-alive scheduler, which refreshes every stored grant that reached the keep-alive age
   * ({@code amocrm.keep-alive.*}).
   *
   * @param enabled run it while the application context runs (default true)
   * @param interval how often it checks (default 1h)
   */
  public record KeepAlive(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1h") Duration interval) {}

  /**
   * The OAuth endpoints ({@code amocrm.callback.*}), in a servlet web app.
   *
   * @param enabled serve them (default false)
   * @param path the redirect URI's path, where amoCRM sends the user back with the code (default
   *     {@code /amocrm/callback})
   * @param authorizePath where a user starts: it redirects to amoCRM's consent page with a signed
   *     {@code state} (default {@code /amocrm/authorize})
   * @param stateTtl how long a {@code state} is accepted after it was made (default 30m)
   */
  public record Callback(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("/amocrm/callback") String path,
      @DefaultValue("/amocrm/authorize") String authorizePath,
      @DefaultValue("30m") Duration stateTtl) {}

  /**
   * The Micrometer metrics ({@code amocrm.metrics.*}), made when {@code amocrm-client-micrometer}
   * and a {@code MeterRegistry} bean are there.
   *
   * @param enabled count every client's requests and token events (default true)
   */
  public record Metrics(@DefaultValue("true") boolean enabled) {}
}
