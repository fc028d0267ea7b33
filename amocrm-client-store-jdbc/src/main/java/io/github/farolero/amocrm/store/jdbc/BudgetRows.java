package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.RateBudget.Take;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Runs {@link JdbcRateBudget}'s statements, each alone on a connection borrowed for it and in
 * auto-commit where the pool hands connections out so (one round trip; a connection that comes
 * with auto-commit off is committed, as it must be). A statement is bounded by the query timeout
 * the way {@link Transactions} bounds the token store's.
 */
final class BudgetRows {

  /** The shortest wait hint, in microseconds (the contract: at least a millisecond). */
  private static final long MIN_WAIT_MICROS = 1_000;
  private static final int ATTEMPTS = 3;

  /** This JVM's part of every owner token; the counter makes each token of it unique. */
  private static final String PROCESS = newProcessId();
  private static final AtomicLong TURNS = new AtomicLong();

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;
  /** The most slots created per scope key by this budget; the hot path asks nothing else. */
  private final Map<String, Integer> ensured = new ConcurrentHashMap<>();

  BudgetRows(DataSource dataSource, Duration queryTimeout) {
    this.dataSource = dataSource;
    long seconds = (queryTimeout.toMillis() + 999) / 1000;
    this.queryTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }

  private static String newProcessId() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** {@return a token no other turn of any process has} */
  static String newOwner() {
    return PROCESS + "-" + Long.toHexString(TURNS.incrementAndGet());
  }

  /** One statement on one connection. */
  @FunctionalInterface
  private interface Call<T> {
    T run(PreparedStatement ps) throws SQLException;
  }

  private <T> T once(BudgetStatements s, String sql, Call<T> call) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      T result;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (s.watchedTimeouts) {
          try (QueryTimeouts.Watch w = QueryTimeouts.watch(ps, queryTimeoutSeconds)) {
            try {
              result = call.run(ps);
            } catch (SQLException e) {
              throw w.failure(e);
            }
          }
        } else {
          try {
            ps.setQueryTimeout(queryTimeoutSeconds);
          } catch (SQLException | UnsupportedOperationException e) {
            // a driver without query timeouts: the pool's and socket's timeouts bound it
          }
          result = call.run(ps);
        }
      } catch (SQLException | RuntimeException e) {
        if (!autoCommit) {
          rollbackQuietly(c, e);
        }
        throw e;
      }
      if (!autoCommit) {
        c.commit();
      }
      return result;
    }
  }

  /** Runs {@link #once}, again after a deadlock or serialization failure (MySQL's InnoDB). */
  private <T> T retried(BudgetStatements s, String sql, Call<T> call) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(s, sql, call);
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !SqlFailures.isTransient(e)) {
          throw e;
        }
      }
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Creates slots 0..requests-1 of a scope unless this budget did so before. */
  void ensureSlots(BudgetStatements s, String key, int requests) throws SQLException {
    Integer done = ensured.get(key);
    if (done != null && done >= requests) {
      return;
    }
    insertIgnoringDuplicates(s, s.insertScope, key, -1);
    for (int slot = 0; slot < requests; slot++) {
      insertIgnoringDuplicates(s, s.insertSlot, key, slot);
    }
    ensured.merge(key, requests, Math::max);
  }

  private void insertIgnoringDuplicates(BudgetStatements s, String sql, String key, int slot)
      throws SQLException {
    try {
      once(s, sql, ps -> {
        int i = 1;
        for (int n = s.insertBindsKeyTwice() ? 2 : 1; n > 0; n--) {
          ps.setString(i++, key);
          if (slot >= 0) {
            ps.setInt(i++, slot);
          }
        }
        return ps.executeUpdate();
      });
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state == null || !state.startsWith("23")) { // 23: another process inserted it first
        throw e;
      }
    }
  }

  /** Claims a free slot for {@code owner}; true if one was free. */
  boolean take(BudgetStatements s, String owner, long leaseMicros, String key, int requests)
      throws SQLException {
    return retried(s, s.take, ps -> {
      s.bindTake(ps, owner, leaseMicros, key, requests);
      return ps.executeUpdate();
    }) == 1;
  }

  /**
   * Says why no slot was free and for how long: the ban's time left, the pause's, or the time
   * until the first slot frees (a held slot's lease end, but at most one window: its holder
   * releases it then, typically).
   */
  Take waitOrBan(BudgetStatements s, String key, int requests, long windowMicros)
      throws SQLException {
    long[] r = once(s, s.state, ps -> {
      ps.setString(1, key);
      ps.setString(2, key);
      ps.setInt(3, requests);
      long now = 0;
      long paused = 0;
      long banned = 0;
      long soonest = Long.MAX_VALUE;
      int slots = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          now = rs.getLong(1);
          paused = rs.getLong(2);
          banned = rs.getLong(3);
          long freeAt = rs.getLong(4);
          if (rs.wasNull()) {
            continue; // no slot rows at all
          }
          slots++;
          long d = freeAt - now;
          soonest = Math.min(soonest, rs.getInt(5) == 1 ? d : Math.min(d, windowMicros));
        }
      }
      return new long[] {now, paused, banned, soonest, slots};
    });
    long now = r[0];
    if (r[2] > now) {
      return Take.banned(Duration.ofNanos((r[2] - now) * 1_000));
    }
    if (r[1] > now) {
      return Take.waitFor(Duration.ofNanos((r[1] - now) * 1_000));
    }
    long soonest = r[3];
    if (r[4] < requests) {
      ensured.remove(key); // the rows went missing (a cleanup?): create them on the next take
      soonest = 0;
    }
    return Take.waitFor(Duration.ofNanos(Math.max(MIN_WAIT_MICROS, soonest) * 1_000));
  }

  /** Frees a slot one window from now if {@code owner} still holds it; false if not. */
  boolean release(BudgetStatements s, String key, String owner, long windowMicros)
      throws SQLException {
    return retried(s, s.release, ps -> {
      ps.setLong(1, windowMicros);
      ps.setString(2, key);
      ps.setString(3, owner);
      return ps.executeUpdate();
    }) == 1;
  }

  /** Runs a pause or ban update, creating the scope's row first if it has none. */
  void extend(BudgetStatements s, String sql, String key, long micros) throws SQLException {
    Call<Integer> update = ps -> {
      ps.setLong(1, micros);
      ps.setString(2, key);
      return ps.executeUpdate();
    };
    if (retried(s, sql, update) == 0) {
      insertIgnoringDuplicates(s, s.insertScope, key, -1);
      retried(s, sql, update);
    }
  }

  /** {@return the database's product name, as its driver says} */
  String productName() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName();
    }
  }

  /** Runs the schema's statements, each in auto-commit ({@code IF NOT EXISTS}: idempotent). */
  void createTables(List<String> ddl) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      try (Statement st = c.createStatement()) {
        for (String sql : ddl) {
          try {
            st.execute(sql);
            if (!autoCommit) {
              c.commit();
            }
          } catch (SQLException e) {
            // Two processes creating a table at once can collide in PostgreSQL's catalog; the
            // other one made it, which the first take shows.
            if (!autoCommit) {
              rollbackQuietly(c, e);
            }
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
              throw e;
            }
          }
        }
      }
    }
  }
}
