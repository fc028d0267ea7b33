package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

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

  @Test
  void aFailureNeverShowsThePassword() throws Exception {
    Properties p = new Properties();
    p.putAll(Databases.mariaDb());
    String password = "not-the-password-" + System.nanoTime();
    p.setProperty("password", password);
    JdbcRateBudget b = JdbcRateBudget.builder().dataSource(Databases.mariaDbDataSource(p))
        .dialect(SqlDialect.MYSQL).build();
    Throwable t = catchThrowable(() -> b.tryTake(RateBudget.Scope.account("pw.amocrm.ru"),
        new RateLimit(1, Duration.ofSeconds(1), Duration.ofMinutes(1))));
    assertThat(t).isInstanceOf(RateBudgetException.class);
    StringWriter all = new StringWriter();
    t.printStackTrace(new PrintWriter(all));
    assertThat(all.toString()).as("the whole chain, with causes").contains("Access denied")
        .doesNotContain(password).doesNotContain(password.substring(0, 12));
    assertThat(b.toString()).doesNotContain(password);
  }
}
