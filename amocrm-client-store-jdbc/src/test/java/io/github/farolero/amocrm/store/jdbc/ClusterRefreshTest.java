package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.harness.Workers;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Must-show: 4 real JVM processes x 16 threads share one embedded PostgreSQL and one {@link
 * MockAmoCrmServer}; the access token expires 25 times during the run; amoCRM sees exactly 25
 * refreshes, no reused ("revoked") refresh token, and no API call fails.
 *
 * <p>Time: the mock reads a {@link MutableClock} that this test moves; each step moves it 25
 * hours, past the token's expiry, and sends the new instant to every worker ({@code STEP} on its
 * stdin), whose clock then stands there too. Each worker answers once every one of its threads
 * made its calls. Nothing depends on how fast the machine is: the assertions are counts. The lock
 * is the store's lease, timed by PostgreSQL's clock, which the test's clock does not touch. The
 * token endpoint answers after {@value #TOKEN_LATENCY_MILLIS} ms, so that a refresh is still in
 * flight while the other processes reach theirs.
 *
 * <p>The negative control runs the same scenario ({@link #run}) with the lease hidden from the
 * workers' clients ({@code lock=false}): it must see revoked refreshes, so the zero of the main
 * test is the lease's doing, not the race's absence.
 *
 * <p>{@code -Pstress} runs 100 expiries with 4 calls per thread per step.
 */
class ClusterRefreshTest {

  private static final boolean STRESS = Boolean.getBoolean("amocrm.stress");
  private static final int PROCESSES = 4;
  private static final int THREADS = 16;
  private static final int EXPIRIES = STRESS ? 100 : 25;
  private static final int CALLS_PER_STEP = STRESS ? 4 : 2;
  private static final long TOKEN_LATENCY_MILLIS = 150;
  private static final Pattern DONE = Pattern.compile("DONE (\\d+) (\\d+)");

  /** What a run showed. */
  record Run(long calls, long failures, int refreshCalls, int successfulRefreshes, int revoked,
      int apiCalls, int unauthorizedApiCalls, TokenRecord last, boolean accessTokenValid,
      boolean refreshTokenLive) {}

  @Test
  void fourProcessesOfSixteenThreadsRefreshExactlyOncePerExpiry() throws Exception {
    Run run = run(true);
    System.out.printf("cluster run: %d processes x %d threads, %d expiries, token endpoint %d ms:"
            + " %d refresh calls (%d succeeded), %d revoked, %d API calls made by clients, %d"
            + " failed; mock saw %d API requests (%d answered 401)%n",
        PROCESSES, THREADS, EXPIRIES, TOKEN_LATENCY_MILLIS, run.refreshCalls(),
        run.successfulRefreshes(), run.revoked(), run.calls(), run.failures(), run.apiCalls(),
        run.unauthorizedApiCalls());
    assertThat(run.failures()).as("failed API calls").isZero();
    assertThat(run.calls())
        .isEqualTo((long) PROCESSES * THREADS * CALLS_PER_STEP * (EXPIRIES + 1));
    assertThat(run.refreshCalls()).as("refresh calls").isEqualTo(EXPIRIES);
    assertThat(run.successfulRefreshes()).isEqualTo(EXPIRIES);
    assertThat(run.revoked()).as("revoked refreshes").isZero();
    assertThat(run.last().version()).isEqualTo(1 + EXPIRIES);
    assertThat(run.accessTokenValid()).isTrue();
    assertThat(run.refreshTokenLive()).isTrue();
  }

  /**
   * The negative control: the same run with the lease hidden from the workers' clients. Processes
   * refresh side by side and amoCRM refuses the losers' reused refresh token.
   */
  @Test
  void withoutTheLeaseProcessesRefreshTogetherAndGetRevoked() throws Exception {
    Run run = run(false);
    System.out.printf("negative control (no lease), the same run: %d processes x %d threads, %d"
            + " expiries, token endpoint %d ms: %d refresh calls, %d revoked, %d of %d API calls"
            + " failed%n", PROCESSES, THREADS, EXPIRIES, TOKEN_LATENCY_MILLIS, run.refreshCalls(),
        run.revoked(), run.failures(), run.calls());
    assertThat(run.refreshCalls()).isGreaterThan(EXPIRIES);
    assertThat(run.revoked()).as("revoked refreshes").isPositive();
  }

  /**
   * The scenario of both tests: a grant seeded in a fresh table, {@value #PROCESSES} worker
   * processes of {@value #THREADS} threads, a first step on the valid token, then {@value
   * #EXPIRIES} steps each 25 hours on. {@code lock} false hides the lease from the workers.
   */
  private Run run(boolean lock) throws Exception {
    EmbeddedPostgres pg = Databases.postgres();
    String table = Databases.newTable();
    JdbcTokenStore store = JdbcTokenStore.builder()
        .dataSource(Databases.postgresDataSource(pg)).tableName(table)
        .createTableIfMissing(true).build();
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    long[] counts = new long[2]; // calls, failures
    // About refreshes, not the request limit: 4 processes each with its own limiter would break
    // the mock's 7-per-second window (as they would amoCRM's).
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start();
        Workers workers = new Workers(Path.of("target", "workers",
            lock ? "cluster" : "cluster-nolock"), JdbcWorkerStore.class)) {
      GrantKey key = GrantKey.of(amo.accountDomain());
      store.write(amo.issueTokens().toRecord(key, 1));
      amo.tokenEndpointLatency(Duration.ofMillis(TOKEN_LATENCY_MILLIS));

      List<Workers.Worker> procs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        procs.add(workers.start("cluster-" + i, List.of(
            "mode=cluster", "index=" + i, "threads=" + THREADS, "calls=" + CALLS_PER_STEP,
            "clock=" + clock.instant(), "lock=" + lock,
            "jdbcUrl=" + Databases.postgresUrl(pg), "dbUser=postgres", "table=" + table,
            "domain=" + amo.accountDomain(), "baseUrl=" + amo.baseUrl(),
            "clientId=" + amo.clientId(), "clientSecret=" + amo.clientSecret(),
            "redirectUri=" + amo.redirectUri())));
      }
      // Step 0: every thread of every process makes its calls with the first token.
      step(procs, clock.instant(), 180, counts);
      assertThat(amo.refreshCalls()).isZero();

      for (int step = 1; step <= EXPIRIES; step++) {
        step(procs, clock.advance(Duration.ofHours(25)), 120, counts); // past the 24-hour expiry
      }
      for (Workers.Worker w : procs) {
        w.endInput();
      }
      for (Workers.Worker w : procs) {
        assertThat(w.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(w.process.exitValue()).as(w.name + " exit; stderr:\n" + w.stderr()).isZero();
      }
      TokenRecord last = store.load(key).orElseThrow();
      return new Run(counts[0], counts[1], amo.refreshCalls(), amo.successfulRefreshes(),
          amo.revokedRefreshes(), amo.apiCalls(), amo.unauthorizedApiCalls(), last,
          amo.isAccessTokenValid(last.accessToken()),
          last.refreshToken() != null && amo.isRefreshTokenLive(last.refreshToken()));
    }
  }

  /** Moves every worker's clock to {@code now}, lets all of them call at once, counts the calls. */
  private static void step(List<Workers.Worker> procs, Instant now, long seconds, long[] counts)
      throws Exception {
    for (Workers.Worker w : procs) {
      w.send("STEP " + now);
    }
    for (Workers.Worker w : procs) {
      Matcher m = DONE.matcher(w.await("DONE", seconds));
      assertThat(m.matches()).isTrue();
      counts[0] += Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
      counts[1] += Long.parseLong(m.group(2));
    }
  }
}
