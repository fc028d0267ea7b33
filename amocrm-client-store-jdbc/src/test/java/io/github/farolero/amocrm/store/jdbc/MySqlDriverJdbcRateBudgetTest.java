package io.github.farolero.amocrm.store.jdbc;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The rate budget contract through MySQL's own driver (Connector/J), on the server {@code
 * start-mariadb.sh} started. Skipped, with a message, when no server was started.
 */
class MySqlDriverJdbcRateBudgetTest extends JdbcRateBudgetContract {
  @Override
  protected DataSource rawDataSource() {
    Properties p = Databases.mariaDb();
    MysqlDataSource ds = new MysqlDataSource();
    ds.setUrl(p.getProperty("url").replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"));
    ds.setUser(p.getProperty("user"));
    ds.setPassword(p.getProperty("password", ""));
    return ds;
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.MYSQL;
  }
}
