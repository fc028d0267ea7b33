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
 * <p>The test counts refreshes, not API requests: the mock's 7-per-second window is off, and the
 * workers' own limiters are wide, since three processes with a limiter each would exceed
 * amoCRM's limit between them (as they would against amoCRM).
 */
class MultiProcessRefreshTest {

  private static final Duration STEP = Duration.ofSeconds(120);
  private static final int PROCESSES = 3;
  private static final int CALLS_PER_PROCESS = 4;
  private static final int ROUNDS = 9;

  @TempDir Path tmp;

  @Test
  void exactlyOneRefreshPerExpiryAcrossProcesses() throws Exception {
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
      amo.tokenEndpointLatency(Duration.ofMillis(150));

      startWorkers(workers, amo, dir, "locked");
      Duration[] beforeExpiry = {
        Duration.ofMinutes(-1), Duration.ofSeconds(30), Duration.ofMinutes(3)};
      int expectedRefreshes = 0;
      for (int round = 0; round < ROUNDS; round++) {
        TokenRecord current = store.load(amo.grantKey()).orElseThrow();
        Duration offset = beforeExpiry[round % beforeExpiry.length];
        Instant now = current.expiresAt().minus(offset);
        clock.set(now);
        broadcast(workers, "TIME " + now.toEpochMilli(), "OK");
        int refreshesBefore = amo.refreshCalls();
        for (ChildJvm w : workers) {
          w.send("CALL " + CALLS_PER_PROCESS);
        }
        for (ChildJvm w : workers) {
          String done = w.expect("DONE ", STEP);
          assertThat(done).as("round %d (%s before expiry), process %d", round, offset, w.pid())
              .isEqualTo("DONE " + CALLS_PER_PROCESS + " 0 -");
        }
        expectedRefreshes++;
        assertThat(amo.refreshCalls() - refreshesBefore)
            .as("refreshes in round %d (%s before expiry)", round, offset).isEqualTo(1);
        assertThat(amo.revokedRefreshes()).as("revoked refreshes after round %d", round).isZero();
        TokenRecord after = store.load(amo.grantKey()).orElseThrow();
        assertThat(after.expiresAt()).isAfter(current.expiresAt());
        assertThat(amo.isRefreshTokenLive(after.refreshToken())).isTrue();
      }
      assertThat(amo.refreshCalls()).isEqualTo(expectedRefreshes);
      assertThat(amo.successfulRefreshes()).isEqualTo(ROUNDS);
      assertThat(amo.revokedRefreshes()).isZero();
      assertThat(amo.codeExchanges()).isEqualTo(1);
      assertThat(amo.unauthorizedApiCalls()).isZero();
      assertThat(amo.apiCalls()).isEqualTo(ROUNDS * PROCESSES * CALLS_PER_PROCESS);
      System.out.printf("multi-process refresh: %d processes x %d concurrent calls, %d expiries:"
          + " %d refreshes, %d revoked, %d API calls, %d refused%n", PROCESSES,
          CALLS_PER_PROCESS, ROUNDS, amo.refreshCalls(), amo.revokedRefreshes(), amo.apiCalls(),
          amo.unauthorizedApiCalls());
      for (ChildJvm w : workers) {
        w.send("QUIT");
        w.expect("BYE", STEP);
        assertThat(w.waitFor(STEP)).isZero();
      }
    } finally {
      for (ChildJvm w : workers) {
        w.close();
      }
    }
  }

  /**
   * The negative control: the same processes with the file lock hidden from their clients
   * refresh side by side, and amoCRM refuses the losers' reused refresh token. Shows that the
   * zero above is the lock's doing, not the race's absence.
   */
  @Test
  void withoutTheLockProcessesRefreshTogetherAndGetRevoked() throws Exception {
    Path dir = tmp.resolve("tokens");
    MutableClock clock = MutableClock.create();
    List<ChildJvm> workers = new ArrayList<>();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start()) {
      FileTokenStore store = FileTokenStore.of(dir);
      store.write(amo.issueTokens().toRecord());
      startWorkers(workers, amo, dir, "nolock");
      // Warm the workers up on the still-valid token, so that their refreshes start together.
      Instant valid = store.load(amo.grantKey()).orElseThrow().expiresAt().minusSeconds(3600);
      clock.set(valid);
      broadcast(workers, "TIME " + valid.toEpochMilli(), "OK");
      broadcast(workers, "CALL 1", "DONE ");
      // A slow endpoint: every process's refresh is sent before the first one is answered. A
      // process held up by a busy machine may still find the new pair saved and not refresh,
      // so up to three expiries are tried.
      amo.tokenEndpointLatency(Duration.ofMillis(2000));
      for (int expiry = 0; expiry < 3 && amo.revokedRefreshes() == 0; expiry++) {
        Instant now = store.load(amo.grantKey()).orElseThrow().expiresAt().plusSeconds(60);
        clock.set(now);
        broadcast(workers, "TIME " + now.toEpochMilli(), "OK");
        broadcast(workers, "CALL 1", "DONE ");
      }
      System.out.printf("negative control (no lock): %d processes: %d refreshes, %d revoked%n",
          PROCESSES, amo.refreshCalls(), amo.revokedRefreshes());
      assertThat(amo.refreshCalls()).isGreaterThan(1);
      assertThat(amo.revokedRefreshes()).isPositive();
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
