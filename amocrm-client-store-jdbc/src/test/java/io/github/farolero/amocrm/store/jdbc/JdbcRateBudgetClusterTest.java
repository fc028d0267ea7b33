package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Four real JVMs × 8 threads, each client with the default 7 per second, sharing one {@link
 * JdbcRateBudget} on embedded PostgreSQL, against the mock's single 7-per-second window: no 429,
 * no window over 7, and the aggregate close to 7 per second. The control, the same processes
 * without the budget, gets 429s. 5 s of measuring in the build, 30 s with {@code -Pstress}.
 */
class JdbcRateBudgetClusterTest {

  private static final int PROCESSES = 4;
  private static final int THREADS = 8;
  private static final boolean STRESS = Boolean.getBoolean("amocrm.stress");
  private static final Duration MEASURE = Duration.ofSeconds(STRESS ? 30 : 5);

  @Test
  void fourProcessesSharingTheBudgetKeepAmoCrmsWindow() throws Exception {
    String url = Databases.postgresUrl(Databases.postgres());
    Run r = run("jdbc", url);
    assertThat(r.tooMany).as("429s at the mock").isZero();
    assertThat(r.peak).as("peak arrivals in one second").isLessThanOrEqualTo(7);
    assertThat(r.failed).as("failed calls").isZero();
    assertThat(r.perSecond).as("aggregate requests per second").isGreaterThanOrEqualTo(6.5);
  }

  @Test
  void theControlWithoutTheBudgetGets429s() throws Exception {
    Run r = run("none", "none");
    assertThat(r.tooMany).as("429s at the mock").isPositive();
    assertThat(r.peak).isGreaterThan(7);
  }

  private record Run(double perSecond, int tooMany, int peak, long ok, long failed) {}

  private Run run(String label, String url) throws Exception {
    Pattern done = Pattern.compile("DONE ok=(\\d+) failed=(\\d+)");
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().rateLimit(7, Duration.ofSeconds(1))
            .start();
        Workers workers = new Workers(Path.of("target", "workers", "budget-cluster-" + label))) {
      String token = amo.issueLongLivedToken(Duration.ofDays(365)).accessToken();
      String prefix = "rb" + Databases.newTable();
      List<Workers.Worker> all = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        all.add(workers.start(label + "-" + i, BudgetClientWorker.class, List.of(amo.baseUrl().toString(),
            amo.accountDomain(), token, url, prefix, Integer.toString(THREADS))));
      }
      for (Workers.Worker w : all) {
        w.await("READY", 120);
      }
      for (Workers.Worker w : all) {
        w.send("GO");
      }
      Thread.sleep(2_000); // every JVM up to speed
      int before = amo.apiCalls();
      long start = System.nanoTime();
      Thread.sleep(MEASURE.toMillis());
      double perSecond = (amo.apiCalls() - before) / ((System.nanoTime() - start) / 1e9);
      long ok = 0;
      long failed = 0;
      for (Workers.Worker w : all) {
        w.send("STOP");
      }
      for (Workers.Worker w : all) {
        Matcher m = done.matcher(w.await("DONE", 120));
        assertThat(m.find()).isTrue();
        ok += Long.parseLong(m.group(1));
        failed += Long.parseLong(m.group(2));
      }
      Run r = new Run(perSecond, amo.tooManyRequestsSent(), amo.peakRequestsInWindow(), ok,
          failed);
      System.out.printf("budget cluster %s, %d JVMs x %d threads, %d s: %.2f requests/s at the"
          + " mock, %d x 429, peak %d in one second, %d calls ok, %d failed%n", label, PROCESSES,
          THREADS, MEASURE.toSeconds(), r.perSecond, r.tooMany, r.peak, r.ok, r.failed);
      return r;
    }
  }
}
