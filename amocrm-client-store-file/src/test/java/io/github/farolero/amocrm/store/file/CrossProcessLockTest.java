package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.harness.ChildJvm;
import io.github.farolero.amocrm.store.file.harness.CrashRecords;
import io.github.farolero.amocrm.store.file.harness.CrashWriterMain;
import io.github.farolero.amocrm.store.file.harness.LockHolderMain;
import io.github.farolero.amocrm.store.file.harness.Waiter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-grant locks exclude other processes; a dead holder's lock is freed by the OS. Where a
 * test says a waiter waits, it sees the waiting thread parked inside the lock's acquire ({@link
 * Waiter#assertBlockedIn}) while the other process holds the lock, and sees it return only after
 * the holder let go.
 */
class CrossProcessLockTest {

  private static final Duration STEP = Duration.ofSeconds(60);
  private static final GrantKey KEY = GrantKey.of("locked.amocrm.ru");
  /** Where a thread waiting for a file lock is parked. */
  private static final String SLOT = "io.github.farolero.amocrm.store.file.FileLocks$Slot";
  private static final Duration SEEN_WITHIN = Duration.ofSeconds(10);
  private static final Duration HELD_FOR = Duration.ofMillis(300);

  @TempDir Path tmp;

  @Test
  void refreshLockHeldByAnotherProcessTimesOutThenDiesWithItsHolder() throws Exception {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    GrantLocker locker = store.locker().orElseThrow();
    assertThat(locker.scope()).isEqualTo(LockScope.HOST);
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, dir.toString(), KEY.domain(),
        "refresh")) {
      holder.expect("LOCKED", STEP);
      assertThatThrownBy(() -> locker.acquire(KEY, Duration.ofMinutes(1), Duration.ofMillis(300)))
          .isExactlyInstanceOf(LockTimeoutException.class)
          .hasMessageContaining(KEY.domain())
          .hasMessageContaining("another process");
      // Another grant is not excluded.
      try (GrantLock other = locker.acquire(GrantKey.of("other.amocrm.ru"), Duration.ofMinutes(1),
          Duration.ofSeconds(10))) {
        assertThat(other.key().domain()).isEqualTo("other.amocrm.ru");
      }
      // A waiter with time to spare blocks while the holder lives...
      Waiter<GrantLock> waiter = Waiter.start("refresh-waiter",
          () -> locker.acquire(KEY, Duration.ofMinutes(1), Duration.ofSeconds(30)));
      waiter.assertBlockedIn(SLOT, "acquire", SEEN_WITHIN, HELD_FOR);
      holder.kill(); // SIGKILL: no release, no cleanup; the kernel drops its locks
      // ...and gets the lock once the holder is dead.
      try (GrantLock mine = waiter.get(STEP)) {
        assertThat(mine.key()).isEqualTo(KEY);
      }
    }
  }

  @Test
  void refreshLockReleasedByAnotherProcessIsTakenByAWaiter() throws Exception {
    Path dir = tmp.resolve("tokens");
    GrantLocker locker = FileTokenStore.of(dir).locker().orElseThrow();
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, dir.toString(), KEY.domain(),
        "refresh")) {
      holder.expect("LOCKED", STEP);
      Waiter<GrantLock> waiter = Waiter.start("refresh-waiter",
          () -> locker.acquire(KEY, Duration.ofMinutes(1), Duration.ofSeconds(30)));
      waiter.assertBlockedIn(SLOT, "acquire", SEEN_WITHIN, HELD_FOR);
      holder.send("RELEASE");
      holder.expect("RELEASED", STEP);
      try (GrantLock mine = waiter.get(STEP)) {
        assertThat(mine.key()).isEqualTo(KEY);
      }
    }
  }

  @Test
  void writesWaitForAnotherProcessesWriteLockAndGiveUpClearly() throws Exception {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.builder().directory(dir)
        .lockWait(Duration.ofMillis(300)).build();
    TokenRecord v1 = new TokenRecord(KEY, "SECRET-a1", "SECRET-r1",
        java.time.Instant.parse("2026-01-02T00:00:00Z"),
        java.time.Instant.parse("2026-01-01T00:00:00Z"), KEY.domain(), 1);
    store.write(v1);
    byte[] before = Files.readAllBytes(store.fileOf(KEY));
    try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, dir.toString(), KEY.domain(),
        "write")) {
      holder.expect("LOCKED", STEP);
      long started = System.nanoTime();
      assertThatThrownBy(() -> store.write(v1.withVersion(2)))
          .isExactlyInstanceOf(LockTimeoutException.class)
          .hasMessageContaining("write lock")
          .hasMessageContaining("another process")
          .hasMessageNotContaining("SECRET");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the wait before giving up")
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(Files.readAllBytes(store.fileOf(KEY))).isEqualTo(before);
      // Reads never wait for the write lock.
      assertThat(store.load(KEY)).contains(v1);
      // A writer with time to spare waits while the holder lives, then writes.
      FileTokenStore patient = FileTokenStore.builder().directory(dir)
          .lockWait(Duration.ofSeconds(30)).build();
      Waiter<Boolean> writer = Waiter.start("writer", () -> {
        patient.write(v1.withVersion(2));
        return true;
      });
      writer.assertBlockedIn(SLOT, "acquire", SEEN_WITHIN, HELD_FOR);
      assertThat(Files.readAllBytes(store.fileOf(KEY))).isEqualTo(before);
      holder.kill();
      assertThat(writer.get(STEP)).isTrue();
      assertThat(store.load(KEY).orElseThrow().version()).isEqualTo(2);
    }
  }

  @Test
  void loadSeesWhatAnotherProcessWrote() throws Exception {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(CrashRecords.record(1));
    assertThat(store.load(CrashRecords.KEY)).contains(CrashRecords.record(1));
    try (ChildJvm writer = ChildJvm.start(CrashWriterMain.class, dir.toString(),
        tmp.resolve("scratch").toString(), "3")) {
      writer.expect("STARTED", STEP);
      writer.send("GO");
      writer.expect("ACK 4", STEP);
      assertThat(writer.waitFor(STEP)).isZero();
    }
    // The same store object, no reopening: nothing is cached.
    assertThat(store.load(CrashRecords.KEY)).contains(CrashRecords.record(4));
  }
}
