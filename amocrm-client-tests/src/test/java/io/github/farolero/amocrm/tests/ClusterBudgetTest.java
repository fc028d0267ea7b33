package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's must-show: four real JVMs, eight threads each, every one configured with the default
 * 7 per second, sharing one budget (through embedded PostgreSQL, through Redis) against the mock's
 * single 7-per-second window: no 429, no window over 7 at the mock, and together at least 6.5
 * requests a second. The control, the same four JVMs each counting alone, gets 429s. A process
 * killed with SIGKILL while its request holds a shared turn stalls the others only until the
 * turn's lease runs out; with a lease longer than the run, the aggregate stays down (the
 * control that shows the lease is what brought it back).
 *
 * <p>Each run is measured for {@value #CI_SECONDS} s here, 30 s under {@code -Pstress}, after
 * three windows' worth of arrivals (the JVMs up to speed). The
 * figures go to the test's output and to {@code target/cluster-budget/summary.txt}. The rate is
 * the mock's count of arrivals over the parent's clock, from burst to burst: a load figure,
 * asserted because the issue asks for it (at least 6.5 per second; about 6.95 measured here);
 * every other assertion is a count.
 */
class ClusterBudgetTest {

  private static final boolean STRESS = Boolean.getBoolean("amocrm.stress");
  private static final int CI_SECONDS = 8;
  private static final Duration MEASURE = Duration.ofSeconds(STRESS ? 30 : CI_SECONDS);
  private static final int PROCESSES = 4;
  private static final int THREADS = 8;
  private static final Path LOGS = Path.of("target", "cluster-budget");

  private static EmbeddedPostgres postgres;

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void perJvmLimitersGet429sTogether() throws Exception {
    Run r = run("control: 4 JVMs counting alone", "none", "", 120_000, false);
    assertThat(r.tooMany()).as("429s at the mock").isPositive();
    assertThat(r.peak()).as("peak arrivals in one second").isGreaterThan(7);
  }

  @Test
  void fourJvmsSharingABudgetInPostgresKeepTheWindow() throws Exception {
    Run r = run("shared through PostgreSQL", "jdbc", postgresUrl(), 120_000, false);
    assertShared(r);
  }

  @Test
  void aProcessKilledHoldingAPostgresTurnStallsNobodyPastItsLease() throws Exception {
    Run r = run("shared through PostgreSQL, one JVM killed holding a turn (lease 3 s)", "jdbc",
        postgresUrl(), 3_000, true);
    assertShared(r);
  }

  @Test
  void fourJvmsSharingABudgetInRedisKeepTheWindow() throws Exception {
    Run r = run("shared through Redis", "redis", redisUri(), 120_000, false);
    assertShared(r);
  }

  @Test
  void aProcessKilledHoldingARedisTurnStallsNobodyPastItsLease() throws Exception {
    Run r = run("shared through Redis, one JVM killed holding a turn (lease 3 s)", "redis",
        redisUri(), 3_000, true);
    assertShared(r);
  }

  /** The control: the killed process's turn with a lease longer than the run never comes back. */
  @Test
  void withALeaseLongerThanTheRunTheKilledTurnStaysLost() throws Exception {
    Run r = run("control: one JVM killed holding a turn, lease 10 min", "redis", redisUri(),
        600_000, true);
    assertThat(r.tooMany()).isZero();
    assertThat(r.perSecond()).as("6 of 7 slots left").isLessThan(6.5);
  }

  private static void assertShared(Run r) {
    assertThat(r.tooMany()).as("429s at the mock").isZero();
    assertThat(r.peak()).as("peak arrivals in one second").isLessThanOrEqualTo(7);
    assertThat(r.failed()).as("failed calls").isZero();
    assertThat(r.perSecond()).as("requests per second at the mock, all JVMs together")
        .isGreaterThanOrEqualTo(6.5);
  }

  /** The Redis server start-redis.sh started (CI does), or the test is skipped. */
  private static String redisUri() throws IOException {
    String uri = System.getenv("AMOCRM_TEST_REDIS_URI");
    Path props = Path.of(System.getenv().getOrDefault("AMOCRM_TEST_REDIS_DIR",
        "/tmp/amocrm-test-redis"), "redis.properties");
    if (uri == null && Files.isReadable(props)) {
      java.util.Properties p = new java.util.Properties();
      try (java.io.Reader in = Files.newBufferedReader(props)) {
        p.load(in);
      }
      uri = p.getProperty("uri");
    }
    java.net.URI u = uri == null ? null : java.net.URI.create(uri);
    boolean up = false;
    if (u != null) {
      try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
        up = true;
      } catch (IOException e) {
        up = false;
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(up, "no Redis server: run"
        + " amocrm-client-store-redis/src/test/scripts/start-redis.sh (or set"
        + " AMOCRM_TEST_REDIS_URI) to run the Redis runs");
    return uri;
  }

  /** What one run produced. */
  private record Run(String label, double perSecond, int tooMany, int peak, long ok,
      long failed, double perSecondDuringLease) {}

  private Run run(String label, String budget, String url, long leaseMillis, boolean killOne)
      throws Exception {
    MockAmoCrmServer amo = MockAmoCrmServer.builder().rateLimit(7, Duration.ofSeconds(1))
        .start();
    List<WorkerJvm> workers = new ArrayList<>();
    // An integration of its own: a budget's store outlives a run (a lost turn, a pause).
    String integration = "cluster-budget-" + java.util.UUID.randomUUID();
    try {
      String token = amo.issueLongLivedToken(Duration.ofDays(365)).accessToken();
      for (int i = 0; i < PROCESSES; i++) {
        List<String> args = List.of("base=" + amo.baseUrl(), "domain=" + amo.accountDomain(),
            "token=" + token, "budget=" + budget, "url=" + url, "lease=" + leaseMillis,
            "threads=" + THREADS, "hangAfter=" + (killOne && i == 0 ? 10 : 0),
            "clientId=" + integration);
        workers.add(WorkerJvm.start("budget-" + budget + "-" + i, LOGS, BudgetWorker.class,
            args));
      }
      for (WorkerJvm w : workers) {
        w.expect("READY", Duration.ofSeconds(120));
      }
      for (WorkerJvm w : workers) {
        w.send("GO");
      }
      double duringLease = Double.NaN;
      List<WorkerJvm> living = new ArrayList<>(workers);
      if (killOne) {
        WorkerJvm victim = workers.get(0);
        victim.expect("HOLDING", Duration.ofSeconds(60));
        victim.close(); // SIGKILL, holding a shared turn
        living.remove(victim);
        duringLease = rate(amo, Duration.ofMillis(Math.min(leaseMillis, MEASURE.toMillis())));
        Thread.sleep(Math.min(leaseMillis, MEASURE.toMillis()) / 2);
      }
      // Every JVM up to speed (drivers loaded, a new scope's rows made): three windows' worth of
      // arrivals after this point, then the measure.
      int warm = amo.apiCalls() + 21;
      long warmDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (amo.apiCalls() < warm && System.nanoTime() - warmDeadline < 0) {
        Thread.sleep(50);
      }
      double perSecond = rate(amo, MEASURE);
      long ok = 0;
      long failed = 0;
      for (WorkerJvm w : living) {
        w.send("STOP");
      }
      Pattern done = Pattern.compile("DONE ok=(\\d+) failed=(\\d+)");
      for (WorkerJvm w : living) {
        Matcher m = done.matcher(w.expect("DONE", Duration.ofSeconds(120)));
        assertThat(m.find()).isTrue();
        ok += Long.parseLong(m.group(1));
        failed += Long.parseLong(m.group(2));
      }
      Run r = new Run(label, perSecond, amo.tooManyRequestsSent(), amo.peakRequestsInWindow(),
          ok, failed, duringLease);
      report(r);
      return r;
    } finally {
      for (WorkerJvm w : workers) {
        w.close();
      }
      amo.close();
    }
  }

  /**
   * Arrivals at the mock per second over about {@code period}, measured from one arrival to the
   * first arrival after the period. Slots that start together stay in step, so arrivals come in
   * bursts of up to 7 about a second apart; a fixed window would hold one burst more or less
   * (7/8 per second in 8 s), a window from burst to burst holds whole cycles.
   */
  private static double rate(MockAmoCrmServer amo, Duration period) throws InterruptedException {
    long[] first = nextArrival(amo);
    Thread.sleep(period.toMillis());
    long[] last = nextArrival(amo);
    return (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);
  }

  /** Waits (bounded) for the next arrival; returns when it came and the count just before it. */
  private static long[] nextArrival(MockAmoCrmServer amo) throws InterruptedException {
    int before = amo.apiCalls();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (amo.apiCalls() == before) {
      assertThat(System.nanoTime() - deadline).as("an arrival within 30 s").isNegative();
      Thread.sleep(1);
    }
    return new long[] {System.nanoTime(), before};
  }

  private static void report(Run r) throws IOException {
    String line = String.format("%s, %d JVMs x %d threads, %d s%s: %.2f requests/s at the mock"
        + "%s, %d x 429, peak %d in one second, %d calls ok, %d failed%n", r.label(), PROCESSES,
        THREADS, MEASURE.toSeconds(), STRESS ? " (stress)" : "", r.perSecond(),
        Double.isNaN(r.perSecondDuringLease()) ? ""
            : String.format(" (%.2f/s while the killed turn's lease ran)",
                r.perSecondDuringLease()),
        r.tooMany(), r.peak(), r.ok(), r.failed());
    System.out.print(line);
    Files.createDirectories(LOGS);
    Files.writeString(LOGS.resolve("summary.txt"), line, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static String postgresUrl() throws IOException {
    return "jdbc:postgresql://127.0.0.1:" + postgres().getPort() + "/postgres";
  }

  static synchronized EmbeddedPostgres postgres() throws IOException {
    if (postgres == null) {
      postgres = EmbeddedPostgres.builder()
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "100")
          .setPGStartupWait(Duration.ofSeconds(120))
          .start();
    }
    return postgres;
  }
}
