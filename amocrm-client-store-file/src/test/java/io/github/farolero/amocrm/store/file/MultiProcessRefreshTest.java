package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.harness.ChildJvm;
import io.github.farolero.amocrm.store.file.harness.RefreshWorkerMain;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show: several real JVM processes share one token directory against MockAmoCrmServer on
 * loopback; the token expires again and again; each time exactly one refresh reaches amoCRM and
 * none is refused as revoked. The processes' calls start together, and the token endpoint is
 * slowed to widen the race. Each round puts the clock in another phase: past expiry, in the
 * mandatory window (callers wait), in the advisory window (one caller per process refreshes).
 *
 * <p>The negative control runs the very same scenario ({@link #run}: the same processes, seed,
 * warm-up, endpoint latency, rounds and calls) with one difference: the workers' store hides its
 * lock. It must see revoked refreshes, so the zero of the main test is the lock's doing, not the
 * race's absence.
 *
 * <p>The test counts refreshes, not API requests: the mock's 7-per-second window is off, and the
 * workers' own limiters are wide, since three processes with a limiter each would exceed
 * amoCRM's limit between them (as they would against amoCRM).
 */
class MultiProcessRefreshTest {

  private static final Duration STEP = Duration.ofSeconds(120);
  private static final int PROCESSES = 3;
  private static final int CALLS_PER_PROCESS = 4;
  private static final int ROUNDS = 9;
  /** The token endpoint's delay, in both runs: every process's refresh is sent before the first
   *  one is answered, unless a lock makes them wait. */
  private static final Duration TOKEN_LATENCY = Duration.ofMillis(150);

  @TempDir Path tmp;

  /** What one round showed. */
  record Round(int index, Duration beforeExpiry, List<String> done, int refreshes, int revoked,
      boolean expiryMoved, boolean refreshTokenLive) {}

  /** What a run showed. */
  record Run(List<Round> rounds, int refreshCalls, int successfulRefreshes, int revoked,
      int codeExchanges, int apiCalls, int unauthorizedApiCalls) {}

  @Test
  void exactlyOneRefreshPerExpiryAcrossProcesses() throws Exception {
    Run run = run("locked");
    for (Round r : run.rounds()) {
      String round = "round " + r.index() + " (" + r.beforeExpiry() + " before expiry)";
      assertThat(r.done()).as("%s: each process's answer", round)
          .containsOnly("DONE " + CALLS_PER_PROCESS + " 0 -");
      assertThat(r.refreshes()).as("refreshes in %s", round).isEqualTo(1);
      assertThat(r.revoked()).as("revoked refreshes in %s", round).isZero();
      assertThat(r.expiryMoved()).as("%s: the stored expiry moved on", round).isTrue();
      assertThat(r.refreshTokenLive()).as("%s: the stored refresh token is live", round).isTrue();
    }
    assertThat(run.refreshCalls()).isEqualTo(ROUNDS);
    assertThat(run.successfulRefreshes()).isEqualTo(ROUNDS);
    assertThat(run.revoked()).isZero();
    assertThat(run.codeExchanges()).isEqualTo(1);
    assertThat(run.unauthorizedApiCalls()).isZero();
    // The warm-up's call per process, then every round's.
    assertThat(run.apiCalls()).isEqualTo(PROCESSES + ROUNDS * PROCESSES * CALLS_PER_PROCESS);
    System.out.printf("multi-process refresh: %d processes x %d concurrent calls, %d expiries,"
        + " token endpoint %d ms: %d refreshes, %d revoked, %d API calls, %d refused%n",
        PROCESSES, CALLS_PER_PROCESS, ROUNDS, TOKEN_LATENCY.toMillis(), run.refreshCalls(),
        run.revoked(), run.apiCalls(), run.unauthorizedApiCalls());
  }

  /**
   * The negative control: the same run with the file lock hidden from the workers' clients. The
   * processes refresh side by side, and amoCRM refuses the losers' reused refresh token.
   */
  @Test
  void withoutTheLockProcessesRefreshTogetherAndGetRevoked() throws Exception {
    Run run = run("nolock");
    System.out.printf("negative control (no lock), the same run: %d processes x %d concurrent"
        + " calls, %d expiries, token endpoint %d ms: %d refreshes, %d revoked; per round"
        + " (refreshes/revoked): %s%n", PROCESSES, CALLS_PER_PROCESS, ROUNDS,
        TOKEN_LATENCY.toMillis(), run.refreshCalls(), run.revoked(), run.rounds().stream()
            .map(r -> r.refreshes() + "/" + r.revoked()).toList());
    assertThat(run.refreshCalls()).isGreaterThan(ROUNDS);
    assertThat(run.revoked()).isPositive();
  }

  /**
   * The scenario of both tests: seed the grant by an authorization, start the workers, warm them
   * up with one call each on the valid token, then {@value #ROUNDS} rounds in which the clock
   * stands past expiry, in the mandatory window or in the advisory window and every process makes
   * its calls at once. {@code mode} is the workers' store: {@code locked} or {@code nolock}.
   */
  private Run run(String mode) throws Exception {
    Path dir = tmp.resolve("tokens");
    MutableClock clock = MutableClock.create();
    List<ChildJvm> workers = new ArrayList<>();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start()) {
      FileTokenStore store = FileTokenStore.of(dir);
      AmoCrmClient seeder = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
          .clientId(amo.clientId()).clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri()).tokenStore(store).clock(clock).build();
      seeder.tokens().authorize(amo.issueAuthorizationCode());
      amo.tokenEndpointLatency(TOKEN_LATENCY);

      startWorkers(workers, amo, dir, mode);
      // Warm the workers up on the valid token (class loading, connections), so that in the
      // rounds their calls start together.
      Instant valid = store.load(amo.grantKey()).orElseThrow().expiresAt().minusSeconds(3600);
      clock.set(valid);
      broadcast(workers, "TIME " + valid.toEpochMilli(), "OK");
      broadcast(workers, "CALL 1", "DONE ");

      Duration[] beforeExpiry = {
        Duration.ofMinutes(-1), Duration.ofSeconds(30), Duration.ofMinutes(3)};
      List<Round> rounds = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        TokenRecord current = store.load(amo.grantKey()).orElseThrow();
        Duration offset = beforeExpiry[round % beforeExpiry.length];
        Instant now = current.expiresAt().minus(offset);
        clock.set(now);
        broadcast(workers, "TIME " + now.toEpochMilli(), "OK");
        int refreshesBefore = amo.refreshCalls();
        int revokedBefore = amo.revokedRefreshes();
        for (ChildJvm w : workers) {
          w.send("CALL " + CALLS_PER_PROCESS);
        }
        List<String> done = new ArrayList<>();
        for (ChildJvm w : workers) {
          done.add(w.expect("DONE ", STEP));
        }
        TokenRecord after = store.load(amo.grantKey()).orElseThrow();
        rounds.add(new Round(round, offset, done, amo.refreshCalls() - refreshesBefore,
            amo.revokedRefreshes() - revokedBefore, after.expiresAt().isAfter(current.expiresAt()),
            amo.isRefreshTokenLive(after.refreshToken())));
      }
      for (ChildJvm w : workers) {
        w.send("QUIT");
        w.expect("BYE", STEP);
        assertThat(w.waitFor(STEP)).isZero();
      }
      return new Run(rounds, amo.refreshCalls(), amo.successfulRefreshes(),
          amo.revokedRefreshes(), amo.codeExchanges(), amo.apiCalls(),
          amo.unauthorizedApiCalls());
    } finally {
      for (ChildJvm w : workers) {
        w.close();
      }
    }
  }

  private static void broadcast(List<ChildJvm> workers, String command, String answer)
      throws Exception {
    for (ChildJvm w : workers) {
      w.send(command);
    }
    for (ChildJvm w : workers) {
      w.expect(answer, STEP);
    }
  }

  /** Starts the worker processes into the caller's list (which closes them) and awaits READY. */
  private static void startWorkers(List<ChildJvm> workers, MockAmoCrmServer amo, Path dir,
      String mode) throws Exception {
    for (int i = 0; i < PROCESSES; i++) {
      workers.add(ChildJvm.start(RefreshWorkerMain.class, dir.toString(),
          amo.baseUrl().toString(), amo.accountDomain(), amo.clientId(), amo.clientSecret(),
          amo.redirectUri(), mode));
    }
    for (ChildJvm w : workers) {
      w.expect("READY", STEP);
    }
  }
}
