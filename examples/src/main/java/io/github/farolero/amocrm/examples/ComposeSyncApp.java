package io.github.farolero.amocrm.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.health.TokenKeeper;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Purpose: the sync app that {@code deploy/docker-compose.yml} runs — configured from the
 * environment only, its tokens in a composite of a token directory (encrypted), the environment's
 * seed and PostgreSQL, kept alive by a {@link TokenKeeper}, and one pass over the account's
 * leads every {@code SYNC_INTERVAL}. It reads and never writes leads: a real app puts its own
 * work where {@link #pass} counts them. Stops cleanly on SIGTERM ({@code docker stop}).
 *
 * <table>
 *   <caption>The variables it reads</caption>
 *   <tr><th>variable</th><th></th><th>for</th></tr>
 *   <tr><td>{@code AMOCRM_DOMAIN}, {@code AMOCRM_CLIENT_ID}, {@code AMOCRM_CLIENT_SECRET},
 *       {@code AMOCRM_REDIRECT_URI}</td><td>required</td><td>the client
 *       ({@code AmoCrmClient.Builder.fromEnvironment})</td></tr>
 *   <tr><td>{@code AMOCRM_BASE_URL}</td><td>optional</td><td>another API host (tests,
 *       proxies, an account whose API host moved)</td></tr>
 *   <tr><td>{@code TOKENS_PATH}</td><td>required</td><td>the token directory (a volume)</td></tr>
 *   <tr><td>{@code AMOCRM_TOKENS_KEY}</td><td>required</td><td>the token files' AES-256 key,
 *       base64 ({@code openssl rand -base64 32})</td></tr>
 *   <tr><td>{@code AMOCRM_DB_URL}, {@code AMOCRM_DB_USER}, {@code AMOCRM_DB_PASSWORD}</td>
 *       <td>required</td><td>the database: the cluster's record and refresh lock</td></tr>
 *   <tr><td>{@code AMOCRM_ACCESS_TOKEN}, {@code AMOCRM_REFRESH_TOKEN},
 *       {@code AMOCRM_TOKEN_EXPIRES_AT}</td><td>optional</td><td>the first start's seed
 *       ({@code EnvTokenStore}); dead after the first refresh, remove them then</td></tr>
 *   <tr><td>{@code SYNC_INTERVAL}</td><td>optional</td><td>time between passes, ISO-8601
 *       ({@code PT5M}, the default)</td></tr>
 * </table>
 */
public final class ComposeSyncApp implements AutoCloseable {

  /** The variables without which the app does not start. */
  static final List<String> REQUIRED = List.of("AMOCRM_DOMAIN", "AMOCRM_CLIENT_ID",
      "AMOCRM_CLIENT_SECRET", "AMOCRM_REDIRECT_URI", "TOKENS_PATH", "AMOCRM_TOKENS_KEY",
      "AMOCRM_DB_URL", "AMOCRM_DB_USER", "AMOCRM_DB_PASSWORD");
  /** The variables it reads when they are set. */
  static final List<String> OPTIONAL = List.of("AMOCRM_BASE_URL", "AMOCRM_ACCESS_TOKEN",
      "AMOCRM_REFRESH_TOKEN", "AMOCRM_TOKEN_EXPIRES_AT", "SYNC_INTERVAL");
  /** The variables whose values are secrets: never in a compose file, never printed. */
  static final List<String> SECRETS = List.of("AMOCRM_CLIENT_SECRET", "AMOCRM_TOKENS_KEY",
      "AMOCRM_DB_PASSWORD", "AMOCRM_ACCESS_TOKEN", "AMOCRM_REFRESH_TOKEN");

  private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private final Settings settings;
  private final CompositeTokenStore store;
  private final AmoCrmClient client;
  private final TokenKeeper keeper;
  private final PrintStream out;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running;
  private @Nullable Instant lastPassStart;

  /**
   * What the variables say, checked.
   *
   * @param tokensPath the token directory
   * @param dbUrl the database's JDBC URL
   * @param dbUser the database user
   * @param dbPassword the database password
   * @param interval the time between passes
   */
  record Settings(Path tokensPath, String dbUrl, String dbUser, String dbPassword,
      Duration interval) {

    /** Reads and checks the variables; an error names every missing one, never a value. */
    static Settings from(Map<String, String> env) {
      List<String> missing = new ArrayList<>();
      for (String name : REQUIRED) {
        if (value(env, name) == null) {
          missing.add(name);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("set " + String.join(", ", missing)
            + " (see deploy/app.env.example)");
      }
      Duration interval = DEFAULT_INTERVAL;
      String text = value(env, "SYNC_INTERVAL");
      if (text != null) {
        try {
          interval = Duration.parse(text);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("SYNC_INTERVAL is not an ISO-8601 duration such as"
              + " PT5M");
        }
        if (interval.isNegative() || interval.isZero()) {
          throw new IllegalArgumentException("SYNC_INTERVAL is not positive");
        }
      }
      return new Settings(Path.of(value(env, "TOKENS_PATH")), value(env, "AMOCRM_DB_URL"),
          value(env, "AMOCRM_DB_USER"), value(env, "AMOCRM_DB_PASSWORD"), interval);
    }

    @Override
    public String toString() {
      return "Settings{" + tokensPath + ", interval=" + interval + '}'; // no URL, no password
    }
  }

  /**
   * Builds the app (no amoCRM call, no database connection yet).
   *
   * @param env the variables
   * @param database the database the JDBC store uses
   * @param out where each pass reports
   */
  ComposeSyncApp(Map<String, String> env, DataSource database, PrintStream out) {
    this.settings = Settings.from(env);
    this.out = out;
    this.store = tokenStore(env, settings, database);
    TokenListener listener = new Alerts(out);
    this.client = AmoCrmClient.builder()
        .fromEnvironment(env)
        .tokenStore(store)
        .tokenListener(listener)
        .build();
    GrantKey mine = client.grantKey();
    this.keeper = TokenKeeper.builder(store, key -> sessionOf(key, mine))
        .listener(listener)
        .build();
  }

  /**
   * The app's tokens: the token directory first, then the environment's seed, then the
   * database. The newest record wins; a member that lost it is repaired on the next read; the
   * database's lease is the refresh lock.
   */
  static CompositeTokenStore tokenStore(Map<String, String> env, Settings settings,
      DataSource database) {
    return CompositeTokenStore.of(
        FileTokenStore.builder().directory(settings.tokensPath()).keyFromEnvironment(env).build(),
        EnvTokenStore.builder().environment(env).build(),
        JdbcTokenStore.builder().dataSource(database).createTableIfMissing(true).build());
  }

  /** A pool that lets the app start while the database is down (the file serves meanwhile). */
  static HikariDataSource dataSource(Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("amocrm-tokens");
    config.setJdbcUrl(settings.dbUrl());
    config.setUsername(settings.dbUser());
    config.setPassword(settings.dbPassword());
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private TokenSession sessionOf(GrantKey key, GrantKey mine) {
    if (!key.equals(mine)) {
      throw new IllegalStateException(key + " is not this app's grant (" + mine + "); the app"
          + " that uses it keeps it alive");
    }
    return client.tokens();
  }

  /**
   * Runs the app: starts the keeper, then one pass every interval until SIGTERM.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    HikariDataSource database = dataSource(Settings.from(env));
    ComposeSyncApp app = new ComposeSyncApp(env, database, System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      database.close();
    }, "compose-sync-stop"));
    app.run();
  }

  /** Passes until {@link #close()}; a failed pass is reported and the next one tried. */
  void run() {
    running = true;
    say("started: tokens in " + store.info().name() + ", keep-alive every hour, a pass every "
        + settings.interval());
    keeper.start();
    try {
      for (int n = 1; ; n++) {
        pass(n);
        if (stop.await(settings.interval().toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      keeper.close();
      say("stopped");
      stopped.countDown();
    }
  }

  /** One pass: the account, then every lead changed since the last pass (all, the first time). */
  void pass(int n) {
    Instant started = Instant.now();
    try {
      Account account = client.account();
      ListRequest.Builder request = ListRequest.builder().limit(250);
      Instant since = lastPassStart;
      if (since != null) {
        request.filterRange("updated_at", since, started);
      }
      long leads;
      try (Stream<Lead> changed = client.leads().stream(request.build())) {
        leads = changed.count(); // a real app syncs each one here
      }
      lastPassStart = started;
      String tokens = client.tokens().status()
          .map(t -> "access token " + t.accessTokenFingerprint() + " valid until " + t.expiresAt())
          .orElse("no tokens");
      say("pass " + n + ": account " + account.id() + " (" + client.grantKey() + "), " + leads
          + " leads " + (since == null ? "in all" : "changed since " + since) + "; " + tokens);
    } catch (ReauthorizationRequiredException e) {
      say("pass " + n + ": RE-AUTHORIZATION REQUIRED: " + e.getMessage());
    } catch (AccountBlockedException e) {
      say("pass " + n + ": amoCRM refuses the account (403): nothing is sent for the ban's"
          + " cool-down, then one request probes: " + e.getMessage());
    } catch (AmoCrmException e) {
      say("pass " + n + " failed; the next pass tries again: " + e.getMessage());
    }
  }

  /** Stops the passes and the keeper, waiting a little for a pass in flight. Idempotent. */
  @Override
  public void close() {
    stop.countDown();
    keeper.close();
    if (!running) {
      return;
    }
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  AmoCrmClient client() {
    return client;
  }

  TokenStore store() {
    return store;
  }

  private void say(String line) {
    out.println("compose-sync: " + line);
  }

  private static @Nullable String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Where an operator learns that a person must act (a real app pages someone here). */
  private static final class Alerts implements TokenListener {
    private final PrintStream out;

    Alerts(PrintStream out) {
      this.out = out;
    }

    @Override
    public void onReauthorizationRequired(ReauthorizationRequiredException e) {
      out.println("compose-sync: ALERT re-authorization required: " + e.getMessage());
    }

    @Override
    public void onStoreWriteFailed(GrantKey key, RuntimeException e) {
      out.println("compose-sync: ALERT the new tokens of " + key + " could not be saved; do not"
          + " restart before the store is fixed: " + e.getMessage());
    }

    @Override
    public void onRefreshed(TokenStatus status) {
      out.println("compose-sync: refreshed " + status.key() + ": access token "
          + status.accessTokenFingerprint() + " valid until " + status.expiresAt());
    }
  }
}
