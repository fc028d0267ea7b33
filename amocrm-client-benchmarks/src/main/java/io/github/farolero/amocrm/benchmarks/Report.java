package io.github.farolero.amocrm.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paired runner's output: one Markdown table row per paired figure, one per harness figure,
 * and the raw per-round figures as CSV (so that any row can be checked or recomputed).
 */
final class Report {

  private final List<String> pairRows = new ArrayList<>();
  private final List<String> harnessRows = new ArrayList<>();
  private final StringBuilder csv = new StringBuilder(
      "figure,round,library_first,ops,library_wall_ns,baseline_wall_ns,library_cpu_ns,"
          + "baseline_cpu_ns,library_alloc_bytes,baseline_alloc_bytes\n");

  /** Returns how many figures the report holds. */
  int rows() {
    return pairRows.size() + harnessRows.size();
  }

  /** Adds a paired figure; returns its row. */
  String add(PairedRunner.Result r) {
    Pair p = r.pair();
    Stats.Interval wall = Stats.median(r.ratio(false));
    Stats.Interval cpu = Stats.median(r.ratio(true));
    double libWall = Stats.plainMedian(r.library().wallNanos());
    double baseWall = Stats.plainMedian(r.baseline().wallNanos());
    double libAlloc = Stats.plainMedian(r.library().allocBytes());
    double baseAlloc = Stats.plainMedian(r.baseline().allocBytes());
    String library;
    String baseline;
    String verdict;
    Stats.Interval shown = wall;
    Stats.Interval shownCpu = cpu;
    switch (p.goal().kind()) {
      case THROUGHPUT_RATIO_AT_LEAST -> {
        library = perSecond(p.unitsPerOp() / (libWall / 1e9));
        baseline = perSecond(p.unitsPerOp() / (baseWall / 1e9));
        shown = wall.reciprocal();
        shownCpu = cpu.reciprocal();
        verdict = p.goal().judge(shown);
      }
      case NANOS_AND_NO_ALLOCATION -> {
        library = time(libWall);
        baseline = time(baseWall);
        verdict = libWall <= p.goal().value() && libAlloc < 1 ? "met" : "missed";
      }
      default -> {
        library = time(libWall);
        baseline = time(baseWall);
        verdict = p.goal().judge(wall);
      }
    }
    String row = String.format(Locale.ROOT,
        "| %s | %s | %s | **%.3f×** | %.3f–%.3f (%.1f %%) | %.3f× (%.3f–%.3f) | %s / %s | %d × %d |"
            + " %s | %s |",
        p.figure(), library, baseline, shown.median(), shown.low(), shown.high(),
        shown.coverage() * 100, shownCpu.median(), shownCpu.low(), shownCpu.high(),
        bytes(libAlloc), bytes(baseAlloc), r.library().wallNanos().length, r.opsPerBlock(),
        p.goal().text(), verdict);
    pairRows.add(row);
    for (int i = 0; i < r.library().wallNanos().length; i++) {
      csv.append(String.format(Locale.ROOT, "%s,%d,%b,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f%n",
          p.id(), i, r.libraryFirst()[i], r.opsPerBlock(), r.library().wallNanos()[i],
          r.baseline().wallNanos()[i], r.library().cpuNanos()[i], r.baseline().cpuNanos()[i],
          r.library().allocBytes()[i], r.baseline().allocBytes()[i]));
    }
    return row;
  }

  /** Adds a harness figure (a count or a rate, not a paired ratio); returns its row. */
  String addHarness(String figure, String library, String baseline, String goal,
      String verdict) {
    String row = "| " + figure + " | " + library + " | " + baseline + " | " + goal + " | "
        + verdict + " |";
    harnessRows.add(row);
    return row;
  }

  String markdown(String machine, String settings) {
    StringBuilder md = new StringBuilder();
    md.append("## Machine\n\n").append(machine).append("\n\n");
    md.append("## Paired figures\n\n").append(settings).append("\n\n");
    md.append(pairHeader()).append('\n');
    pairRows.forEach(r -> md.append(r).append('\n'));
    md.append("\n## Harness figures\n\n").append(harnessHeader()).append('\n');
    harnessRows.forEach(r -> md.append(r).append('\n'));
    return md.toString();
  }

  static String pairHeader() {
    return "| figure | library | baseline | ratio (wall, median) | 95 % interval (coverage)"
        + " | CPU ratio (interval) | alloc/op lib / base | rounds × ops | goal | verdict |\n"
        + "|---|---|---|---|---|---|---|---|---|---|";
  }

  static String harnessHeader() {
    return "| figure | library | baseline | goal | verdict |\n|---|---|---|---|---|";
  }

  void write(Path dir, String machine, String settings) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("paired.md"), markdown(machine, settings),
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("paired-rounds.csv"), csv.toString(), StandardCharsets.UTF_8);
  }

  static String time(double nanos) {
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.1f ns", nanos);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  static String bytes(double b) {
    if (b < 10_000) {
      return String.format(Locale.ROOT, "%.0f B", b);
    }
    if (b < 10_000_000) {
      return String.format(Locale.ROOT, "%.0f KB", b / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f MB", b / 1e6);
  }

  static String perSecond(double v) {
    return String.format(Locale.ROOT, "%,.0f leads/s", v);
  }
}
