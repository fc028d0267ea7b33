package io.github.farolero.amocrm.store.file.harness;

import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.file.StoreInternals;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The writer that PowerLossOrderTest runs under strace: saves the crash harness's records 1..n
 * to a directory and prints {@code SAVED <version>} after each save returned (the trace shows
 * that line as a write to fd 1: the moment the save was acknowledged).
 *
 * <p>Args: the directory, n, and the way to save:
 *
 * <ul>
 *   <li>{@code store}: {@link FileTokenStore#write}, the code under test;
 *   <li>{@code store-wasteful}: the same, then what the store used to do on every write besides
 *       (the directory's real path resolved, the directory listed once more): the negative
 *       control of the syscall budget ({@code SaveSyscallBudgetTest});
 *   <li>{@code no-dir-fsync}, {@code no-file-fsync}, {@code fsync-after-rename}: a test-only
 *       writer that makes the same temporary-file-and-rename save as the store, with one step
 *       dropped or moved. The negative controls: the trace check must report each of them.
 * </ul>
 */
public final class TracedWriterMain {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    String mode = args[2];
    PrintStream out = System.out;
    FileTokenStore store = FileTokenStore.of(dir);
    for (long v = 1; v <= n; v++) {
      TokenRecord r = CrashRecords.record(v);
      if (mode.equals("store")) {
        store.write(r);
      } else if (mode.equals("store-wasteful")) {
        store.write(r);
        dir.toRealPath();
        try (var entries = Files.list(dir)) {
          entries.count();
        }
      } else {
        brokenSave(dir, store.fileOf(r.key()),
            StoreInternals.tempPrefix(r.key()) + Long.toHexString(System.nanoTime()),
            (r.toJson() + "\n").getBytes(StandardCharsets.UTF_8), mode);
      }
      out.println("SAVED " + v);
      out.flush();
    }
    System.exit(0);
  }

  /** The store's save with one step dropped or moved, as the mode says. */
  private static void brokenSave(Path dir, Path target, String tempName, byte[] bytes,
      String mode) throws IOException {
    if (!Files.isDirectory(dir)) {
      // Owner-only, as the store makes it (it refuses a directory open to others).
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    }
    Path temp = dir.resolve(tempName);
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      switch (mode) {
        case "no-dir-fsync" -> ch.force(true);
        case "no-file-fsync" -> { }
        case "fsync-after-rename" -> {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          ch.force(true);
          fsyncDirectory(dir);
          return;
        }
        default -> throw new IllegalArgumentException("mode " + mode);
      }
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    if (!mode.equals("no-dir-fsync")) {
      fsyncDirectory(dir);
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
