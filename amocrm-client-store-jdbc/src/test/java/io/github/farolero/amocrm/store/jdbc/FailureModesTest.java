package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The database failing in the ways the issue names (connection refused, timeout, read-only): each
 * is a {@link TokenStoreException} saying which, nothing is half-written, and no token reaches a
 * message. Also: the store on a HikariCP pool holds no connection while its lock is held.
 */
class FailureModesTest {

  private static final String SECRET = "CANARY-" + UUID.randomUUID();

  private static TokenRecord record(GrantKey key, long version, String secret) {
    Instant issued = Instant.parse("2026-03-01T10:00:00Z").plusSeconds(version);
    return new TokenRecord(key, secret + "-access-" + version + "-" + "x".repeat(200),
        secret + "-refresh-" + version, issued.plusSeconds(86_400), issued, key.domain(),
        version);
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void connectionRefusedIsAStoreFailureAndNotAbsent() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres");
    ds.setUser("postgres");
    ds.setPassword("never-in-a-message");
    ds.setConnectTimeout(2);
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds)
        .dialect(SqlDialect.POSTGRESQL).build();
    GrantKey key = GrantKey.of("refused.amocrm.ru");
    assertThatThrownBy(() -> store.load(key))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("cannot be reached")
        .hasMessageContaining("refused.amocrm.ru")
        .hasMessageNotContaining("never-in-a-message");
    assertThatThrownBy(() -> store.write(record(key, 1, SECRET)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> store.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(1)))
        .isExactlyInstanceOf(TokenStoreException.class);
    // Dialect detection needs the database too: also a store failure, at first use only.
    JdbcTokenStore detecting = JdbcTokenStore.of(ds);
    assertThatThrownBy(() -> detecting.keys()).isExactlyInstanceOf(TokenStoreException.class);
  }

  @Test
  void statementTimeoutOnALockedRowFailsAndLeavesTheRecord() throws Exception {
    DataSource ds = Databases.postgresDataSource(Databases.postgres());
    String table = Databases.newTable();
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(table)
        .createTableIfMissing(true).queryTimeout(Duration.ofSeconds(1)).build();
    GrantKey key = GrantKey.of("timeout.amocrm.ru");
    TokenRecord v1 = record(key, 1, SECRET);
    store.write(v1);
    // Another session holds the row (a long migration, a stuck transaction).
    try (Connection blocker = ds.getConnection()) {
      blocker.setAutoCommit(false);
      try (Statement st = blocker.createStatement()) {
        st.execute("SELECT * FROM " + table + " WHERE grant_key = 'timeout.amocrm.ru' FOR UPDATE");
      }
      TokenRecord v2 = record(key, 2, SECRET);
      assertThatThrownBy(() -> store.write(v2))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining("did not answer in time")
          .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
      blocker.rollback();
    }
    assertThat(store.load(key)).contains(v1);
    TokenRecord v2 = record(key, 2, SECRET);
    store.write(v2);
    assertThat(store.load(key)).contains(v2);
  }

  @Test
  void readOnlyPostgresRefusesWritesAndLocksButStillReads() throws Exception {
    EmbeddedPostgres pg = Databases.postgres();
    String db = "ro_" + ProcessHandle.current().pid();
    DataSource admin = Databases.postgresDataSource(pg);
    Databases.execute(admin, "DROP DATABASE IF EXISTS " + db);
    Databases.execute(admin, "CREATE DATABASE " + db);
    DataSource ds = pg.getDatabase("postgres", db);
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).createTableIfMissing(true)
        .build();
    GrantKey key = GrantKey.of("readonly.amocrm.ru");
    TokenRecord v1 = record(key, 1, SECRET);
    store.write(v1);
    // A failover to a replica, or an operator's switch: new sessions are read-only.
    Databases.execute(admin, "ALTER DATABASE " + db + " SET default_transaction_read_only = on");
    try {
      assertThatThrownBy(() -> store.write(record(key, 2, SECRET)))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining("read-only")
          .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
      assertThatThrownBy(() -> store.locker().orElseThrow()
          .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(1)))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining("read-only");
      assertThat(store.load(key)).contains(v1);
    } finally {
      Databases.execute(admin, "ALTER DATABASE " + db + " SET default_transaction_read_only = off");
    }
  }

  @Test
  void readOnlySqliteRefusesWritesClearly(@TempDir Path dir) {
    Path file = dir.resolve("ro.db");
    JdbcTokenStore writable = JdbcTokenStore.builder().dataSource(Databases.sqlite(file))
        .createTableIfMissing(true).build();
    GrantKey key = GrantKey.of("ro-sqlite.amocrm.ru");
    TokenRecord v1 = record(key, 1, SECRET);
    writable.write(v1);
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    SQLiteDataSource ro = new SQLiteDataSource(config);
    ro.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ro).build();
    assertThatThrownBy(() -> store.write(record(key, 2, SECRET)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("read-only")
        .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
    assertThat(store.load(key)).contains(v1);
  }

  @Test
  void postgresFailingRowDetailIsCleanedOfTokens() throws Exception {
    DataSource ds = Databases.postgresDataSource(Databases.postgres());
    String table = Databases.newTable();
    Databases.execute(ds, SqlDialect.POSTGRESQL.createTableSql(table));
    // A constraint the DBA added; PostgreSQL's error detail then lists the whole failing row.
    Databases.execute(ds, "ALTER TABLE " + table + " ADD CONSTRAINT short_refresh CHECK"
        + " (length(refresh_token) < 20)");
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(table).build();
    TokenRecord r = record(GrantKey.of("detail.amocrm.ru"), 1, SECRET);
    assertThatThrownBy(() -> store.write(r))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("23514")
        .satisfies(e -> {
          String all = everything(e);
          assertThat(all).doesNotContain(SECRET).contains("[token]");
        });
  }

  @Test
  void h2ValueTooLongMessageIsCleanedOfTokens() throws Exception {
    DataSource ds = Databases.h2("too-long");
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(Databases.newTable())
        .createTableIfMissing(true).build();
    GrantKey key = GrantKey.of("long.amocrm.ru");
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    TokenRecord huge = new TokenRecord(key, SECRET + "y".repeat(20_000), SECRET + "-refresh",
        now.plusSeconds(60), now, key.domain(), 1);
    assertThatThrownBy(() -> store.write(huge))
        .isExactlyInstanceOf(TokenStoreException.class)
        .satisfies(e -> assertThat(everything(e)).doesNotContain(SECRET));
    assertThat(store.load(key)).isEmpty();
  }

  @Test
  void aMissingTableIsNamedAsSuchEvenInAnEmptyH2Database() {
    // H2 reports a missing table in a database with no table at all as 42S04, not 42S02.
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(Databases.h2("empty-db")).build();
    assertThatThrownBy(() -> store.load(GrantKey.of("empty.amocrm.ru")))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("the table does not exist");
  }

  @Test
  void hikariPoolIsGivenBackWhileTheLockIsHeld() throws Exception {
    EmbeddedPostgres pg = Databases.postgres();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(Databases.postgresUrl(pg));
    config.setUsername("postgres");
    config.setMaximumPoolSize(2);
    config.setPoolName("tokens-test");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(pool)
          .tableName(Databases.newTable()).createTableIfMissing(true).build();
      GrantKey key = GrantKey.of("pool.amocrm.ru");
      try (GrantLock lock = store.locker().orElseThrow()
          .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(10))) {
        // A refresh talks to amoCRM here, for seconds: no pooled connection is tied up by it.
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        TokenRecord v1 = record(key, 1, SECRET);
        store.write(v1);
        assertThat(store.load(key)).contains(v1);
      }
      for (int i = 2; i < 40; i++) {
        store.write(record(key, i, SECRET));
      }
      assertThat(store.load(key).orElseThrow().version()).isEqualTo(39);
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
      assertThat(store.toString()).doesNotContain(SECRET).doesNotContain("jdbc:postgresql");
    }
  }
}
