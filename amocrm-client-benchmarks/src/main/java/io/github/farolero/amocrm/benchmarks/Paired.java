package io.github.farolero.amocrm.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The paired runner: every figure of docs/BENCHMARKS.md as library / baseline, measured the paired
 * way ({@link PairedRunner}), then the harness figures (heap while streaming, the limiter, refresh
 * storms). Prints a Markdown table and writes it, with every round's raw figures, to {@code
 * --out}.
 *
 * <pre>
 * java -cp amocrm-client-benchmarks/target/benchmarks.jar io.github.farolero.amocrm.benchmarks.Paired
 *     [--smoke] [--only=hot-path,file-save,...] [--rounds=31] [--round-ms=200] [--warmup-ms=2000]
 *     [--leads=100000] [--limiter-seconds=60] [--storm=4,200,5] [--seed=N] [--out=DIR]
 * </pre>
 *
 * {@code --smoke} runs every figure for a few rounds on small data, in seconds: it proves that they
 * run, and its figures mean nothing.
 */
public final class Paired {

  /** Every figure, in the report's order. */
  static final List<String> ALL = List.of("hot-path", "token-lookup", "file-save", "file-save-no-backups",
      "file-load",
      "jdbc-save", "jdbc-load", "jdbc-save-fsync-off", "jdbc-load-fsync-off", "stream",
      "stream-live-mock", "old-way", "stream-heap", "limiter", "storm");

  /** How a run is sized. */
  record Options(boolean smoke, Set<String> only, int rounds, long roundMs, long warmupMs,
      int leads, int limiterSeconds, int limiterThreads, int stormProcesses, int stormThreads,
      int stormExpiries, int heapRuns, long seed, Path out) {

    static Options parse(String... args) {
      Map<String, String> a = new HashMap<>();
      for (String arg : args) {
        if (!arg.startsWith("--")) {
          throw new IllegalArgumentException("unknown argument " + arg);
        }
        int eq = arg.indexOf('=');
        a.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
      }
      boolean smoke = a.containsKey("smoke");
      Set<String> only = new LinkedHashSet<>(a.containsKey("only")
          ? Arrays.asList(a.get("only").split(",")) : ALL);
      for (String id : only) {
        if (!ALL.contains(id)) {
          throw new IllegalArgumentException("unknown figure " + id + "; known: " + ALL);
        }
      }
      String[] storm = a.getOrDefault("storm", smoke ? "2,10,1" : "4,200,5").split(",");
      return new Options(smoke, only,
          Integer.parseInt(a.getOrDefault("rounds", smoke ? "3" : "31")),
          Long.parseLong(a.getOrDefault("round-ms", smoke ? "5" : "200")),
          Long.parseLong(a.getOrDefault("warmup-ms", smoke ? "20" : "2000")),
          Integer.parseInt(a.getOrDefault("leads", smoke ? "1000" : "100000")),
          Integer.parseInt(a.getOrDefault("limiter-seconds", smoke ? "2" : "60")),
          Integer.parseInt(a.getOrDefault("limiter-threads", "8")),
          Integer.parseInt(storm[0]), Integer.parseInt(storm[1]), Integer.parseInt(storm[2]),
          Integer.parseInt(a.getOrDefault("heap-runs", smoke ? "1" : "3")),
          Long.parseLong(a.getOrDefault("seed", Long.toString(System.nanoTime()))),
          Path.of(a.getOrDefault("out", "target/results")));
    }

    PairedRunner.Settings settings(int rounds) {
      return new PairedRunner.Settings(rounds, roundMs * 1_000_000, warmupMs * 1_000_000, seed);
    }

    String describe() {
      return String.format(Locale.ROOT, "%s run: %d rounds (streaming through the live mock: %d),"
              + " about %d ms per side per round, %d ms warm-up per side, seed %d; %,d leads;"
              + " limiter %d threads × %d s; storms %d JVMs × %d threads × %d expiries. Ratio ="
              + " library / baseline per round (time; for leads/s, baseline / library), median"
              + " over rounds; the interval is the order-statistics interval of the median, its"
              + " coverage in brackets.", smoke ? "Smoke" : "Full", rounds, liveRounds(),
          roundMs, warmupMs, seed, leads, limiterThreads, limiterSeconds, stormProcesses,
          stormThreads, stormExpiries);
    }

    /** Streaming from the live mock is slow: fewer rounds (7 still give a 98 % interval). */
    int liveRounds() {
      return Math.min(rounds, 7);
    }
  }

  private final Options o;
  private final Report report = new Report();
  private boolean harnessHeaderPrinted;

  private Paired(Options o) {
    this.o = o;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String machine = Machine.describe();
    System.out.println(machine);
    System.out.println(o.describe());
    System.out.println();
    System.out.println(Report.pairHeader());
    new Paired(o).runAll(machine);
    System.exit(0); // OkHttp's and the mock's threads would keep the JVM a minute longer
  }

  /** Runs every selected figure; returns the report. */
  static Report run(Options o) throws Exception {
    Paired p = new Paired(o);
    p.runAll(Machine.describe());
    return p.report;
  }

  private void runAll(String machine) throws Exception {
    long start = System.nanoTime();
    if (any("hot-path", "old-way")) {
      HotPath hp = new HotPath();
      try {
        pair("hot-path", "hot path: `account()` vs bare OkHttp + Moshi", hp::library, hp::bare,
            Goal.timeRatioAtMost(1.03), 1);
        pair("old-way", "old deployment's way: `account()` (cached token) vs tokens.json read per"
            + " request + bare call", hp::library, hp::nodeWay, Goal.report(), 1);
      } finally {
        hp.close();
      }
    }
    if (any("token-lookup")) {
      TokenLookup t = new TokenLookup();
      pair("token-lookup", "token lookup (1 thread): `tokenForRequest()` vs volatile read",
          t::library, t::baseline, Goal.nanosNoAllocation(100), 1);
    }
    if (any("file-save", "file-save-no-backups", "file-load")) {
      try (FileStoreFixture f = new FileStoreFixture()) {
        pair("file-save", "file store save (" + f.fileSystem() + "): `FileTokenStore.write` vs"
            + " temp + force + rename + dir fsync", () -> {
              f.librarySave();
              return null;
            }, () -> {
              f.bareSave();
              return null;
            }, Goal.timeRatioAtMost(1.5), 1);
        pair("file-save-no-backups", "file store save, no backups (`backups(0)`) vs temp + force"
            + " + rename + dir fsync", () -> {
              f.librarySaveWithoutBackups();
              return null;
            }, () -> {
              f.bareSave();
              return null;
            }, Goal.report(), 1);
        pair("file-load", "file store load: `FileTokenStore.load` vs readAllBytes + Moshi",
            f::libraryLoad, f::bareLoad, Goal.timeRatioAtMost(1.5), 1);
      }
    }
    if (any("jdbc-save", "jdbc-load", "jdbc-save-fsync-off", "jdbc-load-fsync-off")) {
      JdbcFixture j = JdbcFixture.shared(); // stopped when the JVM exits
      j.fsync(true);
      jdbc(j, "");
      j.fsync(false);
      jdbc(j, "-fsync-off");
      j.fsync(true);
    }
    if (any("stream-live-mock")) {
      try (Streaming s = Streaming.live(o.leads())) {
        streaming("stream-live-mock", "streaming " + String.format(Locale.ROOT, "%,d", o.leads())
            + " leads from the live `MockAmoCrmServer`", s, o.liveRounds());
      }
    }
    Path logs = o.out().resolve("logs");
    if (any("stream", "stream-heap")) {
      // One recording serves both: seeding and recording 100,000 leads takes a while.
      try (Streaming s = Streaming.recorded(o.leads())) {
        streaming("stream", "streaming " + String.format(Locale.ROOT, "%,d", o.leads())
            + " leads (pages recorded from the mock): `leads().iterator()` vs bare paging", s,
            o.rounds());
        if (any("stream-heap")) {
          StreamingHeap.Result h = StreamingHeap.run(s, o.heapRuns(), logs);
          emitHarness(report.addHarness(String.format(Locale.ROOT, "streaming %,d leads: heap in"
                  + " use (each in a fresh JVM, %s; median of %d runs)", o.leads(),
                  String.join(" ", StreamingHeap.JVM), h.runs()),
              heap(h.library()), heap(h.baseline()), "peak heap ≤ baseline's",
              h.library().afterGcMiB() <= h.baseline().afterGcMiB() * 1.10
                  ? "met (live heap within 10 % of the baseline's)" : "missed"));
        }
      }
    }
    if (any("limiter")) {
      LimiterHarness.Result l = LimiterHarness.run(o.limiterThreads(), o.limiterSeconds());
      emitHarness(report.addHarness(String.format(Locale.ROOT, "limiter: %d threads, %.1f s, against"
              + " the mock's 7-in-any-second window", l.threads(), l.seconds()),
          String.format(Locale.ROOT, "%.2f requests/s (%d requests), %d × 429, %d failed, peak"
              + " %d in a window", l.perSecond(), l.requests(), l.tooMany(), l.failed(),
              l.peakInWindow()),
          "7.00 requests/s (the physical limit)", "≥ 6.9/s, 0 × 429",
          l.tooMany() == 0 && l.failed() == 0 && l.perSecond() >= 6.9 ? "met"
              : "missed" + (o.smoke() ? " (smoke: too short to mean anything)" : "")));
    }
    if (any("storm")) {
      Duration latency = Duration.ofMillis(100);
      RefreshStorm.Result lib = RefreshStorm.run("library", o.stormProcesses(),
          o.stormThreads(), o.stormExpiries(), latency, logs);
      RefreshStorm.Result naive = RefreshStorm.run("naive", o.stormProcesses(),
          o.stormThreads(), o.stormExpiries(), latency, logs);
      emitHarness(report.addHarness(String.format(Locale.ROOT, "refresh storm: token-endpoint calls per"
              + " expiry, %d JVMs × %d threads, %d expiries, token endpoint %d ms",
              o.stormProcesses(), o.stormThreads(), o.stormExpiries(), latency.toMillis()),
          storm(lib), storm(naive), "exactly 1 vs N",
          lib.min() == 1 && lib.max() == 1 && lib.failedCalls() == 0
              && lib.revokedRefreshes() == 0 ? "met" : "missed"));
    }
    String settings = o.describe() + String.format(Locale.ROOT, " Took %.0f s; load average at"
        + " the end: %.2f.", (System.nanoTime() - start) / 1e9, Machine.loadAverage());
    report.write(o.out(), machine, settings);
    System.out.println();
    System.out.println("The report and every round's figures: " + o.out().resolve("paired.md")
        + ", " + o.out().resolve("paired-rounds.csv"));
  }

  private void jdbc(JdbcFixture j, String variant) throws Exception {
    String fsync = variant.isEmpty() ? "fsync on" : "fsync off";
    pair("jdbc-save" + variant, "JDBC save, PostgreSQL " + fsync + ": `JdbcTokenStore.write` vs"
        + " one prepared CAS UPSERT", () -> {
          j.librarySave();
          return null;
        }, () -> {
          j.bareSave();
          return null;
        }, variant.isEmpty() ? Goal.timeRatioAtMost(1.3) : Goal.report(), 1);
    pair("jdbc-load" + variant, "JDBC load, PostgreSQL " + fsync + ": `JdbcTokenStore.load` vs"
        + " one prepared SELECT", j::libraryLoad, j::bareLoad,
        variant.isEmpty() ? Goal.timeRatioAtMost(1.3) : Goal.report(), 1);
  }

  private void streaming(String id, String figure, Streaming s, int rounds) throws Exception {
    if (!o.only().contains(id)) {
      return;
    }
    Pair p = new Pair(id, figure, s::library, s::bare, Goal.throughputAtLeast(0.9), s.leads());
    emit(report.add(PairedRunner.run(p, o.settings(rounds))));
  }

  private void pair(String id, String figure, Pair.Op library, Pair.Op baseline, Goal goal,
      long units) throws Exception {
    if (!o.only().contains(id)) {
      return;
    }
    Pair p = new Pair(id, figure, library, baseline, goal, units);
    emit(report.add(PairedRunner.run(p, o.settings(o.rounds()))));
  }

  private boolean any(String... ids) {
    for (String id : ids) {
      if (o.only().contains(id)) {
        return true;
      }
    }
    return false;
  }

  private void emit(String row) {
    System.out.println(row);
    System.out.flush();
  }

  private void emitHarness(String row) {
    if (!harnessHeaderPrinted) {
      System.out.println();
      System.out.println(Report.harnessHeader());
      harnessHeaderPrinted = true;
    }
    emit(row);
  }

  private static String heap(StreamingHeap.Side s) {
    return String.format(Locale.ROOT, "live %.1f MiB after GC, peak %.1f MiB (%,.0f leads/s cold)",
        s.afterGcMiB(), s.peakMiB(), s.leadsPerSecond());
  }

  private static String storm(RefreshStorm.Result r) {
    List<String> counts = new ArrayList<>();
    r.callsPerExpiry().forEach(c -> counts.add(Integer.toString(c)));
    return String.format(Locale.ROOT, "%.1f per expiry (min %d, max %d: %s); %d revoked; %d of %d"
            + " calls failed", r.mean(), r.min(), r.max(), String.join(", ", counts),
        r.revokedRefreshes(), r.failedCalls(), r.okCalls() + r.failedCalls());
  }
}
