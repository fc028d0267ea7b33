package io.github.farolero.amocrm.store.jdbc;

import javax.sql.DataSource;

/** The rate budget contract on H2 2.x in memory. */
class H2JdbcRateBudgetTest extends JdbcRateBudgetContract {
  @Override
  protected DataSource rawDataSource() {
    return Databases.h2("budget");
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.H2;
  }
}
