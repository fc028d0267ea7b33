package io.github.farolero.amocrm.benchmarks;

/**
 * One figure of the paired runner: the library's operation and the baseline's, run alternately.
 *
 * @param id a short name for {@code --only}
 * @param figure the figure's name in the report
 * @param library what the library does once
 * @param baseline what the baseline does once
 * @param goal the goal
 * @param unitsPerOp how many items one operation handles (leads per stream), for throughputs
 */
record Pair(String id, String figure, Op library, Op baseline, Goal goal, long unitsPerOp) {

  /** One operation; its result is kept so that nothing can be optimized away. */
  @FunctionalInterface
  interface Op {
    Object run() throws Exception;
  }

  static Pair of(String id, String figure, Op library, Op baseline, Goal goal) {
    return new Pair(id, figure, library, baseline, goal, 1);
  }
}
