package io.github.farolero.amocrm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The smoke mode CI runs: every JMH benchmark and every figure of the paired runner, for a moment
 * each on small data, to prove that they run. No figure is asserted: on a shared machine, in a
 * few milliseconds, they mean nothing. The real run is {@code amocrm-client-benchmarks/run.sh}.
 */
class BenchmarksSmokeTest {

  /** The benchmark methods of the module: 3 hot path, 4 token lookup, 4 file, 4 JDBC, 2 streaming. */
  private static final int JMH_METHODS = 17;

  @Test
  void everyPairedAndHarnessFigureRuns() throws Exception {
    Report report = Paired.run(Paired.Options.parse("--smoke", "--out=target/smoke-results"));
    assertThat(report.rows()).isEqualTo(Paired.ALL.size());
  }

  @Test
  void everyJmhBenchmarkRuns() throws Exception {
    Options options = new OptionsBuilder()
        .include("io\\.github\\.farolero\\.amocrm\\.benchmarks\\..*")
        .forks(0) // in this JVM: a fork per method would cost a JVM start each
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .param("leads", "1000")
        .param("fsync", "on")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    assertThat(results).hasSize(JMH_METHODS);
  }
}
