package io.github.farolero.amocrm.store.jdbc;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The databases {@link JdbcTokenStore} speaks to, each with its schema file in the jar.
 *
 * <p>The SQL the store runs is the same on every database except for three things, which is all a
 * dialect decides: the column types of the schema, how the database's own clock is read (for
 * {@code updated_at} and the refresh lease), and how instants are bound.
 */
public enum SqlDialect {
  /** PostgreSQL 9.5 and later. Times are {@code TIMESTAMP WITH TIME ZONE}. */
  POSTGRESQL("postgresql"),
  /**
   * MySQL 8 and MariaDB 10.5 and later, through either vendor's driver. Times are
   * {@code DATETIME(6)} in UTC.
   */
  MYSQL("mysql"),
  /** H2 2.x. Times are {@code TIMESTAMP(6) WITH TIME ZONE}. */
  H2("h2"),
  /**
   * SQLite 3.24 and later. Times are fixed-width ISO-8601 UTC text. Use WAL mode and a busy
   * timeout when several connections write (see the module README).
   */
  SQLITE("sqlite");

  private final String fileName;

  SqlDialect(String fileName) {
    this.fileName = fileName;
  }

  /**
   * {@return where this dialect's schema file is in the jar, for {@link
   * ClassLoader#getResource}: {@code META-INF/amocrm-client/sql/<name>.sql}} It creates the
   * default table, {@code amocrm_tokens}.
   */
  public String schemaResource() {
    return "META-INF/amocrm-client/sql/" + fileName + ".sql";
  }

  /**
   * Returns the {@code CREATE TABLE IF NOT EXISTS} statement for a table, without comments: the
   * schema file with the table name replaced.
   *
   * @param tableName the table, such as {@code amocrm_tokens} or {@code app.amocrm_tokens}
   * @return one SQL statement, without a trailing semicolon
   * @throws IllegalArgumentException if the name is not a plain SQL identifier
   */
  public String createTableSql(String tableName) {
    Objects.requireNonNull(tableName, "tableName == null");
    return SchemaResources.createTable(schemaResource(), Identifiers.checkTableName(tableName));
  }

  /**
   * {@return where this dialect's schema file of {@link JdbcWatermarkStore} is in the jar:
   * {@code META-INF/amocrm-client/sql/watermarks-<name>.sql}} It creates the default table,
   * {@code amocrm_sync_watermarks}.
   */
  public String watermarkSchemaResource() {
    return "META-INF/amocrm-client/sql/watermarks-" + fileName + ".sql";
  }

  /**
   * {@return where this dialect's schema file of {@link JdbcRateBudget} is in the jar:
   * {@code META-INF/amocrm-client/sql/rate-budget-<name>.sql}} It creates the default tables,
   * {@code amocrm_rate_scopes} and {@code amocrm_rate_slots}.
   */
  public String rateBudgetSchemaResource() {
    return "META-INF/amocrm-client/sql/rate-budget-" + fileName + ".sql";
  }

  /**
   * Returns the dialect of a database product, as
   * {@link java.sql.DatabaseMetaData#getDatabaseProductName()} names it ({@code PostgreSQL},
   * {@code MySQL}, {@code MariaDB}, {@code H2}, {@code SQLite}), or empty for one this store does
   * not know.
   */
  static Optional<SqlDialect> fromProductName(String productName) {
    String p = productName.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return Optional.of(POSTGRESQL);
    }
    if (p.contains("mysql") || p.contains("mariadb")) {
      return Optional.of(MYSQL);
    }
    if (p.equals("h2")) {
      return Optional.of(H2);
    }
    if (p.contains("sqlite")) {
      return Optional.of(SQLITE);
    }
    return Optional.empty();
  }
}
