package io.github.farolero.amocrm.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figure 6 under JMH: the time to stream every lead (100,000 by default, 250 a page) through the
 * client and by bare paging, from pages recorded from the mock. Leads per second is {@code leads}
 * divided by the score. See {@link Streaming}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class StreamingBenchmark {

  /** How many leads the account holds. */
  @Param("100000")
  public int leads;

  private Streaming streaming;

  @Setup(Level.Trial)
  public void setUp() {
    streaming = Streaming.recorded(leads);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    streaming.close();
  }

  /** The library: {@code leads().iterator(...)} over every page. */
  @Benchmark
  public long library() {
    return streaming.library();
  }

  /** The baseline: bare OkHttp + Moshi paging. */
  @Benchmark
  public long bare() throws IOException {
    return streaming.bare();
  }
}
