package io.github.farolero.amocrm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.AmoCrmException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One process of {@link JdbcRateBudgetClusterTest}: a client with the default 7 per second and a
 * {@link JdbcRateBudget} on PostgreSQL (or none: the control), and {@code threads} threads
 * calling {@code account()} as fast as the client lets them. Prints {@code READY}, starts on
 * {@code GO}, prints {@code DONE ok=N failed=M} on {@code STOP}. Arguments: base URL, domain,
 * long-lived token, JDBC URL or {@code none}, table prefix, threads.
 */
public final class BudgetClientWorker {

  private BudgetClientWorker() {}

  /**
   * Runs the worker.
   *
   * @param args base, domain, token, JDBC URL or none, prefix, threads
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[5]);
    HikariDataSource pool = null;
    AmoCrmClient.Builder b = AmoCrmClient.builder()
        .accountDomain(args[1]).baseUrl(args[0])
        .clientId("jdbc-cluster-integration")
        .longLivedToken(args[2])
        .rateLimit(RateLimit.defaults());
    if (!args[3].equals("none")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(args[3]);
      config.setUsername("postgres");
      config.setMaximumPoolSize(4);
      pool = new HikariDataSource(config);
      b.rateBudget(JdbcRateBudget.builder().dataSource(pool).tablePrefix(args[4])
          .createTableIfMissing(true).build());
    }
    AmoCrmClient client = b.build();
    LongAdder ok = new LongAdder();
    Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    System.out.println("READY");
    System.out.flush();
    if (!"GO".equals(in.readLine())) {
      return;
    }
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        while (!stop.get()) {
          try {
            client.account();
            ok.increment();
          } catch (AmoCrmException e) {
            failed.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder())
                .increment();
          }
        }
      }, "caller-" + t);
      workers[t].setDaemon(true);
      workers[t].start();
    }
    String line;
    while ((line = in.readLine()) != null && !line.equals("STOP")) {
      // wait
    }
    stop.set(true);
    for (Thread w : workers) {
      w.join(70_000);
    }
    long failures = failed.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.println("DONE ok=" + ok.sum() + " failed=" + failures + " " + failed);
    System.out.flush();
    if (pool != null) {
      pool.close();
    }
    System.exit(0);
  }
}
