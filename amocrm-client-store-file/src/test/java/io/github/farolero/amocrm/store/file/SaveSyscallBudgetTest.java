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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one save costs in file syscalls, pinned so that a regression fails. A child JVM's saves
 * ({@link TracedWriterMain}, the store's defaults: 5 backups, no encryption) run under {@code
 * strace -e trace=%file,%desc}; the syscalls its main thread makes between one {@code SAVED} line
 * and the next are one save's (the JVM's own reads of jars and class files in between, a class
 * loaded late, are not counted). After the first saves (the directory made, the lock files created,
 * the temporary file's mode looked at once, classes loaded), each save must stay within {@link
 * #BUDGET} and make:
 *
 * <ul>
 *   <li>no {@code readlink}: the directory's real path is resolved once, not on every write (it
 *       took one {@code readlink} per path element);
 *   <li>one listing of the directory at most (one {@code getdents64} pass): the stale temporary
 *       files and the generations to prune come from the same listing (there were two);
 *   <li>one {@code link} for the backup generation, no second {@code rename} (it was a link under
 *       a temporary name, renamed);
 *   <li>no {@code chmod}: the temporary file is created {@code rw-------};
 *   <li>exactly the crash-safe core: one {@code rename} and two fsyncs (the file's and the
 *       directory's: their order is {@link PowerLossOrderTest}'s to check).
 * </ul>
 *
 * <p>The steady save, 26 syscalls (a bare durable write, temporary file + fsync + rename +
 * directory fsync, is 8): the directory looked at (1); the write lock taken and released (open,
 * fstat, lock, unlock, close: 5); the directory listed (opendir's open and fstat, two getdents64,
 * close: 5); the current file read (lstat, open, two reads, close: 5); the backup linked (1); the
 * temporary file written (open, write, fsync, close: 4); the rename (1); the directory fsynced
 * (open, fsync, close: 3); the oldest generation removed (1). Before this budget a save made 46
 * (with the directory four levels deep: a {@code readlink} per level).
 *
 * <p>The negative control saves the same way and then resolves the directory's real path and
 * lists it once more, as the store did on every write: the check must report both.
 */
class SaveSyscallBudgetTest {

  /** The most file syscalls a steady save may make; see the class comment for the 26. */
  static final int BUDGET = 26;

  private static final Duration STEP = Duration.ofSeconds(120);
  private static final int SAVES = 60;
  /** Saves not counted: the first ones make the directory, lock files and classes. */
  private static final int WARM_UP = 10;

  private static List<String> strace;

  /** The JVM's own files (classes, jars, the runtime image, libraries), not the store's. */
  private static final Pattern JVM_FILE = Pattern.compile(
      "\\.(jar|class|so(\\.[0-9]+)*)[\">]|/lib/modules[\">]|[\"<]/(proc|sys)/");

  @TempDir Path tmp;

  @BeforeAll
  static void findStrace() {
    assumeTrue(Os.isLinux(), "strace traces Linux syscalls; this is " + System.getProperty(
        "os.name") + ", so the syscalls of a save are not counted");
    Os.Result trial = Os.run("strace", "-f", "-o", "/dev/null", "true");
    if (!trial.ok()) {
      String why = "strace cannot run here (" + trial.output().trim() + "; Debian: apt-get"
          + " install strace), so the syscalls of a save are not counted";
      System.out.println("SaveSyscallBudgetTest skipped: " + why);
      assumeTrue(false, why);
    }
    // -y: file descriptors shown with their paths, so that the JVM's own reads (a class loaded
    // from a jar in the middle of the run) are told from the store's.
    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-y"));
    if (Os.run("strace", "-f", "--seccomp-bpf", "-e", "trace=fsync", "-o", "/dev/null", "true")
        .ok()) {
      cmd.add("--seccomp-bpf");
    }
    cmd.addAll(List.of("-e", "trace=%file,%desc"));
    strace = cmd;
  }

  /** One save's file syscalls, by name. */
  record Save(int number, Map<String, Integer> calls) {
    int total() {
      return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    int count(String name) {
      return calls.getOrDefault(name, 0);
    }
  }

  /** Runs the traced writer; returns the steady saves (after the warm-up). */
  private List<Save> trace(String mode) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(mode)).toRealPath().resolve("tokens");
    Path traceFile = tmp.resolve(mode + ".strace");
    List<String> cmd = new ArrayList<>(strace);
    cmd.addAll(List.of("-o", traceFile.toString()));
    cmd.addAll(ChildJvm.command(TracedWriterMain.class, dir.toString(), String.valueOf(SAVES),
        mode));
    try (ChildJvm child = ChildJvm.start(cmd, null)) {
      child.expect("SAVED " + SAVES, STEP);
      assertThat(child.waitFor(STEP)).as("exit of the traced writer; stderr:\n%s",
          child.stderr()).isZero();
    }
    assertThat(FileTokenStore.of(dir).load(CrashRecords.KEY)).contains(CrashRecords.record(SAVES));
    List<SaveTrace.Syscall> calls = SaveTrace.join(Files.readAllLines(traceFile));
    // The main thread prints SAVED after each save: the syscalls of that thread in between are
    // one save's (other threads, the JIT's and the GC's, are not counted).
    int tid = -1;
    List<Save> saves = new ArrayList<>();
    Map<String, Integer> current = null;
    for (SaveTrace.Syscall c : calls) {
      boolean saved = c.name().equals("write") && c.args().startsWith("1<")
          && c.args().contains("\"SAVED ");
      if (saved) {
        tid = c.tid();
        if (current != null) {
          saves.add(new Save(saves.size() + 2, current));
        }
        current = new TreeMap<>();
      } else if (current != null && c.tid() == tid && !c.name().equals("mmap")
          && !JVM_FILE.matcher(c.args()).find()) {
        // mmap: the JVM's memory (the store maps no file)
        current.merge(c.name(), 1, Integer::sum);
      }
    }
    assertThat(saves).as("saves traced between SAVED lines").hasSize(SAVES - 1);
    return saves.subList(WARM_UP, saves.size());
  }

  /** What is wrong with a save, one line per fault; empty if it kept the budget. */
  private static List<String> faults(Save s) {
    List<String> out = new ArrayList<>();
    String name = "save " + s.number() + " " + s.calls();
    if (s.total() > BUDGET) {
      out.add(name + ": " + s.total() + " file syscalls, over the budget of " + BUDGET);
    }
    if (s.count("readlink") > 0) {
      out.add(name + ": resolved a real path (readlink)");
    }
    if (s.count("getdents64") + s.count("getdents") > 2) {
      out.add(name + ": listed the directory more than once (getdents64)");
    }
    if (s.count("chmod") + s.count("fchmod") + s.count("fchmodat") > 0) {
      out.add(name + ": changed a file's mode");
    }
    if (s.count("link") + s.count("linkat") > 1 || s.count("rename") + s.count("renameat")
        + s.count("renameat2") != 1) {
      out.add(name + ": not one link and one rename");
    }
    if (s.count("fsync") + s.count("fdatasync") != 2) {
      out.add(name + ": not two fsyncs");
    }
    return out;
  }

  @Test
  void aSteadySaveKeepsItsSyscallBudget() throws Exception {
    List<Save> saves = trace("store");
    List<String> faults = saves.stream().flatMap(s -> faults(s).stream()).toList();
    assertThat(faults).as("saves over their syscall budget").isEmpty();
    System.out.printf("syscall budget: %d steady saves traced, %d-%d file syscalls each (budget"
            + " %d), such as %s%n", saves.size(),
        saves.stream().mapToInt(Save::total).min().orElseThrow(),
        saves.stream().mapToInt(Save::total).max().orElseThrow(), BUDGET, saves.get(0).calls());
  }

  /** The negative control: a save that resolves the real path and lists again is reported. */
  @Test
  void theCheckReportsASaveThatResolvesAndListsAgain() throws Exception {
    List<Save> saves = trace("store-wasteful");
    for (Save s : saves) {
      assertThat(faults(s)).as("save %d", s.number())
          .anyMatch(f -> f.contains("readlink"))
          .anyMatch(f -> f.contains("more than once"))
          .anyMatch(f -> f.contains("over the budget"));
    }
    System.out.printf("syscall budget, negative control: %d saves, each reported, such as %s%n",
        saves.size(), faults(saves.get(0)));
  }
}
