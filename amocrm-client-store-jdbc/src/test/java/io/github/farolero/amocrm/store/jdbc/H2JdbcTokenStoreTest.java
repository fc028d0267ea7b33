package io.github.farolero.amocrm.store.jdbc;

import javax.sql.DataSource;

/** The contract on H2 2.x in memory. */
class H2JdbcTokenStoreTest extends JdbcTokenStoreContract {
  private static final DataSource H2 = Databases.h2("contract");

  @Override
  protected DataSource rawDataSource() {
    return H2;
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.H2;
  }

  @Override
  protected boolean readOnlyConnectionsAreEnforced() {
    return false; // read-only is fixed when the database is opened; see FailureModesTest
  }
}
