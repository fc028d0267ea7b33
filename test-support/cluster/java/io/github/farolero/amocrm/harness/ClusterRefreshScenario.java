package io.github.farolero.amocrm.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
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
 * The stores' cluster must-show, run by each cluster-reach store's subclass: 4 real JVM processes
 * x 16 threads share one store (one database, one Redis) and one {@link MockAmoCrmServer}; the
 * access token expires 25 times during the run; amoCRM sees exactly 25 refreshes, no reused
 * ("revoked") refresh token, and no API call fails.
 *
 * <p>Time: the mock reads a {@link MutableClock} that this test moves; each step moves it 25
 * hours, past the token's expiry, and sends the new instant to every worker ({@code STEP} on its
 * stdin), whose clock then stands there too. Each worker answers once every one of its threads
 * made its calls. Nothing depends on how fast the machine is: the assertions are counts. The lock
 * is the store's lease, timed by the store's clock, which the test's clock does not touch. The
 * token endpoint answers after {@value #TOKEN_LATENCY_MILLIS} ms, so that a refresh is still in
 * flight while the other processes reach theirs.
 *
 * <p>The negative control runs the same scenario ({@link #run}) with the lease hidden from the
 * workers' clients ({@code lock=false}): it must see revoked refreshes, so the zero of the main
 * test is the lease's doing, not the race's absence.
 *
 * <p>{@code -Pstress} runs 100 expiries with 4 calls per thread per step.
 */
public abstract class ClusterRefreshScenario {

  /** The store under test, opened in this JVM to seed and read the grant; and what workers need. */
  protected interface SharedStore extends AutoCloseable {

    /** This JVM's view of the shared store. */
    TokenStore store();

    /** The arguments a worker's {@link StoreWorker.Opener} needs to open the same store. */
    List<String> workerArgs();
  }

  /** Returns a fresh, empty store shared by the workers (a new table, a new key prefix). */
  protected abstract SharedStore openStore() throws Exception;

  /** Returns the opener workers use for it. */
  protected abstract Class<? extends StoreWorker.Opener> opener();

  /** Names the store in the printed figures and the workers' log directory. */
  protected abstract String label();

  private static final boolean STRESS = Boolean.getBoolean("amocrm.stress");
  private static final int PROCESSES = 4;
  private static final int THREADS = 16;
  private static final int EXPIRIES = STRESS ? 100 : 25;
  private static final int CALLS_PER_STEP = STRESS ? 4 : 2;
  private static final long TOKEN_LATENCY_MILLIS = 150;
  private static final Pattern DONE = Pattern.compile("DONE (\\d+) (\\d+)");

  /** What a run showed. */
  protected record Run(long calls, long failures, int refreshCalls, int successfulRefreshes, int revoked,
      int apiCalls, int unauthorizedApiCalls, TokenRecord last, boolean accessTokenValid,
      boolean refreshTokenLive) {}

  @Test
  public void fourProcessesOfSixteenThreadsRefreshExactlyOncePerExpiry() throws Exception {
    Run run = run(true);
    System.out.printf("%s cluster run: %d processes x %d threads, %d expiries, token endpoint %d ms:"
            + " %d refresh calls (%d succeeded), %d revoked, %d API calls made by clients, %d"
            + " failed; mock saw %d API requests (%d answered 401)%n",
        label(), PROCESSES, THREADS, EXPIRIES, TOKEN_LATENCY_MILLIS, run.refreshCalls(),
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
  public void withoutTheLeaseProcessesRefreshTogetherAndGetRevoked() throws Exception {
    Run run = run(false);
    System.out.printf("%s negative control (no lease), the same run: %d processes x %d threads, %d"
            + " expiries, token endpoint %d ms: %d refresh calls, %d revoked, %d of %d API calls"
            + " failed%n", label(), PROCESSES, THREADS, EXPIRIES, TOKEN_LATENCY_MILLIS, run.refreshCalls(),
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
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    long[] counts = new long[2]; // calls, failures
    // About refreshes, not the request limit: 4 processes each with its own limiter would break
    // the mock's 7-per-second window (as they would amoCRM's).
    try (SharedStore shared = openStore();
        MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start();
        Workers workers = new Workers(Path.of("target", "workers",
            label() + (lock ? "-cluster" : "-cluster-nolock")), opener())) {
      TokenStore store = shared.store();
      GrantKey key = GrantKey.of(amo.accountDomain());
      store.write(amo.issueTokens().toRecord(key, 1));
      amo.tokenEndpointLatency(Duration.ofMillis(TOKEN_LATENCY_MILLIS));

      List<Workers.Worker> procs = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        List<String> args = new ArrayList<>(List.of(
            "mode=cluster", "index=" + i, "threads=" + THREADS, "calls=" + CALLS_PER_STEP,
            "clock=" + clock.instant(), "lock=" + lock,
            "domain=" + amo.accountDomain(), "baseUrl=" + amo.baseUrl(),
            "clientId=" + amo.clientId(), "clientSecret=" + amo.clientSecret(),
            "redirectUri=" + amo.redirectUri()));
        args.addAll(shared.workerArgs());
        procs.add(workers.start("cluster-" + i, args));
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
      store.delete(key); // a shared server keeps no grant of a finished run
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
