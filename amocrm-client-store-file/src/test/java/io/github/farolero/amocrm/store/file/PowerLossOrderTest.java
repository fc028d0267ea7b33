package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.farolero.amocrm.store.file.harness.ChildJvm;
import io.github.farolero.amocrm.store.file.harness.CrashRecords;
import io.github.farolero.amocrm.store.file.harness.Os;
import io.github.farolero.amocrm.store.file.harness.SaveTrace;
import io.github.farolero.amocrm.store.file.harness.TracedWriterMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show, the other half of crash safety: a power loss, not only a process death. A {@code
 * kill -9} ({@link CrashSafetyTest}) cannot tell a save that fsyncs from one that does not: the
 * kernel's page cache survives the process. What survives a power loss is what was fsynced, in
 * the order it was fsynced; so this test traces a child JVM's saves with {@code strace} and checks
 * the order of every save's syscalls ({@link SaveTrace}): write the temporary file, fsync it,
 * rename it over the current file, fsync the directory, and only then return to the caller.
 *
 * <p>The negative control runs the same check over a test-only writer that drops or moves one
 * fsync, and must see each fault reported. Without strace (a Debian package; {@code .ci/run}
 * installs it) or where ptrace is not allowed, the test is skipped, saying so.
 */
class PowerLossOrderTest {

  private static final Duration STEP = Duration.ofSeconds(120);
  private static final int SAVES = 50;
  private static final String SYSCALLS = "openat,write,fsync,fdatasync,rename,renameat,renameat2";

  /** The strace command up to the traced program, or null if strace cannot run here. */
  private static List<String> strace;

  @TempDir Path tmp;

  @BeforeAll
  static void findStrace() {
    assumeTrue(Os.isLinux(), "strace traces Linux syscalls; this is " + System.getProperty(
        "os.name") + ", so the syscall order of saves is not checked");
    Os.Result version = Os.run("strace", "-V");
    if (!version.ok()) {
      String why = "strace is not installed (Debian: apt-get install strace; .ci/run installs"
          + " it), so the syscall order of saves is not checked";
      System.out.println("PowerLossOrderTest skipped: " + why);
      assumeTrue(false, why);
    }
    Os.Result trial = Os.run("strace", "-f", "-o", "/dev/null", "true");
    if (!trial.ok()) {
      String why = "strace cannot trace here (" + trial.output().trim() + "), so the syscall"
          + " order of saves is not checked";
      System.out.println("PowerLossOrderTest skipped: " + why);
      assumeTrue(false, why);
    }
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-y"));
    // A seccomp filter stops the JVM only at the traced syscalls: much faster where supported.
    if (Os.run("strace", "-f", "--seccomp-bpf", "-e", "trace=fsync", "-o", "/dev/null", "true")
        .ok()) {
      cmd.add("--seccomp-bpf");
    }
    cmd.addAll(List.of("-e", "trace=" + SYSCALLS));
    strace = cmd;
  }

  /** Runs TracedWriterMain under strace; returns the checked trace. */
  private SaveTrace trace(String mode, int saves) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(mode)).toRealPath().resolve("tokens");
    Path traceFile = tmp.resolve(mode + ".strace");
    List<String> cmd = new ArrayList<>(strace);
    cmd.addAll(List.of("-o", traceFile.toString()));
    cmd.addAll(ChildJvm.command(TracedWriterMain.class, dir.toString(),
        String.valueOf(saves), mode));
    try (ChildJvm child = ChildJvm.start(cmd, null)) {
      child.expect("SAVED " + saves, STEP);
      assertThat(child.waitFor(STEP)).as("exit of the traced writer; stderr:\n%s",
          child.stderr()).isZero();
    }
    assertThat(FileTokenStore.of(dir).load(CrashRecords.KEY)).contains(CrashRecords.record(saves));
    return SaveTrace.parse(Files.readAllLines(traceFile));
  }

  private static List<SaveTrace.Save> savesOfTheCurrentFile(SaveTrace t) {
    String current = GrantFileNames.current(CrashRecords.KEY);
    return t.saves().stream().filter(s -> s.target().endsWith("/" + current)).toList();
  }

  @Test
  void everySaveFsyncsTheFileBeforeTheRenameAndTheDirectoryAfterIt() throws Exception {
    SaveTrace t = trace("store", SAVES);
    List<SaveTrace.Save> saves = savesOfTheCurrentFile(t);
    assertThat(t.acknowledgements()).as("SAVED lines in the trace").isEqualTo(SAVES);
    assertThat(saves).as("saves of the current file in the trace").hasSize(SAVES);
    assertThat(t.violations()).as("faults in the order of the saves' syscalls").isEmpty();
    for (SaveTrace.Save s : saves) {
      String kinds = s.steps().stream().map(SaveTrace.Syscall::name)
          .collect(Collectors.joining(" "));
      assertThat(kinds).as("syscalls of the save to %s", s.temp())
          .matches("openat (write )+(fsync|fdatasync) rename(at2?)? (fsync|fdatasync)");
    }
    IntSummaryStatistics perSave = saves.stream().mapToInt(s -> s.steps().size())
        .summaryStatistics();
    IntSummaryStatistics writes = saves.stream().mapToInt(s -> (int) s.steps().stream()
        .filter(c -> c.name().equals("write")).count()).summaryStatistics();
    System.out.printf("power-loss order: %d saves traced with strace (%d traced syscalls in the"
            + " child JVM); each save: openat temp, %d-%d write, fsync temp, rename, fsync"
            + " directory = %d-%d syscalls of its own; faults: %d%n", saves.size(), t.syscalls(),
        writes.getMin(), writes.getMax(), perSave.getMin(), perSave.getMax(),
        t.violations().size());
  }

  /**
   * The negative control: the same trace check over saves that drop the directory's fsync, drop
   * the file's fsync, or fsync the file only after the rename. Each save's fault must be
   * reported: the check above can fail.
   */
  @Test
  void theCheckReportsASaveThatDropsOrMovesAnFsync() throws Exception {
    int saves = 5;
    record Control(String mode, String fault) {}
    for (Control c : List.of(
        new Control("no-dir-fsync", "no fsync of the directory after the rename"),
        new Control("no-file-fsync", "no fsync of the temporary file before the rename"),
        new Control("fsync-after-rename", "no fsync of the temporary file before the rename"))) {
      SaveTrace t = trace(c.mode(), saves);
      assertThat(savesOfTheCurrentFile(t)).as(c.mode()).hasSize(saves);
      assertThat(t.violations()).as(c.mode())
          .filteredOn(v -> v.contains(c.fault())).hasSize(saves);
      System.out.printf("power-loss order, negative control %s: %d saves traced, %d faults"
          + " reported, such as: %s%n", c.mode(), saves, t.violations().size(),
          t.violations().get(0));
    }
  }

  /** The parser joins the lines strace splits when threads interleave, and keeps their order. */
  @Test
  void theParserJoinsSplitLinesAndTellsDirectoriesApart() {
    String d = "/t/tokens";
    String tmpFile = d + "/a.json~tmp-1";
    List<String> good = List.of(
        "10  openat(AT_FDCWD</t>, \"" + tmpFile + "\", O_WRONLY|O_CREAT|O_EXCL, 0600) = 5<"
            + tmpFile + ">",
        "10  write(5<" + tmpFile + ">, \"{}\", 2 <unfinished ...>",
        "11  openat(AT_FDCWD</t>, \"/lib/x.so\", O_RDONLY) = 6</lib/x.so>",
        "10  <... write resumed>)  = 2",
        "10  fsync(5<" + tmpFile + ">) = 0",
        "10  rename(\"" + tmpFile + "\", \"" + d + "/a.json\" <unfinished ...>",
        "12  fsync(7</t/other>) = 0",
        "10  <... rename resumed>) = 0",
        "10  openat(AT_FDCWD</t>, \"" + d + "\", O_RDONLY) = 5<" + d + ">",
        "10  fsync(5<" + d + ">) = 0",
        "10  write(1<pipe:[9]>, \"SAVED 1\\n\", 8) = 8",
        "10  +++ exited with 0 +++");
    SaveTrace ok = SaveTrace.parse(good);
    assertThat(ok.violations()).isEmpty();
    assertThat(ok.saves()).hasSize(1);
    assertThat(ok.acknowledgements()).isEqualTo(1);
    assertThat(ok.saves().get(0).steps()).extracting(SaveTrace.Syscall::name)
        .containsExactly("openat", "write", "fsync", "rename", "fsync");

    // Another directory's fsync does not stand in for this one's.
    List<String> wrongDirectory = new ArrayList<>(good);
    wrongDirectory.remove(9);
    wrongDirectory.remove(8);
    assertThat(SaveTrace.parse(wrongDirectory).violations()).singleElement().asString()
        .contains("no fsync of the directory after the rename, before the save was acknowledged");
    // A write after the fsync is unsynced data under the new name.
    List<String> lateWrite = new ArrayList<>(good);
    lateWrite.add(5, "10  write(5<" + tmpFile + ">, \"x\", 1) = 1");
    assertThat(SaveTrace.parse(lateWrite).violations()).singleElement().asString()
        .contains("written after its fsync");
  }
}
