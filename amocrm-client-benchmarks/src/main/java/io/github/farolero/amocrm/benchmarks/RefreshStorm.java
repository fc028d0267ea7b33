package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 8: token-endpoint calls per expiry when {@code processes} JVMs of {@code threads} threads
 * each share one grant (one token directory on this host) and all call the API at the moment the
 * access token has expired; the library's client beside the {@link NaiveClient}.
 *
 * <p>Time is the mock's {@link MutableClock}: each step moves it 25 hours (past the 24-hour
 * expiry) and sends the instant to every JVM, whose threads then make one call each at once. The
 * token endpoint answers after {@code tokenLatency} (amoCRM's is tens to hundreds of milliseconds
 * away), so the naive threads that see the expiry while a refresh is in flight refresh too. The
 * mock's limit is off: the figure is about refreshes, not the request rate.
 */
final class RefreshStorm {

  /** What a storm showed: token-endpoint calls per expiry, and the damage. */
  record Result(String mode, int processes, int threads, List<Integer> callsPerExpiry,
      int revokedRefreshes, long okCalls, long failedCalls) {

    int min() {
      return callsPerExpiry.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    int max() {
      return callsPerExpiry.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    double mean() {
      return callsPerExpiry.stream().mapToInt(Integer::intValue).average().orElse(0);
    }
  }

  private RefreshStorm() {}

  static Result run(String mode, int processes, int threads, int expiries, Duration tokenLatency,
      Path logDir) throws Exception {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    Path dir = Bench.freshDir("storm-" + mode);
    Files.createDirectories(logDir);
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start()) {
      GrantKey key = GrantKey.of(amo.accountDomain());
      Path tokens = dir.resolve("tokens");
      FileTokenStore.of(tokens).write(amo.issueTokens().toRecord(key, 1));
      amo.tokenEndpointLatency(tokenLatency);
      List<Child> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < processes; i++) {
          nodes.add(Child.start("storm-" + mode + "-" + i, logDir,
              List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
              StormNode.class,
              List.of("mode=" + mode, "dir=" + tokens, "threads=" + threads,
                  "clock=" + clock.instant(), "domain=" + amo.accountDomain(),
                  "baseUrl=" + amo.baseUrl(), "clientId=" + amo.clientId(),
                  "redirectUri=" + amo.redirectUri()),
              Map.of("AMO_CLIENT_SECRET", amo.clientSecret())));
        }
        for (Child c : nodes) {
          c.await("READY", 120);
        }
        long[] calls = new long[2];
        step(nodes, clock.instant(), calls); // every thread on the first, valid token
        List<Integer> perExpiry = new ArrayList<>();
        int revoked0 = amo.revokedRefreshes();
        for (int e = 0; e < expiries; e++) {
          int before = amo.tokenEndpointCalls();
          step(nodes, clock.advance(Duration.ofHours(25)), calls);
          perExpiry.add(amo.tokenEndpointCalls() - before);
        }
        return new Result(mode, processes, threads, perExpiry, amo.revokedRefreshes() - revoked0,
            calls[0], calls[1]);
      } finally {
        for (Child c : nodes) {
          c.close();
        }
        Bench.deleteTree(dir);
      }
    }
  }

  private static void step(List<Child> nodes, Instant now, long[] calls) throws Exception {
    for (Child c : nodes) {
      c.send("STEP " + now);
    }
    for (Child c : nodes) {
      String[] done = c.await("DONE", 180).split(" ");
      calls[0] += Long.parseLong(done[1]);
      calls[1] += Long.parseLong(done[2]);
    }
  }
}
