package io.github.farolero.amocrm.store.file;

import static io.github.farolero.amocrm.store.file.Records.CANARY;
import static io.github.farolero.amocrm.store.file.Records.KEY;
import static io.github.farolero.amocrm.store.file.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import io.github.farolero.amocrm.store.file.harness.Waiter;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's own promises: layout, permissions, links, fresh reads, backups, recovery. */
class FileTokenStoreTest {

  @TempDir Path tmp;
  Path dir;
  MutableClock clock;
  FileTokenStore store;

  @BeforeEach
  void setUp() {
    dir = tmp.resolve("tokens");
    clock = MutableClock.at(Instant.parse("2026-03-05T06:07:08.009Z"));
    store = FileTokenStore.builder().directory(dir).clock(clock).build();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  // --- Layout and permissions ------------------------------------------------------------------

  @Test
  void buildTouchesNothingAndAMissingDirectoryHoldsNothing() {
    assertThat(dir).doesNotExist();
    assertThat(store.load(KEY)).isEmpty();
    assertThat(store.keys()).isEmpty();
    assertThat(store.delete(KEY)).isFalse();
    assertThat(dir).doesNotExist();
  }

  @Test
  void writeMakesAnOwnerOnlyDirectoryAndOwnerOnlyFiles() throws IOException {
    assumeTrue(SecureFiles.isPosix(tmp), "POSIX permissions");
    store.write(record(1));
    store.write(record(2));
    store.locker().orElseThrow().acquire(KEY, Duration.ofMinutes(1), Duration.ofSeconds(5))
        .close();
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(names()).containsExactly("example.amocrm.ru.json", "example.amocrm.ru.json~bak-1",
        "example.amocrm.ru.json~lock", "example.amocrm.ru.json~write-lock");
    for (String name : names()) {
      assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
    }
    assertThat(store.fileOf(KEY)).isEqualTo(dir.resolve("example.amocrm.ru.json"));
    assertThat(Files.readString(store.fileOf(KEY))).contains("\"access_token\"")
        .contains("\"version\": 2");
  }

  /** A directory the store did not create keeps its mode: one open to others is refused. */
  @Test
  void anExistingDirectoryOpenToOthersIsRefusedAndKeepsItsMode() throws IOException {
    assumeTrue(SecureFiles.isPosix(tmp), "POSIX permissions");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    GrantLocker locker = store.locker().orElseThrow();
    List<ThrowingCallable> uses = List.of(
        () -> store.write(record(1)),
        () -> store.load(KEY),
        () -> store.keys(),
        () -> store.delete(KEY),
        () -> locker.acquire(KEY, Duration.ofMinutes(1), Duration.ofSeconds(1)).close());
    for (ThrowingCallable use : uses) {
      assertThatThrownBy(use)
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("rwxr-xr-x")
          .hasMessageContaining("0755")
          .hasMessageContaining("chmod 700 " + dir)
          .hasMessageContaining("allowSharedDirectory()");
    }
    assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
    assertThat(names()).isEmpty();
    // Any group or others bit is enough; the owner's fix is then honoured as it is.
    for (String shared : List.of("rwx-----x", "rwxrwx---", "rwx---rw-", "rwx--x---")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(shared));
      assertThatThrownBy(() -> store.write(record(1))).as(shared)
          .isExactlyInstanceOf(TokenStoreException.class).hasMessageContaining(shared);
      assertThat(mode(dir)).isEqualTo(shared);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    store.write(record(1));
    assertThat(store.load(KEY)).contains(record(1));
  }

  /** The option accepts a shared directory and still leaves its mode alone. */
  @Test
  void withAllowSharedDirectoryASharedDirectoryIsUsedAndKeepsItsMode() throws IOException {
    assumeTrue(SecureFiles.isPosix(tmp), "POSIX permissions");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    FileTokenStore shared = FileTokenStore.builder().directory(dir).allowSharedDirectory().build();
    shared.write(record(1));
    shared.write(record(2));
    shared.locker().orElseThrow().acquire(KEY, Duration.ofMinutes(1), Duration.ofSeconds(5))
        .close();
    assertThat(shared.load(KEY)).contains(record(2));
    assertThat(shared.keys()).containsExactly(KEY);
    assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
    for (String name : names()) {
      assertThat(mode(dir.resolve(name))).as(name).isEqualTo("rw-------");
    }
    assertThat(shared.delete(KEY)).isTrue();
    assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
    assertThat(shared.toString()).contains("sharedDirectoryAllowed");
  }

  /** With the option too, a directory the store makes is owner-only. */
  @Test
  void aDirectoryTheStoreCreatesIsOwnerOnlyEvenWhenSharingIsAllowed() throws IOException {
    assumeTrue(SecureFiles.isPosix(tmp), "POSIX permissions");
    Path nested = tmp.resolve("volume").resolve("tokens");
    FileTokenStore shared = FileTokenStore.builder().directory(nested).allowSharedDirectory()
        .build();
    shared.write(record(1));
    assertThat(mode(nested)).isEqualTo("rwx------");
    store.write(record(1));
    assertThat(mode(dir)).isEqualTo("rwx------");
  }

  /** An owner-only directory that is not rwx------ is the owner's choice: never changed. */
  @Test
  void anExistingOwnerOnlyDirectoryIsNotChangedEither() throws IOException {
    assumeTrue(SecureFiles.isPosix(tmp), "POSIX permissions");
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    try {
      // Root writes anyway; another user gets "permission denied". Either way: no chmod.
      store.write(record(1));
    } catch (TokenStoreException expectedWithoutRoot) {
      assertThat(expectedWithoutRoot).hasMessageContaining("ermission denied");
    } finally {
      assertThat(mode(dir)).isEqualTo("r-x------");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void grantsWithClientIdsAndOddKeysStayInsideTheDirectory() throws IOException {
    List<GrantKey> keys = List.of(
        GrantKey.of("example.amocrm.ru", "Client_ID-1"),
        GrantKey.of("example.amocrm.ru", ".."),
        GrantKey.of("example.amocrm.ru", "."),
        GrantKey.of("con.amocrm.ru"),
        GrantKey.of("nul"),
        GrantKey.of("shop.kommo.com", "x".repeat(128)),
        GrantKey.of("a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + ".amocrm.ru",
            "Z".repeat(128)));
    for (int i = 0; i < keys.size(); i++) {
      store.write(record(keys.get(i), i + 1));
    }
    for (int i = 0; i < keys.size(); i++) {
      assertThat(store.load(keys.get(i))).contains(record(keys.get(i), i + 1));
      Path file = store.fileOf(keys.get(i));
      assertThat(file.getParent()).isEqualTo(dir);
      assertThat(file.getFileName().toString()).hasSizeLessThan(220).doesNotContain("/", "\\")
          .doesNotStartWith(".");
    }
    assertThat(store.keys()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(names()).contains("example.amocrm.ru@%43lient%5F%49%44-1.json",
        "%63on.amocrm.ru.json", "%6Eul.json");
  }

  /** Domains may look like other grants' file names; each grant's files stay its own. */
  @Test
  void grantsWhoseNamesExtendAnothersDoNotTouchEachOther() throws IOException {
    List<GrantKey> keys = List.of(GrantKey.of("a.amocrm.ru"), GrantKey.of("a.amocrm.ru.json"),
        GrantKey.of("a.amocrm.ru.json.tmp-x"), GrantKey.of("a.amocrm.ru.json.bak-5"),
        GrantKey.of("a.amocrm.ru.json.corrupt-1"), GrantKey.of("a.amocrm.ru.lock"));
    for (int round = 1; round <= 3; round++) {
      for (GrantKey k : keys) {
        store.write(record(k, round));
      }
    }
    for (GrantKey k : keys) {
      assertThat(store.load(k)).contains(record(k, 3));
    }
    assertThat(store.keys()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(store.delete(keys.get(0))).isTrue();
    for (GrantKey k : keys.subList(1, keys.size())) {
      assertThat(store.load(k)).contains(record(k, 3));
      assertThat(names()).contains(GrantFileNames.backup(k, 2));
    }
  }

  // --- Links ---------------------------------------------------------------------------------

  @Test
  void aTokenFileThatIsASymlinkIsRefusedNotFollowed() throws IOException {
    store.write(record(1));
    Path elsewhere = tmp.resolve("elsewhere.json");
    Files.writeString(elsewhere, record(5).toJson());
    Files.delete(store.fileOf(KEY));
    Files.createSymbolicLink(store.fileOf(KEY), elsewhere);
    assertThatThrownBy(() -> store.load(KEY))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("symbolic link")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> store.write(record(9)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(elsewhere)).isEqualTo(record(5).toJson());
    assertThat(Files.isSymbolicLink(store.fileOf(KEY))).isTrue();
  }

  @Test
  void aDirectoryThatIsASymlinkIsRefused() throws IOException {
    Path real = tmp.resolve("real");
    Files.createDirectories(real);
    Files.createSymbolicLink(dir, real);
    assertThatThrownBy(() -> store.write(record(1)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.load(KEY))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.locker().orElseThrow()
        .acquire(KEY, Duration.ofMinutes(1), Duration.ofSeconds(1)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("symbolic link");
    try (Stream<Path> inside = Files.list(real)) {
      assertThat(inside).isEmpty();
    }
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsAClearError() throws IOException {
    Files.writeString(dir, "I am a file");
    assertThatThrownBy(() -> store.load(KEY))
        .isExactlyInstanceOf(TokenStoreException.class).hasMessageContaining("not a directory");
    assertThatThrownBy(() -> store.write(record(1)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> store.keys())
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("not a directory");
  }

  // --- Fresh reads, versions -----------------------------------------------------------------

  @Test
  void everyLoadSeesTheLatestFileNoMatterWhoWroteIt() throws IOException {
    FileTokenStore other = FileTokenStore.of(dir);
    store.write(record(1));
    assertThat(other.load(KEY)).contains(record(1));
    other.write(record(2));
    assertThat(store.load(KEY)).contains(record(2));
    // Replaced behind the store's back (same size class, same second): still seen.
    Files.writeString(store.fileOf(KEY), record(3).toJson());
    assertThat(store.load(KEY)).contains(record(3));
    assertThat(other.load(KEY)).contains(record(3));
  }

  @Test
  void staleAndEqualVersionsAreRefusedAndChangeNothing() throws IOException {
    store.write(record(4));
    byte[] before = Files.readAllBytes(store.fileOf(KEY));
    List<String> namesBefore = names();
    for (long v : new long[] {4, 3, 0}) {
      assertThatThrownBy(() -> store.write(record(v)))
          .isExactlyInstanceOf(TokenVersionConflictException.class)
          .hasMessageContaining("holds version 4")
          .hasMessageNotContaining(CANARY);
    }
    assertThat(Files.readAllBytes(store.fileOf(KEY))).isEqualTo(before);
    assertThat(names()).isEqualTo(namesBefore);
  }

  @Test
  void aWriterWaitsForTheWriteLockOnlyAsLongAsAllowed() throws Exception {
    FileTokenStore impatient = FileTokenStore.builder().directory(dir)
        .lockWait(Duration.ofMillis(200)).build();
    impatient.write(record(1));
    Path lockFile = dir.toRealPath().resolve(GrantFileNames.writeLock(KEY));
    try (GrantLock held = FileLocks.acquire(lockFile, KEY, Duration.ofMinutes(1),
        Duration.ofSeconds(5), "write lock", "test")) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> impatient.write(record(2)))
          .isExactlyInstanceOf(LockTimeoutException.class)
          .hasMessageContaining("write lock")
          .hasMessageContaining("in this JVM");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the wait before giving up")
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
      // Another thread's write, with the default wait, is parked in the lock while it is held.
      Waiter<Boolean> writer = Waiter.start("writer", () -> {
        store.write(record(2));
        return true;
      });
      writer.assertBlockedIn("io.github.farolero.amocrm.store.file.FileLocks$Slot", "acquire",
          Duration.ofSeconds(10), Duration.ofMillis(300));
      assertThat(store.load(KEY)).contains(record(1));
      held.close();
      assertThat(writer.get(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(impatient.load(KEY)).contains(record(2));
  }

  // --- Backups -------------------------------------------------------------------------------

  @Test
  void keepsTheNewestGenerationsAsBackups() throws IOException {
    FileTokenStore three = FileTokenStore.builder().directory(dir).backups(3).build();
    for (int v = 1; v <= 7; v++) {
      three.write(record(v));
    }
    assertThat(names()).containsExactly("example.amocrm.ru.json", "example.amocrm.ru.json~bak-4",
        "example.amocrm.ru.json~bak-5", "example.amocrm.ru.json~bak-6",
        "example.amocrm.ru.json~write-lock");
    for (int v = 4; v <= 6; v++) {
      assertThat(TokenRecord.fromJson(Files.readString(dir.resolve(
          "example.amocrm.ru.json~bak-" + v)))).isEqualTo(record(v));
    }
    // The default keeps five.
    store.write(record(8));
    store.write(record(9));
    assertThat(names().stream().filter(n -> n.contains("~bak-"))).hasSize(5);
  }

  @Test
  void noBackupsWhenAskedForNone() throws IOException {
    FileTokenStore none = FileTokenStore.builder().directory(dir).backups(0).build();
    for (int v = 1; v <= 3; v++) {
      none.write(record(v));
    }
    assertThat(names()).noneMatch(n -> n.contains("~bak-"));
  }

  @Test
  void aCorruptFileIsMovedAsideAndTheNewestValidGenerationRestored() throws IOException {
    for (int v = 1; v <= 3; v++) {
      store.write(record(v));
    }
    byte[] whole = Files.readAllBytes(store.fileOf(KEY));
    byte[] torn = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(store.fileOf(KEY), torn);

    assertThat(store.load(KEY)).contains(record(2));
    String aside = "example.amocrm.ru.json~corrupt-20260305T060708009Z";
    assertThat(names()).contains(aside);
    assertThat(Files.readAllBytes(dir.resolve(aside))).isEqualTo(torn);
    assertThat(TokenRecord.fromJson(Files.readString(store.fileOf(KEY)))).isEqualTo(record(2));
    // The next writer builds on the restored generation.
    assertThatThrownBy(() -> store.write(record(2)))
        .isExactlyInstanceOf(TokenVersionConflictException.class);
    store.write(record(3));
    assertThat(store.load(KEY)).contains(record(3));
    // A second corruption at the same instant gets its own name; nothing is overwritten.
    Files.writeString(store.fileOf(KEY), "{");
    assertThat(store.load(KEY)).contains(record(2));
    assertThat(names()).contains(aside, aside + "-2");
  }

  @Test
  void corruptBackupGenerationsAreSkipped() throws IOException {
    for (int v = 1; v <= 4; v++) {
      store.write(record(v));
    }
    Files.writeString(dir.resolve("example.amocrm.ru.json~bak-3"), "garbage");
    Files.writeString(store.fileOf(KEY), "");
    assertThat(store.load(KEY)).contains(record(2));
  }

  @Test
  void aCorruptFileWithoutBackupsFailsAndStaysUntilAWriteMovesItAside() throws IOException {
    store.write(record(1));
    Files.writeString(store.fileOf(KEY), "{\"format\":1,\"domain\":\"example.amocrm.ru\",\"acc");
    byte[] corrupt = Files.readAllBytes(store.fileOf(KEY));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> store.load(KEY))
          .isExactlyInstanceOf(TokenStoreException.class)
          .hasMessageContaining(store.fileOf(KEY).toString())
          .hasMessageContaining("corrupt")
          .hasMessageContaining("no valid backup");
      assertThat(Files.readAllBytes(store.fileOf(KEY))).isEqualTo(corrupt);
    }
    store.write(record(1)); // e.g. authorized again
    assertThat(store.load(KEY)).contains(record(1));
    assertThat(Files.readAllBytes(dir.resolve(
        "example.amocrm.ru.json~corrupt-20260305T060708009Z"))).isEqualTo(corrupt);
  }

  @Test
  void staleTemporaryFilesOfADeadWriterAreRemovedByTheNextWrite() throws IOException {
    store.write(record(1));
    Path dead = dir.resolve(GrantFileNames.tempPrefix(KEY) + "deadbeef");
    Files.writeString(dead, "{\"half\":");
    store.write(record(2));
    assertThat(dead).doesNotExist();
    assertThat(store.load(KEY)).contains(record(2));
  }

  @Test
  void deleteRemovesTheRecordAndItsBackupsButKeepsCorruptFilesAndLocks() throws IOException {
    for (int v = 1; v <= 3; v++) {
      store.write(record(v));
    }
    Path aside = dir.resolve(GrantFileNames.corruptPrefix(KEY) + "20200101T000000000Z");
    Files.writeString(aside, "evidence");
    assertThat(store.delete(KEY)).isTrue();
    assertThat(names()).containsExactly(aside.getFileName().toString(),
        "example.amocrm.ru.json~write-lock");
    assertThat(store.load(KEY)).isEmpty();
    assertThat(store.delete(KEY)).isFalse();
  }

  // --- Builder and names ---------------------------------------------------------------------

  @Test
  void builderChecksAtOnce() {
    assertThatThrownBy(() -> FileTokenStore.builder().build())
        .isExactlyInstanceOf(IllegalStateException.class).hasMessage("directory is required");
    assertThatThrownBy(() -> FileTokenStore.builder().directory(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("directory == null");
    assertThatThrownBy(() -> FileTokenStore.builder().backups(-1))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileTokenStore.builder().lockWait(Duration.ZERO))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileTokenStore.builder().cipher(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("cipher == null");
    assertThatThrownBy(() -> store.load(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("key == null");
    assertThatThrownBy(() -> store.write(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("record == null");
  }

  @Test
  void describesItselfWithoutSecrets() {
    store.write(record(1));
    assertThat(store.info().name()).isEqualTo("file:" + dir.toAbsolutePath());
    assertThat(store.info().writable()).isTrue();
    assertThat(store.info().durable()).isTrue();
    assertThat(store.toString()).contains(dir.toString()).contains("backups=5")
        .doesNotContain(CANARY);
    assertThat(store.directory()).isEqualTo(dir.toAbsolutePath());
  }
}
