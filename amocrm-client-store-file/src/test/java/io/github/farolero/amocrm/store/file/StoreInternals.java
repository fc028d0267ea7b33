package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The package-private parts of the file store that the harness's child JVMs (another package)
 * need: test code only, so the published jar keeps them hidden.
 */
public final class StoreInternals {

  private StoreInternals() {}

  /** Takes a grant's write lock (the one every write of the store takes) in a directory. */
  public static GrantLock writeLock(Path dir, GrantKey key, Duration maxWait) throws IOException {
    return FileLocks.acquire(dir.toRealPath().resolve(GrantFileNames.writeLock(key)), key,
        Duration.ofMinutes(10), maxWait, "write lock", "probe");
  }

  /** Returns the start of the names of a grant's temporary files ({@code <current>~tmp-}). */
  public static String tempPrefix(GrantKey key) {
    return GrantFileNames.tempPrefix(key);
  }
}
