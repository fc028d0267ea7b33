package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.harness.ClusterRefreshScenario;
import io.github.farolero.amocrm.harness.StoreWorker;
import io.github.farolero.amocrm.store.TokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;

/**
 * The cluster must-show ({@link ClusterRefreshScenario}) on one embedded PostgreSQL: each worker
 * has its own HikariCP pool and {@link JdbcTokenStore} on a fresh table; the lock is the table's
 * lease, timed by PostgreSQL's clock.
 */
class ClusterRefreshTest extends ClusterRefreshScenario {

  @Override
  protected SharedStore openStore() {
    EmbeddedPostgres pg = Databases.postgres();
    String table = Databases.newTable();
    JdbcTokenStore store = JdbcTokenStore.builder()
        .dataSource(Databases.postgresDataSource(pg)).tableName(table)
        .createTableIfMissing(true).build();
    return new SharedStore() {
      @Override
      public TokenStore store() {
        return store;
      }

      @Override
      public List<String> workerArgs() {
        return List.of("jdbcUrl=" + Databases.postgresUrl(pg), "dbUser=postgres",
            "table=" + table);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  protected Class<? extends StoreWorker.Opener> opener() {
    return JdbcWorkerStore.class;
  }

  @Override
  protected String label() {
    return "PostgreSQL";
  }
}
