package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.harness.ChildJvm;
import io.github.farolero.amocrm.store.file.harness.CrashRecords;
import io.github.farolero.amocrm.store.file.harness.CrashWriterMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show: crash safety with real processes. A child JVM saves records in a loop and is killed
 * with SIGKILL at a random moment, {@code crash.kills} times (200 by default, 1,000 with
 * {@code -Psoak}). After each kill the grant must read back as the last acknowledged write, or
 * as the write that was in flight when the kill came (begun, not yet acknowledged): never an
 * older record, never a torn one. Every backup generation left must be whole, too.
 *
 * <p>To keep the run short, the next writer JVM starts (and warms up in a scratch directory)
 * while the current one runs; it waits for {@code GO} before it touches the directory, so only
 * one writer is ever live. The kill comes at a uniformly random moment 0-40 ms after the
 * writer's first acknowledged write, so it lands anywhere in the write path: before the temp
 * file, mid-write, between fsync and rename, between rename and the directory fsync, in the
 * backup link or the pruning. The seed is printed; {@code -Dcrash.seed=...} replays a run's
 * delays.
 */
class CrashSafetyTest {

  private static final Duration STEP = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void everyKillLeavesTheLastOrTheInFlightWrite() throws Exception {
    int kills = Integer.getInteger("crash.kills", 200);
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path dir = tmp.resolve("tokens");
    String scratch = tmp.resolve("scratch").toString();
    FileTokenStore store = FileTokenStore.of(dir);
    long stored = 0;
    int equalLastAck = 0;
    int equalInFlight = 0;
    long acknowledged = 0;
    long maxDelayMicros = 40_000;
    ChildJvm next = ChildJvm.start(CrashWriterMain.class, dir.toString(), scratch);
    try {
      for (int kill = 1; kill <= kills; kill++) {
        ChildJvm writer = next;
        next = kill < kills
            ? ChildJvm.start(CrashWriterMain.class, dir.toString(), scratch)
            : null;
        try {
          writer.expect("STARTED", STEP);
          writer.send("GO");
          String ready = writer.expect("READY ", STEP);
          assertThat(Long.parseLong(ready.substring(6)))
              .as("kill %d (seed %d): the writer starts from what is stored", kill, seed)
              .isEqualTo(stored);
          // Once the writer is warm (its first write acknowledged), kill it at a random moment
          // among the writes that follow.
          List<String> printed = new ArrayList<>();
          printed.add(writer.expect("ACK ", STEP));
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(
              (long) (random.nextDouble() * maxDelayMicros)));
          writer.kill();
          writer.awaitEndOfOutput(STEP);
          long lastAck = -1;
          long lastBegin = -1;
          printed.addAll(writer.drain());
          for (String line : printed) {
            if (line.startsWith("ACK ")) {
              lastAck = Long.parseLong(line.substring(4));
            } else if (line.startsWith("BEGIN ")) {
              lastBegin = Long.parseLong(line.substring(6));
            }
          }
          TokenRecord loaded = store.load(CrashRecords.KEY).orElse(null);
          long floor = lastAck >= 0 ? lastAck : stored;
          assertThat(loaded).as("kill %d (seed %d)", kill, seed).isNotNull();
          boolean last = loaded.equals(CrashRecords.record(floor));
          boolean inFlight = lastBegin > floor && loaded.equals(CrashRecords.record(lastBegin));
          assertThat(last || inFlight)
              .as("kill %d (seed %d): read back version %d, expected %d (last acknowledged)"
                  + " or %d (in flight); the writer printed %s", kill, seed, loaded.version(),
                  floor, lastBegin, printed)
              .isTrue();
          if (last) {
            equalLastAck++;
          } else {
            equalInFlight++;
          }
          acknowledged += lastAck - stored;
          stored = loaded.version();
          assertGenerationsWhole(dir);
        } finally {
          writer.close();
        }
      }
    } finally {
      if (next != null) {
        next.close();
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("~corrupt-"));
    }
    assertThat(stored).as("the writers got somewhere").isPositive();
    System.out.printf("crash harness: %d SIGKILLs (seed %d); %d writes acknowledged; every read"
        + " back verified: %d equal to the last acknowledged write, %d to the in-flight one;"
        + " last version %d%n", kills, seed, acknowledged, equalLastAck, equalInFlight, stored);
    assertThat(equalLastAck + equalInFlight).isEqualTo(kills);
  }

  /** Each backup generation left must be exactly the record of its version. */
  private static void assertGenerationsWhole(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return; // killed before its first write made the directory
    }
    String prefix = GrantFileNames.backupPrefix(CrashRecords.KEY);
    List<Path> generations;
    try (Stream<Path> files = Files.list(dir)) {
      generations = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
    FileTokenStore reader = FileTokenStore.of(dir);
    for (Path g : generations) {
      long version = GrantFileNames.backupVersion(CrashRecords.KEY, g.getFileName().toString());
      assertThat(version).isPositive();
      assertThat(TokenRecord.fromJson(Files.readString(g)))
          .as("backup generation %s", g.getFileName())
          .isEqualTo(CrashRecords.record(version));
    }
    assertThat(reader.keys()).containsExactly(CrashRecords.KEY);
  }
}
