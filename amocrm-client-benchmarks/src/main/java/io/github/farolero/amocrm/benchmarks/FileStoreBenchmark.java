package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.store.TokenRecord;
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
 * Figures 3 and 4 under JMH: {@code FileTokenStore} save and load beside the bare durable write
 * and read of the same JSON. See {@link FileStoreFixture}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FileStoreBenchmark {

  private FileStoreFixture files;

  @Setup(Level.Trial)
  public void setUp() {
    files = new FileStoreFixture();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    files.close();
  }

  /** Figure 3, the library: {@code FileTokenStore.write} (compare-and-set, backups on). */
  @Benchmark
  public void save() {
    files.librarySave();
  }

  /** Figure 3's baseline: temp file, force, atomic rename, directory fsync. */
  @Benchmark
  public void bareSave() throws IOException {
    files.bareSave();
  }

  /** Figure 4, the library: {@code FileTokenStore.load}. */
  @Benchmark
  public TokenRecord load() {
    return files.libraryLoad();
  }

  /** Figure 4's baseline: {@code Files.readAllBytes} + Moshi. */
  @Benchmark
  public TokenRecord bareLoad() throws IOException {
    return files.bareLoad();
  }
}
