package io.github.farolero.amocrm.benchmarks;

import java.util.Locale;

/** What a figure must show, and how a measured one is judged against it. */
record Goal(Kind kind, double value, String text) {

  /** How the figure is compared. */
  enum Kind {
    /** The library's time is at most {@code value} times the baseline's. */
    TIME_RATIO_AT_MOST,
    /** The library's throughput is at least {@code value} times the baseline's. */
    THROUGHPUT_RATIO_AT_LEAST,
    /** The library's time per call is at most {@code value} ns and it allocates nothing. */
    NANOS_AND_NO_ALLOCATION,
    /** Only reported. */
    REPORT
  }

  static Goal timeRatioAtMost(double ratio) {
    return new Goal(Kind.TIME_RATIO_AT_MOST, ratio, String.format(Locale.ROOT, "≤ %.2f×", ratio));
  }

  static Goal throughputAtLeast(double ratio) {
    return new Goal(Kind.THROUGHPUT_RATIO_AT_LEAST, ratio,
        String.format(Locale.ROOT, "≥ %.2f× leads/s", ratio));
  }

  static Goal nanosNoAllocation(double nanos) {
    return new Goal(Kind.NANOS_AND_NO_ALLOCATION, nanos,
        String.format(Locale.ROOT, "≤ %.0f ns/op, 0 B/op", nanos));
  }

  static Goal report() {
    return new Goal(Kind.REPORT, Double.NaN, "report the ratio");
  }

  /**
   * Judges a ratio's interval: met if the whole interval meets the goal, missed if none of it
   * does, "within noise" otherwise (the median alone says which side it leans to).
   */
  String judge(Stats.Interval ratio) {
    return switch (kind) {
      case TIME_RATIO_AT_MOST -> ratio.high() <= value ? "met"
          : ratio.low() > value ? "missed" : "within noise (median " + (ratio.median() <= value
              ? "meets it)" : "misses it)");
      case THROUGHPUT_RATIO_AT_LEAST -> ratio.low() >= value ? "met"
          : ratio.high() < value ? "missed" : "within noise (median " + (ratio.median() >= value
              ? "meets it)" : "misses it)");
      case NANOS_AND_NO_ALLOCATION, REPORT -> "reported";
    };
  }
}
