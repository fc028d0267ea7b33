package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show: PostgreSQL stopped and started again during a run, under a composite of the JDBC
 * store and a file store. The client keeps working from the file member, and the database's row is
 * repaired when it returns. The file member is the real {@code FileTokenStore}.
 *
 * <p>Two deployments, because they differ on purpose while the database is down:
 *
 * <ul>
 *   <li>{@link #singleHostRefreshesUnderTheFileLockAndRepairsTheRowWhenTheDatabaseReturns
 *       single-host} ({@code singleHost(true)}): the token expires during the outage; the refresh
 *       runs under the file lock and is saved to the file; when the database returns, the next
 *       read through the composite writes the newer pair back into its row.
 *   <li>{@link #clusterDeploymentServesTheValidTokenAndRefreshesOnlyOnceTheLockIsBack cluster}
 *       (the default): no refresh without the cluster lock. A refresh that falls due during the
 *       outage fails softly while the still-valid token keeps serving; once the database is back
 *       the refresh runs under its lease and both members get the new pair.
 * </ul>
 */
class DatabaseRestartCompositeTest {

  @TempDir
  Path dir;

  private EmbeddedPostgres pg;
  private int port;
  private HikariDataSource pool;
  private JdbcTokenStore jdbc;
  private FileTokenStore file;
  private MutableClock clock;
  private MockAmoCrmServer amo;
  private final List<String> memberFailures = Collections.synchronizedList(new ArrayList<>());
  private int failedCalls;
  private int calls;

  @BeforeEach
  void start() throws Exception {
    pg = Databases.startPostgres(dir.resolve("pgdata"), 0);
    port = pg.getPort();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(Databases.postgresUrl(pg));
    config.setUsername("postgres");
    config.setMaximumPoolSize(3);
    config.setConnectionTimeout(1000);
    config.setValidationTimeout(500);
    config.setInitializationFailTimeout(-1);
    config.setPoolName("restart-test");
    pool = new HikariDataSource(config);
    jdbc = JdbcTokenStore.builder().dataSource(pool).createTableIfMissing(true)
        .queryTimeout(Duration.ofSeconds(2)).build();
    file = FileTokenStore.of(dir.resolve("tokens"));
    clock = MutableClock.create();
    amo = MockAmoCrmServer.builder().clock(clock).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (amo != null) {
      amo.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private AmoCrmClient client(CompositeTokenStore store) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
        .clientId(amo.clientId()).clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store).clock(clock)
        .refreshPolicy(RefreshPolicy.builder().lockWait(Duration.ofSeconds(10)).build())
        .build();
  }

  private CompositeTokenStore composite(boolean singleHost) {
    return CompositeTokenStore.builder().add(jdbc).add(file).singleHost(singleHost)
        .listener((member, operation, key, error) ->
            memberFailures.add(member.name() + " " + operation))
        .build();
  }

  private void call(AmoCrmClient client) {
    calls++;
    try {
      assertThat(client.account().name()).isEqualTo("Mock account");
    } catch (RuntimeException e) {
      failedCalls++;
      System.err.println("API call failed: " + e);
    }
  }

  private void stopDatabase() throws Exception {
    pg.close();
    pg = null;
  }

  private void startDatabase() throws Exception {
    pg = Databases.startPostgres(dir.resolve("pgdata"), port);
  }

  /** Reads the row directly (not through the application's pool, which recovers on its own). */
  private String[] dbRow(GrantKey key) throws Exception {
    try (Connection c = Databases.postgresDataSource(pg).getConnection();
        PreparedStatement ps = c.prepareStatement(
        "SELECT access_token, version FROM amocrm_tokens WHERE grant_key = ?")) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return new String[] {rs.getString(1), rs.getString(2)};
      }
    }
  }

  @Test
  void singleHostRefreshesUnderTheFileLockAndRepairsTheRowWhenTheDatabaseReturns()
      throws Exception {
    CompositeTokenStore store = composite(true);
    AmoCrmClient client = client(store);
    GrantKey key = client.grantKey();
    client.tokens().authorize(amo.issueAuthorizationCode());
    call(client);
    TokenRecord beforeOutage = jdbc.load(key).orElseThrow();
    assertThat(file.load(key).orElseThrow().sameTokens(beforeOutage)).isTrue();

    stopDatabase();
    for (int i = 0; i < 5; i++) {
      call(client);
    }
    // An instance (re)started during the outage reads its tokens from the file member.
    AmoCrmClient restarted = client.newBuilder().build();
    call(restarted);
    // The token expires during the outage: refreshed under the file lock, saved to the file.
    clock.advance(Duration.ofHours(25));
    call(client);
    call(restarted);
    assertThat(amo.refreshCalls()).isEqualTo(1);
    TokenRecord inFile = file.load(key).orElseThrow();
    assertThat(inFile.sameTokens(beforeOutage)).isFalse();
    assertThat(memberFailures).contains("jdbc:amocrm_tokens lock", "jdbc:amocrm_tokens write");

    startDatabase();
    // The next read through the composite (here the health check's status()) repairs the row,
    // once the pool has replaced the connections that died with the old server; until then the
    // read is served by the file member and repairs nothing. Bounded retries, no sleeping: a
    // dead connection fails at once (at most the pool's 3 of them), and otherwise each read
    // blocks in the pool's getConnection() (up to its 1 s connectionTimeout) until the pool
    // reconnects.
    int reads = 0;
    while (!inFile.accessToken().equals(dbRow(key)[0]) && reads < 30) {
      reads++;
      client.tokens().status();
    }
    String[] row = dbRow(key);
    assertThat(row[0]).as("database row repaired with the pair refreshed during the outage")
        .isEqualTo(inFile.accessToken());
    assertThat(Long.parseLong(row[1])).isGreaterThan(beforeOutage.version());
    call(client);

    // With the database back, the next expiry is refreshed under its lease again.
    clock.advance(Duration.ofHours(25));
    call(client);
    call(restarted);
    TokenRecord after = jdbc.load(key).orElseThrow();
    assertThat(file.load(key).orElseThrow().sameTokens(after)).isTrue();

    System.out.printf("restart run (single host): %d API calls, %d failed; refresh calls %d,"
            + " revoked %d; repaired after %d read(s); member failures stepped over: %s%n",
        calls, failedCalls, amo.refreshCalls(), amo.revokedRefreshes(), reads, memberFailures);
    assertThat(failedCalls).as("failed API calls").isZero();
    assertThat(amo.refreshCalls()).as("refresh calls").isEqualTo(2);
    assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
  }

  @Test
  void clusterDeploymentServesTheValidTokenAndRefreshesOnlyOnceTheLockIsBack() throws Exception {
    CompositeTokenStore store = composite(false);
    AmoCrmClient client = client(store);
    GrantKey key = client.grantKey();
    client.tokens().authorize(amo.issueAuthorizationCode());
    call(client);
    TokenRecord first = jdbc.load(key).orElseThrow();

    stopDatabase();
    for (int i = 0; i < 5; i++) {
      call(client);
    }
    AmoCrmClient restarted = client.newBuilder().build();
    call(restarted); // reads its tokens from the file member
    // Into the advisory window (5 min before expiry), then the mandatory one (60 s): the refresh
    // needs the cluster lock, which is down; it fails softly and the valid token keeps serving.
    clock.advance(Duration.ofHours(24).minusMinutes(2));
    call(client);
    clock.advance(Duration.ofSeconds(90));
    call(client);
    call(restarted);
    assertThat(amo.refreshCalls()).as("no refresh without the cluster lock").isZero();
    assertThat(memberFailures).contains("jdbc:amocrm_tokens lock");

    startDatabase();
    // Bounded retries as above: each call blocks in the pool until it reconnects.
    int tries = 0;
    while (amo.successfulRefreshes() == 0 && tries < 30) {
      tries++;
      call(client); // still in the mandatory window: refreshes once the lease can be taken
    }
    call(restarted);
    TokenRecord after = jdbc.load(key).orElseThrow();
    assertThat(after.sameTokens(first)).isFalse();
    assertThat(file.load(key).orElseThrow().sameTokens(after)).isTrue();

    System.out.printf("restart run (cluster): %d API calls, %d failed; refresh calls %d,"
            + " revoked %d; refreshed on call %d after the restart; member failures stepped"
            + " over: %s%n", calls, failedCalls, amo.refreshCalls(), amo.revokedRefreshes(), tries,
        memberFailures.size());
    assertThat(failedCalls).as("failed API calls").isZero();
    assertThat(amo.successfulRefreshes()).isEqualTo(1);
    assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
  }
}
