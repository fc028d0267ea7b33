package io.github.farolero.amocrm.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 6's heap: each side streams every lead once in a fresh JVM with the same small heap
 * ({@code -Xmx64m}, serial collector), {@code runs} times each, alternating; the medians of each
 * side's figures are reported. The pages come from a {@link Streaming} fixture in this JVM.
 */
final class StreamingHeap {

  static final List<String> JVM = List.of("-Xmx64m", "-XX:+UseSerialGC");
  private static final Pattern RESULT = Pattern.compile(
      "RESULT mode=(\\w+) leads=(\\d+) seconds=([\\d.]+) peakHeapBytes=(\\d+)"
          + " maxHeapAfterGcBytes=(\\d+) maxHeapBytes=(\\d+) idSum=(-?\\d+)");

  /** One side's medians. */
  record Side(double peakMiB, double afterGcMiB, double leadsPerSecond) {}

  /** Both sides. */
  record Result(int runs, Side library, Side baseline) {}

  private StreamingHeap() {}

  static Result run(Streaming pages, int runs, Path logDir) throws Exception {
    List<double[]> lib = new ArrayList<>();
    List<double[]> bare = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      // Alternate which side goes first, so that neither always gets the quieter moment.
      for (String mode : i % 2 == 0 ? List.of("library", "bare") : List.of("bare", "library")) {
        try (Child c = Child.start("heap-" + mode + "-" + i, logDir, JVM, StreamHeapMain.class,
            List.of(mode, pages.baseUrl().toString(), pages.accountDomain(),
                Integer.toString(pages.leads())),
            Map.of("AMO_TOKEN", pages.token()))) {
          Matcher m = RESULT.matcher(c.await("RESULT", 600));
          if (!m.matches()) {
            throw new IllegalStateException("unreadable result");
          }
          double[] v = {Long.parseLong(m.group(4)) / 1048576.0,
              Long.parseLong(m.group(5)) / 1048576.0,
              Long.parseLong(m.group(2)) / Double.parseDouble(m.group(3))};
          (mode.equals("library") ? lib : bare).add(v);
        }
      }
    }
    return new Result(runs, medians(lib), medians(bare));
  }

  private static Side medians(List<double[]> runs) {
    double[][] cols = new double[3][runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      for (int c = 0; c < 3; c++) {
        cols[c][i] = runs.get(i)[c];
      }
    }
    return new Side(Stats.plainMedian(cols[0]), Stats.plainMedian(cols[1]),
        Stats.plainMedian(cols[2]));
  }
}
