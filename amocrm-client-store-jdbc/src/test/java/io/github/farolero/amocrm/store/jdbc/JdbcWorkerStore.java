package io.github.farolero.amocrm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.harness.StoreWorker;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC store of a worker process: a HikariCP pool on {@code jdbcUrl} (user {@code dbUser},
 * {@code poolSize} connections) and a {@link JdbcTokenStore} on {@code table}.
 */
public final class JdbcWorkerStore implements StoreWorker.Opener {
  private @Nullable HikariDataSource pool;

  @Override
  public TokenStore open(Map<String, String> a) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(a.get("jdbcUrl"));
    config.setUsername(a.get("dbUser"));
    config.setMaximumPoolSize(Integer.parseInt(a.getOrDefault("poolSize", "4")));
    config.setConnectionTimeout(10_000);
    config.setPoolName("worker-" + a.get("index"));
    HikariDataSource ds = new HikariDataSource(config);
    pool = ds;
    return JdbcTokenStore.builder().dataSource(ds).tableName(a.get("table")).build();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
