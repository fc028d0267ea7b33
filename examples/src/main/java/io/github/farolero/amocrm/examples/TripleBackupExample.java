package io.github.farolero.amocrm.examples;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Purpose: the old deployment's "file, then env, then database" triple backup, done right —
 * three deploys of a sync app, the second of which loses its token volume, and not one
 * re-authorization. Runs against {@link MockAmoCrmServer} and an in-memory H2 database.
 */
public final class TripleBackupExample {

  private TripleBackupExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws IOException if the temporary directory cannot be used
   */
  public static void main(String[] args) throws IOException {
    // The app and the mock amoCRM share a clock the example can move: a day passes in deploy 1.
    MutableClock clock = MutableClock.create();
    try (TempDirectory root = TempDirectory.create("amocrm-triple-");
        MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
      // What the old deployment put in the environment once, by hand.
      IssuedTokens seed = amo.issueTokens();
      Map<String, String> environment = Map.of(
          "AMOCRM_DOMAIN", amo.accountDomain(),
          "AMOCRM_ACCESS_TOKEN", seed.accessToken(),
          "AMOCRM_REFRESH_TOKEN", seed.refreshToken(),
          "AMOCRM_TOKEN_EXPIRES_AT", Long.toString(seed.expiresAt().getEpochSecond()));
      JdbcDataSource database = new JdbcDataSource();
      database.setURL("jdbc:h2:mem:amocrm-triple;DB_CLOSE_DELAY=-1");
      Path volume = root.path().resolve("tokens"); // TOKENS_PATH: a volume that should outlive deploys

      say("Deploy 1: the file and the database are empty; the environment holds the seed.");
      TokenStore store1 = stores(volume, environment, database, clock);
      AmoCrmClient app1 = client(amo, store1, clock);
      app1.account();
      say("  Served the seed as it is (issued moments ago: no refresh) and copied it into the"
          + " file and the database: " + amo.refreshCalls() + " refreshes.");
      clock.advance(Duration.ofHours(24).plusMinutes(1));
      app1.account();
      TokenRecord first = store1.load(app1.grantKey()).orElseThrow();
      say("  A day later the access token expired: refreshed once, version " + first.version()
          + ", saved to the file and the database. The seed's refresh token is dead now.");

      say("Deploy 2: the new container lost the token volume.");
      TempDirectory.delete(volume);
      TokenRecord second = deploy(amo, volume, environment, database, clock);
      say("  Served from the database, and the file was repaired: "
          + Files.exists(FileTokenStore.of(volume).fileOf(amo.grantKey())) + "; same pair: "
          + second.sameTokens(first) + ".");

      say("Deploy 3: the environment still holds the first, long-dead refresh token.");
      TokenRecord third = deploy(amo, volume, environment, database, clock);
      say("  The newest record won, not the first found: same pair as deploy 2: "
          + third.sameTokens(second) + ".");

      say("");
      say("amoCRM saw " + amo.codeExchanges() + " authorizations, " + amo.refreshCalls()
          + " refresh, " + amo.revokedRefreshes() + " revoked refresh tokens.");
      boolean ok = amo.codeExchanges() == 0 && amo.refreshCalls() == 1
          && amo.revokedRefreshes() == 0 && second.sameTokens(first) && third.sameTokens(second);
      say(ok ? "OK: three deploys, one lost volume, no re-authorization."
          : "UNEXPECTED: see the figures above.");
      if (!ok) {
        throw new IllegalStateException("the example did not end as promised; see the figures above");
      }
    }
  }

  /** One deploy of the app: build the stores and the client, make one call, report the pair. */
  private static TokenRecord deploy(MockAmoCrmServer amo, Path volume,
      Map<String, String> environment, JdbcDataSource database, Clock clock) {
    TokenStore store = stores(volume, environment, database, clock);
    AmoCrmClient client = client(amo, store, clock);
    client.account();
    return store.load(client.grantKey()).orElseThrow();
  }

  /** The app's tokens: file, then env, then database. */
  private static TokenStore stores(Path volume, Map<String, String> environment,
      JdbcDataSource database, Clock clock) {
    return CompositeTokenStore.of(
        FileTokenStore.of(volume),
        EnvTokenStore.builder().environment(environment).clock(clock).build(),
        JdbcTokenStore.builder().dataSource(database).createTableIfMissing(true).build());
  }

  private static AmoCrmClient client(MockAmoCrmServer amo, TokenStore store, Clock clock) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain())
        .baseUrl(amo.baseUrl()) // a real app leaves this out
        .clientId(amo.clientId())
        .clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .clock(clock) // a real app leaves this out
        .build();
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
