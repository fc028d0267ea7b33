package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.file.harness.ChildJvm;
import io.github.farolero.amocrm.store.file.harness.Os;
import io.github.farolero.amocrm.store.file.harness.StoreProbeMain;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show, second half: an unreadable directory, a read-only directory, a directory open to
 * others, a full disk. Each gives a clear error and leaves the valid record as it was.
 *
 * <p>The tests run as root here, and root ignores file modes; so each failure is made in a way
 * that binds root too: a directory owned by another user, read from a child JVM that has dropped
 * the capabilities that override modes ({@code setpriv --bounding-set}); the immutable attribute
 * ({@code chattr +i}); a read-only bind mount; a 128 KiB tmpfs; a child JVM under a file-size
 * limit ({@code ulimit -f}, so writes fail with EFBIG). What a non-root user meets, plain modes
 * ({@code chmod 000}), is run too: in this JVM when it is not root, and as root in a child JVM
 * running as the user {@code nobody} ({@code setpriv --reuid}), on a copy of the classpath that
 * user can read.
 *
 * <p>Where a tool or privilege is missing a case is skipped, and says so twice: a line {@code
 * DirectoryFailureTest: <case> SKIPPED: <why>} on the test's output, and the reason in JUnit's
 * report (an assumption's message).
 */
class DirectoryFailureTest {

  private static final Duration STEP = Duration.ofSeconds(90);

  @TempDir Path tmp;
  /** A mount the test made, unmounted after it (before the temporary directory is removed). */
  private Path mounted;
  /** The running case's name, for the skip lines. */
  private String testCase = "?";

  @BeforeEach
  void name(TestInfo info) {
    testCase = info.getTestMethod().map(m -> m.getName()).orElse(info.getDisplayName());
  }

  /**
   * Skips the running case unless the condition holds, printing why on the test's output (and
   * giving JUnit the same reason): a skipped case must never look like a passed one.
   */
  private void require(boolean condition, String why) {
    if (!condition) {
      System.out.println("DirectoryFailureTest: " + testCase + " SKIPPED: " + why);
      Assumptions.abort(why);
    }
  }

  @AfterEach
  void unmount() {
    if (mounted != null) {
      Os.umount(mounted);
    }
  }

  private static TokenRecord record(long version, int tokenBytes) {
    return StoreProbeMain.record(version, tokenBytes);
  }

  /** Runs StoreProbeMain in a child JVM behind a command prefix; returns its answer line. */
  private static String probe(List<String> prefix, Path dir, String... op) throws Exception {
    List<String> args = new ArrayList<>(List.of(dir.toString()));
    args.addAll(List.of(op));
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(ChildJvm.command(StoreProbeMain.class, args.toArray(String[]::new)));
    try (ChildJvm child = ChildJvm.start(cmd, null)) {
      String answer = child.readLine(STEP);
      assertThat(answer).as("probe answer; stderr: %s", child.stderr()).isNotNull()
          .isNotEqualTo(ChildJvm.EOF);
      child.waitFor(STEP);
      return answer;
    }
  }

  private static List<String> temporaries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("~tmp-")).toList();
    }
  }

  /** Mounts a 128 KiB tmpfs, or skips the test where that is not allowed. */
  private Path smallTmpfs() throws IOException {
    require(Os.isRoot(), "mounting a tmpfs needs root, and this JVM is not root");
    Path mount = tmp.resolve("small");
    require(Os.mountTmpfs(mount, "128k"), "tmpfs mounts are not allowed here (mount -t tmpfs"
        + " failed: a container without CAP_SYS_ADMIN?)");
    mounted = mount;
    return mount;
  }

  /** Writes a file on the mount until the file system is full; returns it (delete it for room). */
  private static Path fillUp(Path mount) throws IOException {
    Path filler = mount.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] block = new byte[4096];
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      assertThat(full.getMessage()).contains("No space left on device");
    }
    return filler;
  }

  // --- Unreadable ------------------------------------------------------------------------------

  /** Root without the capabilities that override modes, on a volume owned by another user. */
  @Test
  void anUnreadableDirectoryIsAFailureNotAnEmptyStore() throws Exception {
    require(Os.isRoot(), "this case is root's (root without DAC override); as a non-root user"
        + " anUnreadableDirectoryIsAFailureForANonRootUser covers it");
    List<String> dropped = Os.withoutDacOverride();
    require(dropped != null, "setpriv (util-linux) is needed to drop root's DAC override");
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1, 10));
    // The volume belongs to another user (65534, nobody): rwx------ keeps us out.
    assertThat(Os.run("chown", "-R", Os.NOBODY + ":" + Os.NOBODY, dir.toString()).ok()).isTrue();
    try {
      assertThat(probe(dropped, dir, "load"))
          .startsWith("ERR TokenStoreException cannot read token file")
          .contains("permission denied");
      assertThat(probe(dropped, dir, "keys"))
          .startsWith("ERR TokenStoreException cannot list the token directory")
          .contains("permission denied");
      assertThat(probe(dropped, dir, "write", "2", "10"))
          .startsWith("ERR TokenStoreException")
          .contains("permission denied");
    } finally {
      Os.run("chown", "-R", "0:0", dir.toString());
    }
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
  }

  /**
   * What a non-root user meets: their own directory, {@code chmod 000}. Not root: in this JVM.
   * Root: the same steps in child JVMs running as {@code nobody}, which owns the directory.
   */
  @Test
  void anUnreadableDirectoryIsAFailureForANonRootUser() throws Exception {
    if (!Os.isRoot()) {
      Path dir = tmp.resolve("tokens");
      FileTokenStore store = FileTokenStore.of(dir);
      store.write(record(1, 10));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
      try {
        assertThatThrownBy(() -> store.load(StoreProbeMain.KEY))
            .isExactlyInstanceOf(TokenStoreException.class)
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> store.keys())
            .isExactlyInstanceOf(TokenStoreException.class)
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> store.write(record(2, 10)))
            .isExactlyInstanceOf(TokenStoreException.class)
            .hasMessageContaining("permission denied");
      } finally {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
      return;
    }
    List<String> nobody = Os.asNobody();
    require(nobody != null, "setpriv (util-linux) is needed to run the child JVM as nobody");
    // nobody must reach the directory and the classpath: a parent it may pass through (0711),
    // a copy of the classpath it may read, and a token directory of its own (0700, as the
    // store makes one).
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    Path dir = Files.createDirectory(tmp.resolve("tokens"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    assertThat(Os.run("chown", Os.NOBODY + ":" + Os.NOBODY, dir.toString()).ok()).isTrue();
    Path jars = tmp.resolve("classpath");
    assertThat(probeAs(nobody, jars, dir, "write", "1", "10")).isEqualTo("OK written");
    assertThat(Files.getOwner(store(dir).fileOf(StoreProbeMain.KEY)).getName())
        .as("the record was written by nobody").isEqualTo("nobody");
    // The user's own chmod 000 (as nobody would run it; root's is the same change).
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
    try {
      assertThat(probeAs(nobody, jars, dir, "load"))
          .startsWith("ERR TokenStoreException cannot read token file")
          .contains("permission denied");
      assertThat(probeAs(nobody, jars, dir, "keys"))
          .startsWith("ERR TokenStoreException cannot list the token directory")
          .contains("permission denied");
      assertThat(probeAs(nobody, jars, dir, "write", "2", "10"))
          .startsWith("ERR TokenStoreException")
          .contains("permission denied");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(probeAs(nobody, jars, dir, "load")).isEqualTo("OK version 1");
  }

  private static FileTokenStore store(Path dir) {
    return FileTokenStore.of(dir);
  }

  /** Runs StoreProbeMain as another user, on a copy of the classpath it can read. */
  private static String probeAs(List<String> user, Path jars, Path dir, String... op)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(dir.toString()));
    args.addAll(List.of(op));
    List<String> cmd = new ArrayList<>(user);
    cmd.addAll(ChildJvm.commandWithCopiedClasspath(jars, StoreProbeMain.class,
        args.toArray(String[]::new)));
    try (ChildJvm child = ChildJvm.start(cmd, null)) {
      String answer = child.readLine(STEP);
      assertThat(answer).as("probe answer; stderr: %s", child.stderr()).isNotNull()
          .isNotEqualTo(ChildJvm.EOF);
      child.waitFor(STEP);
      return answer;
    }
  }

  // --- Read-only --------------------------------------------------------------------------------

  @Test
  void anImmutableDirectoryRefusesWritesAndStillServes() throws Exception {
    require(Os.isRoot(), "chattr +i needs root, and this JVM is not root");
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1, 10));
    store.write(record(2, 10));
    byte[] before = Files.readAllBytes(store.fileOf(StoreProbeMain.KEY));
    require(Os.chattr(dir, true), "chattr +i is not supported on this file system (or chattr"
        + " is missing: e2fsprogs)");
    try {
      assertThatThrownBy(() -> store.write(record(3, 10)))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining("cannot write token file")
          .hasMessageContaining("Operation not permitted")
          .hasMessageContaining("the previous record is intact")
          .hasMessageNotContaining("PROBE-");
      assertThat(Files.readAllBytes(store.fileOf(StoreProbeMain.KEY))).isEqualTo(before);
      assertThat(store.load(StoreProbeMain.KEY)).contains(record(2, 10));
      assertThat(temporaries(dir)).isEmpty();

      // Corrupt (the file's contents can change; the directory's entries cannot): the newest
      // valid generation is served, unrepaired, and the bad file stays where it is.
      Files.writeString(store.fileOf(StoreProbeMain.KEY), "{\"trunc");
      assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
      assertThat(Files.readString(store.fileOf(StoreProbeMain.KEY))).isEqualTo("{\"trunc");
    } finally {
      Os.chattr(dir, false);
    }
  }

  @Test
  void aReadOnlyMountRefusesWritesAndStillServes() throws Exception {
    require(Os.isRoot(), "mounts need root, and this JVM is not root");
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1, 10));
    byte[] before = Files.readAllBytes(store.fileOf(StoreProbeMain.KEY));
    require(Os.run("mount", "--bind", dir.toString(), dir.toString()).ok(),
        "bind mounts are not allowed here (a container without CAP_SYS_ADMIN?)");
    mounted = dir;
    require(Os.run("mount", "-o", "remount,bind,ro", dir.toString()).ok(),
        "read-only remounts are not allowed here");
    assertThatThrownBy(() -> store.write(record(2, 10)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("Read-only file system");
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
    assertThat(store.keys()).containsExactly(StoreProbeMain.KEY);
    assertThat(Files.readAllBytes(store.fileOf(StoreProbeMain.KEY))).isEqualTo(before);
  }

  /**
   * A directory open to others is refused before anything is tried: the store no longer attempts
   * to restrict a directory it did not create (under {@code chattr +i} such an attempt would fail
   * with "Operation not permitted"; it must not even be made).
   */
  @Test
  void aSharedDirectoryIsRefusedWithoutAnAttemptToChangeIt() throws Exception {
    require(Os.isRoot(), "chattr +i needs root, and this JVM is not root");
    Path dir = tmp.resolve("tokens");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    FileTokenStore store = FileTokenStore.of(dir);
    require(Os.chattr(dir, true), "chattr +i is not supported on this file system (or chattr"
        + " is missing: e2fsprogs)");
    try {
      assertThatThrownBy(() -> store.write(record(1, 10)))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining("open to group or others")
          .hasMessageContaining("chmod 700")
          .hasMessageNotContaining("Operation not permitted");
      assertThatThrownBy(() -> store.locker().orElseThrow()
          .acquire(StoreProbeMain.KEY, Duration.ofMinutes(1), Duration.ofSeconds(1)))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining("open to group or others");
    } finally {
      Os.chattr(dir, false);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwxr-xr-x");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  // --- Full --------------------------------------------------------------------------------------

  @Test
  void aFullDiskFailsTheWriteAndKeepsTheRecord() throws Exception {
    Path mount = smallTmpfs();
    Path dir = mount.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1, 10));
    byte[] before = Files.readAllBytes(store.fileOf(StoreProbeMain.KEY));
    Path filler = fillUp(mount);
    assertThatThrownBy(() -> store.write(record(2, 40_000)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("the previous record is intact")
        .hasMessageNotContaining("PROBE-");
    assertThat(Files.readAllBytes(store.fileOf(StoreProbeMain.KEY))).isEqualTo(before);
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
    assertThat(temporaries(dir)).isEmpty();
    // Space again: the same write goes through.
    Files.delete(filler);
    store.write(record(2, 40_000));
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(2, 40_000));
  }

  /**
   * A corrupt file on a full disk: the backup serves, and the grant never looks absent although
   * neither the repair nor a new write can complete.
   */
  @Test
  void aCorruptFileOnAFullDiskNeverMakesTheGrantLookAbsent() throws Exception {
    Path mount = smallTmpfs();
    Path dir = mount.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1, 10));
    store.write(record(2, 10));
    Files.writeString(store.fileOf(StoreProbeMain.KEY), "{\"trunc"); // in place: no new block
    Path filler = fillUp(mount);
    for (int i = 0; i < 2; i++) {
      assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
      assertThat(store.fileOf(StoreProbeMain.KEY)).exists();
    }
    assertThatThrownBy(() -> store.write(record(3, 10)))
        .isExactlyInstanceOf(TokenStoreException.class).hasMessageContaining("No space left");
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
    Files.delete(filler);
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
    assertThat(TokenRecord.fromJson(Files.readString(store.fileOf(StoreProbeMain.KEY))))
        .as("repaired once there was room").isEqualTo(record(1, 10));
    store.write(record(3, 10));
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(3, 10));
  }

  /**
   * A umask that takes the owner's bits ({@code 0277}: files come out {@code r--------}): the
   * store, which looks once per store at what creating a file {@code rw-------} gives instead of
   * setting the mode on every write, must see it and set {@code rw-------} on every file it
   * writes, the first and the later ones.
   */
  @Test
  void aUmaskThatTakesTheOwnersBitsStillGivesOwnerReadWriteFiles() throws Exception {
    require(Os.isLinux() && Os.run("bash", "-c", "umask 0277").ok(),
        "bash's umask is needed to start a child under another umask (not Linux, or no bash)");
    Path dir = tmp.resolve("tokens");
    assertThat(probe(Os.withUmask("0277"), dir, "writes", "1", "3", "10"))
        .isEqualTo("OK written");
    FileTokenStore store = FileTokenStore.of(dir);
    Path current = store.fileOf(StoreProbeMain.KEY);
    // The current file is the third write's; generations 1 and 2 were the first and second.
    for (Path p : List.of(current, current.resolveSibling(current.getFileName() + "~bak-1"),
        current.resolveSibling(current.getFileName() + "~bak-2"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as("%s", p.getFileName()).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(3, 10));
  }

  @Test
  void aFileSizeLimitFailsTheWriteAndKeepsTheRecord() throws Exception {
    require(Os.isLinux() && Os.run("bash", "-c", "ulimit -f 8").ok(),
        "bash's ulimit -f is needed to limit a child's file size (not Linux, or no bash)");
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1, 10));
    byte[] before = Files.readAllBytes(store.fileOf(StoreProbeMain.KEY));
    // 8 KiB files at most: a 20 KB token cannot be written (EFBIG; the JVM ignores SIGXFSZ).
    String answer = probe(Os.withFileSizeLimit(8), dir, "write", "2", "20000");
    assertThat(answer)
        .startsWith("ERR TokenStoreException cannot write token file")
        .contains("File too large")
        .contains("the previous record is intact")
        .doesNotContain("PROBE-");
    assertThat(Files.readAllBytes(store.fileOf(StoreProbeMain.KEY))).isEqualTo(before);
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(1, 10));
    assertThat(temporaries(dir)).isEmpty();
    // The same limit lets a small record through: the limit, not the store, refused.
    assertThat(probe(Os.withFileSizeLimit(8), dir, "write", "2", "10")).isEqualTo("OK written");
    assertThat(store.load(StoreProbeMain.KEY)).contains(record(2, 10));
  }
}
