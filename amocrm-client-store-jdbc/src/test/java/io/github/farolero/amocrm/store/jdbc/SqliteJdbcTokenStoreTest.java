package io.github.farolero.amocrm.store.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite (a file in WAL mode with a busy timeout). */
class SqliteJdbcTokenStoreTest extends JdbcTokenStoreContract {
  @TempDir
  static Path dir;
  private static DataSource sqlite;

  @Override
  protected synchronized DataSource rawDataSource() {
    if (sqlite == null) {
      sqlite = Databases.sqlite(dir.resolve("tokens.db"));
    }
    return sqlite;
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.SQLITE;
  }

  @Override
  protected boolean readOnlyConnectionsAreEnforced() {
    return false; // read-only is fixed when the database is opened; see FailureModesTest
  }
}
