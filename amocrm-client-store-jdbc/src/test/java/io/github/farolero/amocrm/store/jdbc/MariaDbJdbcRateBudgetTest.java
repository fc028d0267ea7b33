package io.github.farolero.amocrm.store.jdbc;

import javax.sql.DataSource;

/**
 * The rate budget contract on MariaDB (or MySQL) through the MariaDB driver. Skipped, with a
 * message, when no server was started (see {@code src/test/scripts/start-mariadb.sh}).
 */
class MariaDbJdbcRateBudgetTest extends JdbcRateBudgetContract {
  @Override
  protected DataSource rawDataSource() {
    return Databases.mariaDbDataSource(Databases.mariaDb());
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.MYSQL;
  }
}
