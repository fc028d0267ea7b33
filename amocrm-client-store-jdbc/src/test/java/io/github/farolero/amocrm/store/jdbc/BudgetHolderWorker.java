package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A process that takes every turn of a scope from a {@link JdbcRateBudget} on PostgreSQL, says
 * {@code TAKEN <n>} and then holds them, never releasing, until it is killed. Arguments: JDBC URL,
 * table prefix, client id, requests, lease in milliseconds.
 */
public final class BudgetHolderWorker {

  private BudgetHolderWorker() {}

  /**
   * Runs the worker.
   *
   * @param args URL, prefix, client id, requests, lease millis
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(args[0]);
    ds.setUser("postgres");
    JdbcRateBudget budget = JdbcRateBudget.builder().dataSource(ds).tablePrefix(args[1])
        .createTableIfMissing(true).lease(Duration.ofMillis(Long.parseLong(args[4]))).build();
    RateBudget.Scope scope = RateBudget.Scope.integration(args[2], "killed.amocrm.ru");
    int requests = Integer.parseInt(args[3]);
    RateLimit limit = new RateLimit(requests, Duration.ofMillis(100), Duration.ofMinutes(1));
    int taken = 0;
    while (taken < requests) {
      if (budget.tryTake(scope, limit).turn() == null) {
        throw new IllegalStateException("no turn for the holder: the scope is not fresh");
      }
      taken++;
    }
    System.out.println("TAKEN " + taken);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // holds its turns until killed
  }
}
