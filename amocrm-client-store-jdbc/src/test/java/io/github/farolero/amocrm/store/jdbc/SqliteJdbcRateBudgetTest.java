package io.github.farolero.amocrm.store.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** The rate budget contract on SQLite (a file in WAL mode with a busy timeout). */
class SqliteJdbcRateBudgetTest extends JdbcRateBudgetContract {
  @TempDir
  static Path dir;

  @Override
  protected DataSource rawDataSource() {
    return Databases.sqlite(dir.resolve("budget.db"));
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.SQLITE;
  }
}
