package io.github.farolero.amocrm.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The SQL of {@link JdbcRateBudget} in one dialect. Every value is a bind parameter; the table
 * names, validated, are the only thing put into the text. Times are BIGINT microseconds since the
 * epoch, read from the database's clock inside the statement that uses them, so processes on
 * different hosts agree on them whatever their own clocks say.
 *
 * <p>A slot is free when {@code free_at <= now}: either released and one window has passed, or
 * still owned by a turn whose lease ran out (its holder died). So a take needs no look at the
 * owner, and one conditional {@code UPDATE} both finds and claims a slot:
 *
 * <ul>
 *   <li>PostgreSQL: the slot is picked by a sub-select {@code FOR UPDATE SKIP LOCKED}, so two
 *       takes at once claim two slots instead of one waiting for the other; the clock is read
 *       once, in a CTE ({@code clock_timestamp()} is volatile, so it is not inlined).
 *   <li>MySQL/MariaDB: {@code UPDATE ... ORDER BY free_at LIMIT 1}; InnoDB locks the scope's
 *       slot rows it reads, so takes of one scope queue for a moment and each re-reads what the
 *       one before it wrote. {@code UTC_TIMESTAMP(6)} is fixed for the statement.
 *   <li>H2 and SQLite (tests): the slot is picked by a sub-select, and the outer {@code WHERE}
 *       checks again that it is free; SQLite runs one writer at a time.
 * </ul>
 *
 * <p>The owner token is chosen before the statement, so the update count alone says whether a
 * turn was taken (no {@code RETURNING}, which MySQL lacks), and a release finds its slot by owner.
 */
final class BudgetStatements {

  /** The shipped schema files' table prefix, the default. */
  static final String SHIPPED_PREFIX = "amocrm_rate";

  final SqlDialect dialect;
  /** True where {@link QueryTimeouts} keeps the timeout (PostgreSQL), as in {@link Statements}. */
  final boolean watchedTimeouts;

  /** Claims a free slot ({@link #bindTake}); update count 1 if a turn was taken. */
  final String take;
  /** Releases a slot if its owner is still the turn: window, scope, owner. */
  final String release;
  /**
   * What a take that got nothing needs for its answer: now, paused until, banned until, and per
   * slot below the limit its free_at and whether it has no owner (1). Binds scope, scope,
   * requests.
   */
  final String state;
  /** Creates a slot if it is missing: scope, slot. */
  final String insertSlot;
  /** Creates a scope's row if it is missing: scope. */
  final String insertScope;
  /** Extends the pause to at least now + duration: duration, scope. */
  final String pause;
  /** Extends the ban to at least now + duration: duration, scope. */
  final String ban;

  BudgetStatements(SqlDialect dialect, String prefix) {
    this.dialect = dialect;
    this.watchedTimeouts = dialect == SqlDialect.POSTGRESQL;
    String scopes = Identifiers.checkTableName(prefix + "_scopes");
    String slots = Identifiers.checkTableName(prefix + "_slots");
    String now = now(dialect);
    String notHeld = "NOT EXISTS (SELECT 1 FROM " + scopes + " c WHERE c.scope_key = ?"
        + " AND (c.paused_until > %1$s OR c.banned_until > %1$s))";
    this.take = switch (dialect) {
      case POSTGRESQL -> "WITH n AS (SELECT " + now + " AS t) UPDATE " + slots + " s"
          + " SET owner_token = ?, free_at = n.t + ? FROM n"
          + " WHERE s.scope_key = ? AND s.free_at <= n.t AND s.slot = ("
          + "SELECT p.slot FROM " + slots + " p WHERE p.scope_key = ? AND p.slot < ?"
          + " AND p.free_at <= n.t AND " + String.format(notHeld, "n.t")
          + " ORDER BY p.free_at, p.slot LIMIT 1 FOR UPDATE OF p SKIP LOCKED)";
      case MYSQL -> "UPDATE " + slots + " SET owner_token = ?, free_at = " + now + " + ?"
          + " WHERE scope_key = ? AND slot < ? AND free_at <= " + now + " AND "
          + String.format(notHeld, now) + " ORDER BY free_at, slot LIMIT 1";
      case H2, SQLITE -> "UPDATE " + slots + " SET owner_token = ?, free_at = " + now + " + ?"
          + " WHERE scope_key = ? AND free_at <= " + now + " AND slot = ("
          + "SELECT p.slot FROM " + slots + " p WHERE p.scope_key = ?"
          + " AND p.slot < ? AND p.free_at <= " + now + " AND " + String.format(notHeld, now)
          + " ORDER BY p.free_at, p.slot " + (dialect == SqlDialect.H2
              ? "FETCH FIRST 1 ROW ONLY" : "LIMIT 1") + ")";
    };
    this.release = "UPDATE " + slots + " SET owner_token = NULL, free_at = " + now + " + ?"
        + " WHERE scope_key = ? AND owner_token = ?";
    this.state = "SELECT n.t, c.paused_until, c.banned_until, s.free_at,"
        + " CASE WHEN s.owner_token IS NULL THEN 1 ELSE 0 END"
        + " FROM (SELECT " + now + " AS t) n"
        + " LEFT JOIN " + scopes + " c ON c.scope_key = ?"
        + " LEFT JOIN " + slots + " s ON s.scope_key = ? AND s.slot < ?";
    this.insertSlot = insertIgnoring(dialect, slots, "scope_key, slot", "?, ?",
        "scope_key = ? AND slot = ?");
    this.insertScope = insertIgnoring(dialect, scopes, "scope_key", "?", "scope_key = ?");
    String greatest = dialect == SqlDialect.SQLITE ? "MAX" : "GREATEST";
    this.pause = "UPDATE " + scopes + " SET paused_until = " + greatest + "(paused_until, "
        + now + " + ?) WHERE scope_key = ?";
    this.ban = "UPDATE " + scopes + " SET banned_until = " + greatest + "(banned_until, "
        + now + " + ?) WHERE scope_key = ?";
  }

  /**
   * Binds {@link #take}.
   *
   * @param ps the statement
   * @param owner the new turn's token
   * @param leaseMicros how long the turn holds the slot if never released
   * @param scope the scope's key
   * @param requests the caller's limit: slots below it may be taken
   * @throws SQLException if the driver refuses
   */
  void bindTake(PreparedStatement ps, String owner, long leaseMicros, String scope, int requests)
      throws SQLException {
    int i = 1;
    ps.setString(i++, owner);
    ps.setLong(i++, leaseMicros);
    ps.setString(i++, scope);
    if (dialect != SqlDialect.MYSQL) {
      ps.setString(i++, scope); // the sub-select's
    }
    ps.setInt(i++, requests);
    ps.setString(i, scope); // the pause and ban check's
  }

  /** {@return whether the insert statements bind their key twice (H2's NOT EXISTS form)} */
  boolean insertBindsKeyTwice() {
    return dialect == SqlDialect.H2;
  }

  /** An INSERT that does nothing if the row exists. */
  private static String insertIgnoring(SqlDialect dialect, String table, String columns,
      String values, String key) {
    return switch (dialect) {
      case POSTGRESQL, SQLITE -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + values
          + ") ON CONFLICT DO NOTHING";
      case MYSQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + values
          + ") ON DUPLICATE KEY UPDATE scope_key = scope_key";
      // A race between two such inserts ends in a duplicate key, which the caller ignores.
      case H2 -> "INSERT INTO " + table + " (" + columns + ") SELECT " + values
          + " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE " + key + ")";
    };
  }

  /** The database's clock in microseconds since the epoch, as BIGINT. */
  static String now(SqlDialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
      // UTC_TIMESTAMP and a UTC origin: the session's time zone plays no part.
      case MYSQL -> "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6))";
      case H2 -> "DATEDIFF(MICROSECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00',"
          + " CURRENT_TIMESTAMP)";
      // SQLite's clock has milliseconds; 'now' is fixed for the statement.
      case SQLITE -> "(CAST(ROUND(unixepoch('now', 'subsec') * 1000) AS INTEGER) * 1000)";
    };
  }
}
