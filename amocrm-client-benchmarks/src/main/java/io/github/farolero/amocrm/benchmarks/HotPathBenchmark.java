package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.model.Account;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figures 1 and 9 under JMH: one {@code GET /api/v4/account} through the client, through bare
 * OkHttp + Moshi, and the Node app's way (tokens.json read per request). See {@link HotPath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {

  private HotPath hotPath;

  @Setup(Level.Trial)
  public void setUp() {
    hotPath = new HotPath();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hotPath.close();
  }

  /** Figure 1 and 9, the library: {@code client.account()}. */
  @Benchmark
  public Account library() {
    return hotPath.library();
  }

  /** Figure 1's baseline: bare OkHttp, fixed header, stock Moshi. */
  @Benchmark
  public BareJson.Account bare() throws IOException {
    return hotPath.bare();
  }

  /** Figure 9's baseline: the Node app's way, tokens.json read on every request. */
  @Benchmark
  public BareJson.Account nodeWay() throws IOException {
    return hotPath.nodeWay();
  }
}
