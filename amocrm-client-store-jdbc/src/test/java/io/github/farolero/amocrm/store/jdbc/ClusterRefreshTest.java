package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

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
 * is the store's lease, timed by PostgreSQL's clock, which the test's clock does not touch.
 *
 * <p>{@code -Pstress} runs 100 expiries with 4 calls per thread per step.
 */
class ClusterRefreshTest {

  private static final boolean STRESS = Boolean.getBoolean("amocrm.stress");
  private static final int PROCESSES = 4;
  private static final int THREADS = 16;
  private static final int EXPIRIES = STRESS ? 100 : 25;
  private static final int CALLS_PER_STEP = STRESS ? 4 : 2;
  private static final Pattern DONE = Pattern.compile("DONE (\\d+) (\\d+)");

  private long calls;
  private long failures;

  @Test
  void fourProcessesOfSixteenThreadsRefreshExactlyOncePerExpiry() throws Exception {
    EmbeddedPostgres pg = Databases.postgres();
    String table = Databases.newTable();
    JdbcTokenStore store = JdbcTokenStore.builder()
        .dataSource(Databases.postgresDataSource(pg)).tableName(table)
        .createTableIfMissing(true).build();
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    // About refreshes, not the request limit: 4 processes each with its own limiter would break
    // the mock's 7-per-second window (as they would amoCRM's).
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start();
        Workers workers = new Workers(Path.of("target", "workers", "cluster"))) {
      GrantKey key = GrantKey.of(amo.accountDomain());
      store.write(amo.issueTokens().toRecord(key, 1));

      List<Workers.Worker> procs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        procs.add(workers.start("cluster-" + i, List.of(
            "mode=cluster", "index=" + i, "threads=" + THREADS, "calls=" + CALLS_PER_STEP,
            "clock=" + clock.instant(),
            "jdbcUrl=" + Databases.postgresUrl(pg), "dbUser=postgres", "table=" + table,
            "domain=" + amo.accountDomain(), "baseUrl=" + amo.baseUrl(),
            "clientId=" + amo.clientId(), "clientSecret=" + amo.clientSecret(),
            "redirectUri=" + amo.redirectUri())));
      }
      // Step 0: every thread of every process makes its calls with the first token.
      step(procs, clock.instant(), 180);
      assertThat(amo.refreshCalls()).isZero();

      for (int step = 1; step <= EXPIRIES; step++) {
        step(procs, clock.advance(Duration.ofHours(25)), 120); // past the 24-hour expiry
      }
      for (Workers.Worker w : procs) {
        w.endInput();
      }
      for (Workers.Worker w : procs) {
        assertThat(w.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(w.process.exitValue()).as(w.name + " exit; stderr:\n" + w.stderr()).isZero();
      }

      System.out.printf("cluster run: %d processes x %d threads, %d expiries: %d refresh calls"
              + " (%d succeeded), %d revoked, %d API calls made by clients, %d failed;"
              + " mock saw %d API requests (%d answered 401)%n",
          PROCESSES, THREADS, EXPIRIES, amo.refreshCalls(), amo.successfulRefreshes(),
          amo.revokedRefreshes(), calls, failures, amo.apiCalls(), amo.unauthorizedApiCalls());

      assertThat(failures).as("failed API calls").isZero();
      assertThat(calls).isEqualTo((long) PROCESSES * THREADS * CALLS_PER_STEP * (EXPIRIES + 1));
      assertThat(amo.refreshCalls()).as("refresh calls").isEqualTo(EXPIRIES);
      assertThat(amo.successfulRefreshes()).isEqualTo(EXPIRIES);
      assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
      TokenRecord last = store.load(key).orElseThrow();
      assertThat(last.version()).isEqualTo(1 + EXPIRIES);
      assertThat(amo.isAccessTokenValid(last.accessToken())).isTrue();
      assertThat(amo.isRefreshTokenLive(last.refreshToken())).isTrue();
    }
  }

  /** Moves every worker's clock to {@code now}, lets all of them call at once, counts the calls. */
  private void step(List<Workers.Worker> procs, Instant now, long seconds) throws Exception {
    for (Workers.Worker w : procs) {
      w.send("STEP " + now);
    }
    for (Workers.Worker w : procs) {
      Matcher m = DONE.matcher(w.await("DONE", seconds));
      assertThat(m.matches()).isTrue();
      calls += Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
      failures += Long.parseLong(m.group(2));
    }
  }
}
