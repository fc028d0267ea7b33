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
 *
 * <p>That the kills really land inside writes is counted, not assumed: the writer prints {@code
 * BEGIN v} before each write and {@code ACK v} after it, so a kill whose last line is a {@code
 * BEGIN} came mid-write. Such kills are sorted by what they left: a temporary file (killed
 * between creating it and the rename), the in-flight record (killed after the rename, before the
 * acknowledgement), or neither (killed before the temporary file: lock, read, backup link). The
 * test requires most kills mid-write and some in each half of the write around the rename.
 *
 * <p>A kill cannot show whether a save survives a power loss (the page cache outlives the
 * process): {@link PowerLossOrderTest} checks that, by the order of the fsyncs.
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
    int midWrite = 0;
    int midWriteTempLeft = 0;
    int midWriteAfterRename = 0;
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
          boolean killedMidWrite = lastBegin > lastAck;
          boolean tempLeft = killedMidWrite && !dataTemporaries(dir).isEmpty();
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
          if (killedMidWrite) {
            midWrite++;
            if (inFlight) {
              midWriteAfterRename++;
            } else if (tempLeft) {
              midWriteTempLeft++;
            }
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
    System.out.printf("crash harness: %d SIGKILLs (seed %d); %d writes acknowledged; every read"
        + " back verified: %d equal to the last acknowledged write, %d to the in-flight one;"
        + " last version %d; %d kills landed mid-write (between BEGIN and ACK): %d left a"
        + " temporary file (before the rename), %d the in-flight record (after the rename), %d"
        + " neither (before the temporary file)%n", kills, seed, acknowledged, equalLastAck,
        equalInFlight, stored, midWrite, midWriteTempLeft, midWriteAfterRename,
        midWrite - midWriteTempLeft - midWriteAfterRename);
    // Kills between writes test nothing: most must land inside a write, and some on each side
    // of the rename (the harness would otherwise show only one kind of interrupted write).
    assertThat(midWrite).as("kills that landed mid-write, of %d (seed %d)", kills, seed)
        .isGreaterThanOrEqualTo(kills * 9 / 10);
    assertThat(midWriteTempLeft).as("kills between the temporary file and the rename (seed %d)",
        seed).isGreaterThanOrEqualTo(Math.max(1, kills / 50));
    assertThat(midWriteAfterRename).as("kills after the rename, before the ACK (seed %d)", seed)
        .isGreaterThanOrEqualTo(Math.max(1, kills / 50));
  }

  /** The temporary files of saves in the directory (not the backups' hard links). */
  private static List<String> dataTemporaries(Path dir) throws IOException {
    String prefix = GrantFileNames.tempPrefix(CrashRecords.KEY);
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && !n.startsWith(prefix + "link-")).toList();
    }
  }

  /** Each backup generation left must be exactly the record of its version. */
  private static void assertGenerationsWhole(Path dir) throws IOException {
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
