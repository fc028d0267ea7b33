package io.github.farolero.amocrm.benchmarks;

import java.util.Arrays;

/**
 * The median and its distribution-free confidence interval from order statistics: for {@code n}
 * values, the interval from the {@code j}-th smallest to the {@code j}-th largest covers the true
 * median with probability {@code 1 - 2 P(Bin(n, 1/2) <= j - 1)}, whatever the distribution (the
 * values need only be independent draws). The largest {@code j} whose coverage is at least 95 % is
 * chosen; with fewer than 6 values no {@code j} reaches it, and the interval is the whole range with
 * its true (lower) coverage.
 */
final class Stats {

  /** A median, its interval and the interval's coverage. */
  record Interval(double median, double low, double high, double coverage) {

    /** The same interval of the reciprocal (a time ratio to a throughput ratio). */
    Interval reciprocal() {
      return new Interval(1 / median, 1 / high, 1 / low, coverage);
    }
  }

  private Stats() {}

  /** Returns the median of the values and its order-statistics interval. */
  static Interval median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    int j = 1;
    double coverage = coverage(n, 1);
    for (int k = 2; k <= n / 2; k++) {
      double c = coverage(n, k);
      if (c < 0.95) {
        break;
      }
      j = k;
      coverage = c;
    }
    return new Interval(median, v[j - 1], v[n - j], coverage);
  }

  /** {@code 1 - 2 P(Bin(n, 1/2) <= j - 1)}. */
  static double coverage(int n, int j) {
    double tail = 0;
    for (int i = 0; i <= j - 1; i++) {
      tail += binomialHalf(n, i);
    }
    return Math.max(0, 1 - 2 * tail);
  }

  private static double binomialHalf(int n, int k) {
    // log C(n, k) - n log 2, summed in logs: n stays small (rounds), but this never overflows.
    double log = 0;
    for (int i = 1; i <= k; i++) {
      log += Math.log(n - k + i) - Math.log(i);
    }
    return Math.exp(log - n * Math.log(2));
  }

  /** The plain median of the values. */
  static double plainMedian(double[] values) {
    return median(values).median();
  }
}
