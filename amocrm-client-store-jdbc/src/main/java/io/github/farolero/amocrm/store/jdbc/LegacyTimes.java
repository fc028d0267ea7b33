package io.github.farolero.amocrm.store.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a time column of an older application's table, whatever it chose: an SQL timestamp with
 * or without zone, Unix seconds or milliseconds, or text.
 */
final class LegacyTimes {

  /** Numbers above this are milliseconds (it is 5138 AD in seconds, 1973 in milliseconds). */
  private static final long MILLIS_THRESHOLD = 100_000_000_000L;

  /** Reads one time column of the current row. */
  @FunctionalInterface
  interface Column {
    /**
     * Reads the column of the current row.
     *
     * @param rs the result, on a row
     * @return the instant, or null if NULL or empty
     * @throws SQLException if the driver refuses
     * @throws IllegalArgumentException if the value is not a time (the message names the
     *     column, not the value)
     */
    @Nullable Instant read(ResultSet rs) throws SQLException;
  }

  private LegacyTimes() {}

  /**
   * Decides, once per result from its metadata, how a time column is read.
   *
   * @param meta the result's metadata
   * @param column the column
   * @param zone the zone of values that carry none
   * @return the column's reader
   * @throws SQLException if the driver refuses
   */
  static Column column(ResultSetMetaData meta, int column, ZoneId zone)
      throws SQLException {
    String name = String.valueOf(meta.getColumnLabel(column)).toLowerCase(Locale.ROOT);
    int type = meta.getColumnType(column);
    String typeName = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
    // PostgreSQL's driver reports timestamptz as Types.TIMESTAMP; its type name tells.
    if (type == Types.TIMESTAMP_WITH_TIMEZONE || typeName.contains("timestamptz")
        || typeName.contains("with time zone")) {
      return rs -> {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
      };
    }
    if (type == Types.TIMESTAMP || type == Types.DATE) {
      return rs -> {
        LocalDateTime t;
        try {
          t = rs.getObject(column, LocalDateTime.class);
        } catch (SQLException e) {
          // Some drivers (SQLite) declare TIMESTAMP but hold text or numbers: read the raw value.
          return fromValue(rs.getObject(column), zone, name);
        }
        return t == null ? null : t.atZone(zone).toInstant();
      };
    }
    return rs -> fromValue(rs.getObject(column), zone, name);
  }

  private static @Nullable Instant fromValue(@Nullable Object v, ZoneId zone, String name) {
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return fromNumber(n.longValue());
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().atZone(zone).toInstant();
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (v instanceof LocalDateTime t) {
      return t.atZone(zone).toInstant();
    }
    String s = v.toString().trim();
    if (s.isEmpty()) {
      return null;
    }
    if (s.chars().allMatch(Character::isDigit)) {
      return fromNumber(Long.parseLong(s));
    }
    try {
      return Instant.parse(s.replace(' ', 'T'));
    } catch (DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          return LocalDateTime.parse(s.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(name + " is not a time");
        }
      }
    }
  }

  private static Instant fromNumber(long n) {
    return n >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
  }
}
