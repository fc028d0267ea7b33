package io.github.farolero.amocrm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A one-off measurement, not a test: what a shared turn costs a request on embedded PostgreSQL and
 * on MariaDB, beside the cheapest round trip the same pool makes ({@code SELECT 1}) and a
 * one-row {@code UPDATE} by primary key in auto-commit (the cost of a write's commit). Sequential,
 * one thread, through a HikariCP pool on loopback; prints median and 90th percentile in µs. Runs
 * only with {@code -Damocrm.bench.budget=true}; asserts nothing.
 *
 * <pre>
 * nice -n 19 mvn -B -o -q -pl amocrm-client-store-jdbc -am verify -Dtest=JdbcRateBudgetBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Damocrm.bench.budget=true -Djacoco.skip=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "amocrm.bench.budget", matches = "true")
class JdbcRateBudgetBench {

  private static final int WARMUP = 2_000;
  private static final int ROUNDS = 5_000;

  @Test
  void postgres() throws Exception {
    run("PostgreSQL " + version(Databases.postgresDataSource(Databases.postgres())),
        Databases.postgresDataSource(Databases.postgres()));
  }

  @Test
  void mariaDb() throws Exception {
    Properties p = Databases.mariaDb();
    DataSource raw = Databases.mariaDbDataSource(p);
    run("MariaDB " + version(raw), raw);
  }

  private static String version(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return c.getMetaData().getDatabaseProductVersion();
    }
  }

  private static void run(String name, DataSource raw) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(raw);
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcRateBudget budget = JdbcRateBudget.builder().dataSource(pool)
          .tablePrefix("bench" + Databases.newTable()).createTableIfMissing(true).build();
      RateBudget.Scope scope = RateBudget.Scope.integration("bench", "bench.amocrm.ru");
      // amoCRM's 7 slots; a window of a microsecond, so that a slot is free again at once.
      RateLimit limit = new RateLimit(7, Duration.ofNanos(1_000), Duration.ofMinutes(1));
      String row = "bench" + Databases.newTable() + "_row";
      Databases.execute(pool, "CREATE TABLE " + row + " (k INTEGER PRIMARY KEY, v BIGINT)");
      Databases.execute(pool, "INSERT INTO " + row + " VALUES (1, 0)");
      long[] turn = new long[ROUNDS];
      long[] select = new long[ROUNDS];
      long[] update = new long[ROUNDS];
      for (int i = 0; i < WARMUP; i++) {
        takeAndRelease(budget, scope, limit);
        selectOne(pool);
        updateOne(pool, row);
      }
      // Paired: the three alternate, so load on the machine touches all alike.
      for (int i = 0; i < ROUNDS; i++) {
        long t0 = System.nanoTime();
        takeAndRelease(budget, scope, limit);
        long t1 = System.nanoTime();
        selectOne(pool);
        long t2 = System.nanoTime();
        updateOne(pool, row);
        long t3 = System.nanoTime();
        turn[i] = t1 - t0;
        select[i] = t2 - t1;
        update[i] = t3 - t2;
      }
      System.out.printf(Locale.ROOT, "BENCH %s: take+release median %.0f µs (p90 %.0f);"
          + " SELECT 1 median %.0f µs (p90 %.0f); one-row UPDATE by key median %.0f µs"
          + " (p90 %.0f); take+release / UPDATE %.2f; %d rounds%n", name,
          pct(turn, 50), pct(turn, 90), pct(select, 50), pct(select, 90), pct(update, 50),
          pct(update, 90), pct(turn, 50) / pct(update, 50), ROUNDS);
    }
  }

  private static void takeAndRelease(RateBudget budget, RateBudget.Scope scope, RateLimit limit) {
    RateBudget.Turn t = budget.tryTake(scope, limit).turn();
    if (t == null) {
      throw new AssertionError("no slot free: the bench needs more slots");
    }
    t.release();
  }

  private static void selectOne(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
    }
  }

  private static void updateOne(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET v = v + 1 WHERE k = 1")) {
      ps.executeUpdate();
    }
  }

  private static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, s.length * p / 100)] / 1_000.0;
  }
}
