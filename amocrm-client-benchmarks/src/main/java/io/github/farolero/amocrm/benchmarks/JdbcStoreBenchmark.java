package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.store.TokenRecord;
import java.sql.SQLException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Figure 5 under JMH: {@code JdbcTokenStore} save and load on embedded PostgreSQL beside a bare
 * compare-and-set UPSERT and a bare SELECT, with PostgreSQL's fsync on (its default) and off. See
 * {@link JdbcFixture}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcStoreBenchmark {

  /** PostgreSQL's fsync setting. */
  @Param({"on", "off"})
  public String fsync;

  private JdbcFixture jdbc;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    jdbc = JdbcFixture.shared(); // stopped when the JVM exits
    jdbc.fsync(fsync.equals("on"));
  }

  /** The library's compare-and-set write. */
  @Benchmark
  public void save() {
    jdbc.librarySave();
  }

  /** The baseline: one prepared compare-and-set UPSERT. */
  @Benchmark
  public void bareSave() throws SQLException {
    jdbc.bareSave();
  }

  /** The library's read. */
  @Benchmark
  public TokenRecord load() {
    return jdbc.libraryLoad();
  }

  /** The baseline: one prepared SELECT. */
  @Benchmark
  public TokenRecord bareLoad() throws SQLException {
    return jdbc.bareLoad();
  }
}
