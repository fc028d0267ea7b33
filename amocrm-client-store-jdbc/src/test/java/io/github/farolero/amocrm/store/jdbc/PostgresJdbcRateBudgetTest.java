package io.github.farolero.amocrm.store.jdbc;

import javax.sql.DataSource;

/** The rate budget contract on a real PostgreSQL (embedded, one per test JVM). */
class PostgresJdbcRateBudgetTest extends JdbcRateBudgetContract {
  @Override
  protected DataSource rawDataSource() {
    return Databases.postgresDataSource(Databases.postgres());
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.POSTGRESQL;
  }
}
