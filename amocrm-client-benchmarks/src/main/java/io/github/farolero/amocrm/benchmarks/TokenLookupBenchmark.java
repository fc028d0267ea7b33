package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.store.TokenRecord;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figure 2 under JMH: the interceptor's token choice, one thread and eight threads sharing one
 * client, beside a volatile read. Run with {@code -prof gc} for the allocation per call (goal:
 * none). See {@link TokenLookup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenLookupBenchmark {

  private TokenLookup lookup;

  @Setup(Level.Trial)
  public void setUp() {
    lookup = new TokenLookup();
  }

  /** The library, one thread. */
  @Benchmark
  @Threads(1)
  public TokenRecord library() {
    return lookup.library();
  }

  /** The baseline, one thread. */
  @Benchmark
  @Threads(1)
  public TokenRecord volatileRead() {
    return lookup.baseline();
  }

  /** The library, eight threads on one manager. */
  @Benchmark
  @Threads(8)
  public TokenRecord library8() {
    return lookup.library();
  }

  /** The baseline, eight threads on one field. */
  @Benchmark
  @Threads(8)
  public TokenRecord volatileRead8() {
    return lookup.baseline();
  }
}
