package io.github.farolero.amocrm.store.jdbc;

import javax.sql.DataSource;

/**
 * The contract on MariaDB (or MySQL) through the MariaDB driver. Skipped, with a message, when
 * no server was started (see {@code src/test/scripts/start-mariadb.sh}).
 */
class MariaDbJdbcTokenStoreTest extends JdbcTokenStoreContract {
  @Override
  protected DataSource rawDataSource() {
    return Databases.mariaDbDataSource(Databases.mariaDb());
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.MYSQL;
  }

  @Override
  protected boolean readOnlyConnectionsAreEnforced() {
    // MariaDB's driver keeps setReadOnly(true) to itself (it picks replicas with it); the same
    // server refusing a read-only transaction is shown through Connector/J.
    return false;
  }
}
