package io.github.farolero.amocrm.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Runs a {@link Pair} the paired way: both sides warmed up first, then {@code rounds} rounds, each
 * one block of {@code n} operations of the library and one of the baseline, in an order drawn at
 * random per round, all on this thread. Per block it records the wall time ({@code nanoTime}), this
 * thread's CPU time and the bytes this thread allocated ({@code ThreadMXBean}), each per operation.
 * The figure is the median over rounds of the per-round ratio library / baseline, with the
 * order-statistics interval of that median ({@link Stats}).
 *
 * <p>Why paired: on a shared 2-core machine the speed drifts by 10–30 % over seconds (other
 * processes, frequency, the disk). Both sides of a round run within a fraction of a second of each
 * other, so a drift moves both and cancels in their ratio; the random order cancels what a fixed
 * order would favour (caches, the JIT's last profile, a GC that the previous block left due).
 *
 * <p>Thread CPU time and allocation count only this thread: work done by a server in the same JVM
 * (the local HTTP server, PostgreSQL in its own processes, okio's watchdog) is excluded from them,
 * and included in wall time.
 */
final class PairedRunner {

  /** How a run is sized. */
  record Settings(int rounds, long roundNanos, long warmupNanos, long seed) {}

  /** One side's per-round figures, per operation. */
  record Side(double[] wallNanos, double[] cpuNanos, double[] allocBytes) {}

  /** What a run measured. */
  record Result(Pair pair, int opsPerBlock, Side library, Side baseline, boolean[] libraryFirst) {

    double[] ratio(boolean cpu) {
      double[] l = cpu ? library.cpuNanos() : library.wallNanos();
      double[] b = cpu ? baseline.cpuNanos() : baseline.wallNanos();
      double[] r = new double[l.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = l[i] / b[i];
      }
      return r;
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    THREADS.setThreadCpuTimeEnabled(true);
    THREADS.setThreadAllocatedMemoryEnabled(true);
  }

  /** Keeps the operations' results reachable; read by nobody. */
  @SuppressWarnings("unused")
  private static volatile Object sink;

  private PairedRunner() {}

  static Result run(Pair pair, Settings s) throws Exception {
    // Warm-up: alternate blocks, doubling their size until a block takes a tenth of a round, and
    // go on until each side has run for the warm-up time. Then size the blocks so that the slower
    // side's block takes about one round time; both sides get the same n.
    int n = 1;
    long warmedLibrary = 0;
    long warmedBaseline = 0;
    double libraryPerOp = 0;
    double baselinePerOp = 0;
    do {
      long l = block(pair.library(), n)[0];
      long b = block(pair.baseline(), n)[0];
      warmedLibrary += l;
      warmedBaseline += b;
      libraryPerOp = (double) l / n;
      baselinePerOp = (double) b / n;
      if (Math.max(l, b) < s.roundNanos() / 10 && n < (1 << 28)) {
        n *= 2;
      }
    } while (warmedLibrary < s.warmupNanos() || warmedBaseline < s.warmupNanos());
    int ops = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
        Math.round(s.roundNanos() / Math.max(libraryPerOp, baselinePerOp))));

    Random random = new Random(s.seed() ^ pair.id().hashCode());
    Side lib = new Side(new double[s.rounds()], new double[s.rounds()], new double[s.rounds()]);
    Side base = new Side(new double[s.rounds()], new double[s.rounds()], new double[s.rounds()]);
    boolean[] libraryFirst = new boolean[s.rounds()];
    for (int r = 0; r < s.rounds(); r++) {
      libraryFirst[r] = random.nextBoolean();
      if (libraryFirst[r]) {
        record(lib, r, block(pair.library(), ops), ops);
        record(base, r, block(pair.baseline(), ops), ops);
      } else {
        record(base, r, block(pair.baseline(), ops), ops);
        record(lib, r, block(pair.library(), ops), ops);
      }
    }
    return new Result(pair, ops, lib, base, libraryFirst);
  }

  private static void record(Side side, int round, long[] block, int ops) {
    side.wallNanos()[round] = (double) block[0] / ops;
    side.cpuNanos()[round] = (double) block[1] / ops;
    side.allocBytes()[round] = (double) block[2] / ops;
  }

  /** Runs {@code n} operations; returns wall ns, thread CPU ns, bytes allocated by this thread. */
  private static long[] block(Pair.Op op, int n) throws Exception {
    Object last = null;
    long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long wall0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      last = op.run();
    }
    long wall = System.nanoTime() - wall0;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    long alloc = THREADS.getCurrentThreadAllocatedBytes() - alloc0;
    sink = last;
    return new long[] {wall, cpu, alloc};
  }
}
