package io.github.farolero.amocrm.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of one table in one dialect, and how instants are bound and read there. Every value is
 * a bind parameter; the table name, validated, is the only thing put into the text.
 *
 * <p>Instants of tokens are kept to the microsecond (what every supported database holds); finer
 * parts are cut off before binding, so that every database stores the same value. The lease and
 * {@code updated_at} use the database's clock, never the application's: processes on different
 * hosts then agree on when a lease ran out, and a test that moves the application's clock cannot
 * break a lock.
 */
final class Statements {

  /** Token times in SQLite: fixed width, so text order is time order. */
  private static final DateTimeFormatter SQLITE_INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /**
   * Token times in MySQL/MariaDB: bound and read as text in UTC, so that no driver converts them
   * (time zones, or Connector/J cutting fractions when it takes MariaDB for MySQL 5.5).
   */
  private static final DateTimeFormatter MYSQL_WRITE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MYSQL_READ = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter(Locale.ROOT);

  private static final String TOKEN_COLUMNS =
      "access_token, refresh_token, expires_at, issued_at, account_domain, version";

  private final SqlDialect dialect;

  /**
   * True where the query timeout is kept by {@link QueryTimeouts} rather than the driver's {@link
   * java.sql.Statement#setQueryTimeout} (PostgreSQL: its driver arms a timer per statement).
   */
  final boolean watchedTimeouts;
  /**
   * True where a connection's {@code setReadOnly(true)} binds only inside a transaction
   * (PostgreSQL's driver sends {@code BEGIN READ ONLY}; in auto-commit it sends nothing): writes on
   * such a connection then run in a transaction, so that the database refuses them.
   */
  final boolean readOnlyOnlyInTransactions;

  /** Loads the record of a grant (rows holding only a lease are no record). */
  final String load;
  /** Lists the grants that hold a record. */
  final String keys;
  /** The compare-and-set: replaces a record only with a newer version. */
  final String update;
  /** Reads the stored version, and whether the row holds only a lease (1) or a record (0). */
  final String probe;
  /** The first write of a grant. */
  final String insert;
  /** Deletes a record but keeps a lease that is still running. */
  final String clear;
  /** Removes a row that holds neither a record nor a running lease. */
  final String removeEmptyRow;
  /** Takes the lease if nobody holds it or the holder's lease ran out. */
  final String takeLease;
  /** Takes the lease of a grant that has no row yet. */
  final String insertLease;
  /** Releases a lease, only if this owner still holds it. */
  final String releaseLease;
  /** Who holds the lease, for error messages. */
  final String leaseHolder;

  /**
   * Creates the statements.
   *
   * @param dialect the database
   * @param table the table name, already validated
   */
  Statements(SqlDialect dialect, String table) {
    this.dialect = dialect;
    this.watchedTimeouts = dialect == SqlDialect.POSTGRESQL;
    this.readOnlyOnlyInTransactions = dialect == SqlDialect.POSTGRESQL;
    Identifiers.checkTableName(table);
    String now = now();
    this.load = "SELECT " + TOKEN_COLUMNS + " FROM " + table
        + " WHERE grant_key = ? AND access_token IS NOT NULL";
    this.keys = "SELECT grant_key FROM " + table + " WHERE access_token IS NOT NULL";
    this.update = "UPDATE " + table + " SET access_token = ?, refresh_token = ?, expires_at = ?,"
        + " issued_at = ?, account_domain = ?, version = ?, updated_at = " + now
        + " WHERE grant_key = ? AND (access_token IS NULL OR version < ?)";
    this.probe = "SELECT version, CASE WHEN access_token IS NULL THEN 1 ELSE 0 END FROM " + table
        + " WHERE grant_key = ?";
    this.insert = "INSERT INTO " + table + " (grant_key, " + TOKEN_COLUMNS + ", updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, " + now + ")";
    this.clear = "UPDATE " + table + " SET access_token = NULL, refresh_token = NULL,"
        + " expires_at = NULL, issued_at = NULL, account_domain = NULL, version = 0,"
        + " updated_at = " + now + " WHERE grant_key = ? AND access_token IS NOT NULL";
    this.removeEmptyRow = "DELETE FROM " + table + " WHERE grant_key = ? AND access_token IS NULL"
        + " AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= " + now + ")";
    this.takeLease = "UPDATE " + table + " SET lease_owner = ?, lease_until = " + nowPlus()
        + " WHERE grant_key = ? AND (lease_owner IS NULL OR lease_until IS NULL"
        + " OR lease_until <= " + now + ")";
    this.insertLease = "INSERT INTO " + table + " (grant_key, version, lease_owner, lease_until)"
        + " VALUES (?, 0, ?, " + nowPlus() + ")";
    this.releaseLease = "UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL"
        + " WHERE grant_key = ? AND lease_owner = ?";
    this.leaseHolder = "SELECT lease_owner FROM " + table + " WHERE grant_key = ? AND"
        + " lease_owner IS NOT NULL AND lease_until > " + now;
  }

  /** {@return the dialect} */
  SqlDialect dialect() {
    return dialect;
  }

  /** The database's current time, in the type of the time columns. */
  private String now() {
    return switch (dialect) {
      case POSTGRESQL, H2 -> "CURRENT_TIMESTAMP";
      case MYSQL -> "UTC_TIMESTAMP(6)";
      case SQLITE -> "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    };
  }

  /** The database's current time plus a bound duration ({@link #bindDuration}). */
  private String nowPlus() {
    return switch (dialect) {
      case POSTGRESQL -> "(CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '1 microsecond')";
      case H2 -> "DATEADD(MICROSECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP)";
      case MYSQL -> "TIMESTAMPADD(MICROSECOND, ?, UTC_TIMESTAMP(6))";
      case SQLITE -> "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)";
    };
  }

  /**
   * Binds the duration that the lease statements add to the database's time.
   *
   * @param ps the statement
   * @param index the parameter
   * @param d the duration
   * @throws SQLException if the driver refuses
   */
  void bindDuration(PreparedStatement ps, int index, Duration d) throws SQLException {
    long micros = d.toNanos() / 1_000;
    if (dialect == SqlDialect.SQLITE) {
      ps.setString(index, String.format(Locale.ROOT, "+%d.%06d seconds",
          micros / 1_000_000, micros % 1_000_000));
    } else {
      ps.setLong(index, micros);
    }
  }

  /**
   * Binds a token time.
   *
   * @param ps the statement
   * @param index the parameter
   * @param instant the time
   * @throws SQLException if the driver refuses
   */
  void bindInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    Instant t = instant.truncatedTo(ChronoUnit.MICROS); // what every supported database holds
    switch (dialect) {
      case POSTGRESQL, H2 -> ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      case MYSQL -> ps.setString(index, MYSQL_WRITE.format(t));
      case SQLITE -> ps.setString(index, SQLITE_INSTANT.format(t));
      default -> throw new AssertionError(dialect);
    }
  }

  /**
   * Reads a token time.
   *
   * @param rs the row
   * @param column the column
   * @return the time, or null if the column is NULL
   * @throws SQLException if the driver refuses
   */
  @Nullable Instant readInstant(ResultSet rs, int column) throws SQLException {
    return switch (dialect) {
      case POSTGRESQL, H2 -> {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        yield t == null ? null : t.toInstant();
      }
      case MYSQL -> {
        String t = rs.getString(column);
        yield t == null ? null
            : LocalDateTime.parse(t.replace('T', ' '), MYSQL_READ).toInstant(ZoneOffset.UTC);
      }
      case SQLITE -> {
        String t = rs.getString(column);
        yield t == null ? null : Instant.parse(t);
      }
    };
  }
}
