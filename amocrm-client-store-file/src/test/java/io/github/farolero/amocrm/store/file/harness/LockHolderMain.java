package io.github.farolero.amocrm.store.file.harness;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.file.StoreInternals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Holds one of a grant's locks in a child JVM until told to release it ({@code RELEASE} on
 * stdin) or killed. Prints {@code LOCKED} once held, {@code RELEASED} after.
 *
 * <p>Args: directory, domain, {@code refresh} (the store's GrantLocker) or {@code write} (the
 * lock the store's writes take).
 */
public final class LockHolderMain {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    GrantKey key = GrantKey.of(args[1]);
    FileTokenStore store = FileTokenStore.of(dir);
    GrantLock lock;
    if (args[2].equals("refresh")) {
      lock = store.locker().orElseThrow().acquire(key, Duration.ofMinutes(10),
          Duration.ofSeconds(30));
    } else {
      // Owner-only, as the store makes it: it refuses a directory open to others (umask 022).
      java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions
          .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      lock = StoreInternals.writeLock(dir, key, Duration.ofSeconds(30));
    }
    System.out.println("LOCKED");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String line = in.readLine();
    if ("RELEASE".equals(line)) {
      lock.close();
      System.out.println("RELEASED");
      System.out.flush();
    }
    in.readLine(); // wait for the parent to close stdin or kill us
    System.exit(0);
  }
}
