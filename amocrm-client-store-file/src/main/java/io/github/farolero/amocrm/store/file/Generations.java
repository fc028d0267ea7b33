package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.file.TokenFileCodec.CorruptException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a grant keeps beside its current file: the backup generations ({@code ~bak-<version>},
 * kept before a record is replaced, pruned to the newest N) and the corrupt files moved aside
 * ({@code ~corrupt-<timestamp>}, never deleted), and the recovery of a corrupt current file from
 * the newest valid generation.
 *
 * <p>It takes no lock: {@link CurrentFiles} calls every method that changes a file under the
 * grant's write lock.
 */
final class Generations {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.store.file");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final int backups;
  private final @Nullable TokenCipher cipher;
  private final Clock clock;
  private final boolean posix;
  private final SecureFiles.CreatedMode createdMode;

  /** A readable backup generation. */
  record Generation(Path file, byte[] bytes, TokenRecord record) {}

  /** Creates the keeper of one directory's generations; touches no file. */
  Generations(Path dir, int backups, @Nullable TokenCipher cipher, Clock clock, boolean posix,
      SecureFiles.CreatedMode createdMode) {
    this.dir = dir;
    this.backups = backups;
    this.cipher = cipher;
    this.clock = clock;
    this.posix = posix;
    this.createdMode = createdMode;
  }

  /** Returns true if replaced records are kept at all ({@code backups(0)} keeps none). */
  boolean enabled() {
    return backups > 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Backups.

  /**
   * Keeps the current record as a backup generation before it is replaced: a hard link (no copy),
   * or a crash-safe copy where links are not supported.
   *
   * <p>One {@code link(current, generation)}: the generation's name appears at once, naming the
   * whole current file, or not at all, so a crash at any moment leaves the current file as it
   * was and at most a whole generation beside it. Only if that name exists already (a writer
   * that died after its link, which left the same record; a generation restored over a corrupt
   * file) is the generation replaced the long way: a link under a temporary name renamed over it.
   *
   * @param current the grant's current file
   * @param version the version it holds, which names the generation
   * @param bytes its contents, for the copy
   */
  void keep(GrantKey key, Path current, long version, byte[] bytes) throws IOException {
    Path generation = dir.resolve(GrantFileNames.backup(key, version));
    try {
      Files.createLink(generation, current);
      return;
    } catch (FileAlreadyExistsException exists) {
      // Replaced below, atomically.
    } catch (UnsupportedOperationException | IOException linkFailed) {
      copyInstead(key, generation, bytes, linkFailed);
      return;
    }
    Path link = dir.resolve(GrantFileNames.tempPrefix(key) + "link-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createLink(link, current);
      Files.move(link, generation, StandardCopyOption.ATOMIC_MOVE);
    } catch (UnsupportedOperationException | IOException linkFailed) {
      Files.deleteIfExists(link);
      copyInstead(key, generation, bytes, linkFailed);
    }
  }

  /** Where the link failed, writes the generation as a crash-safe copy (not on a full disk). */
  private void copyInstead(GrantKey key, Path generation, byte[] bytes, Exception linkFailed)
      throws IOException {
    if (linkFailed instanceof FileSystemException fse && isNoSpace(fse)) {
      throw fse;
    }
    SecureFiles.writeAtomically(dir, generation, GrantFileNames.tempPrefix(key), bytes, posix,
        createdMode);
  }

  /**
   * Removes the generations past the newest N; a failure is logged, never thrown.
   *
   * @param names the directory's entries, listed under the write lock before this write (so they
   *     hold every generation of the grant but the one this write kept)
   * @param kept the version this write kept as a generation, or -1 if none
   */
  void prune(GrantKey key, String[] names, long kept) {
    List<Map.Entry<Long, String>> all = new ArrayList<>();
    String keptName = kept < 0 ? null : GrantFileNames.backup(key, kept);
    String prefix = GrantFileNames.backupPrefix(key);
    for (String name : names) {
      long v = name.startsWith(prefix) ? GrantFileNames.backupVersion(key, name) : -1;
      if (v >= 0 && !name.equals(keptName)) {
        all.add(Map.entry(v, name));
      }
    }
    if (keptName != null) {
      all.add(Map.entry(kept, keptName));
    }
    if (all.size() <= backups) {
      return;
    }
    all.sort(Map.Entry.<Long, String>comparingByKey().reversed());
    for (int i = backups; i < all.size(); i++) {
      Path old = dir.resolve(all.get(i).getValue());
      try {
        SecureFiles.delete(old);
      } catch (IOException e) {
        log.warn("could not remove the old backup generation {}: {}", old,
            SecureFiles.describe(e));
      }
    }
  }

  /** Returns the grant's backup generations, newest version first. */
  List<Path> list(GrantKey key) {
    String prefix = GrantFileNames.backupPrefix(key);
    List<Path> found = new ArrayList<>(SecureFiles.list(dir, name -> name.startsWith(prefix)
        && GrantFileNames.backupVersion(key, name) >= 0));
    found.sort(Comparator.comparingLong(
        (Path p) -> GrantFileNames.backupVersion(key, p.getFileName().toString())).reversed());
    return found;
  }

  /** Returns the newest generation that decodes as the grant's record, or null if none does. */
  @Nullable Generation newestValid(GrantKey key) {
    for (Path p : list(key)) {
      try {
        byte[] bytes = SecureFiles.read(p, TokenFileCodec.MAX_BYTES);
        if (bytes == null) {
          continue;
        }
        return new Generation(p, bytes, TokenFileCodec.decode(bytes, key, cipher).record());
      } catch (CorruptException e) {
        log.warn("backup generation {} of {} is not usable either: it {}", p.getFileName(), key,
            e.getMessage());
      } catch (IOException | TokenStoreException e) {
        log.warn("backup generation {} of {} is not usable: {}", p.getFileName(), key,
            SecureFiles.describe(e));
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Corrupt current files.

  /**
   * Recovers a corrupt current file, under the grant's write lock: keeps it aside and puts the
   * newest valid generation in its place. If the repair cannot be made (a full disk), that
   * generation is served all the same and the corrupt file stays current, to be tried again.
   *
   * @return the record to serve
   * @throws TokenStoreException if no valid generation exists (the file is left in place)
   */
  TokenRecord restore(GrantKey key, Path current, String reason) {
    Generation g = newestValid(key);
    if (g == null) {
      throw corruptWithoutBackup(key, current, reason, null);
    }
    Path aside;
    try {
      aside = keepAside(key, current);
      SecureFiles.writeAtomically(dir, current, GrantFileNames.tempPrefix(key), g.bytes(), posix,
          createdMode);
    } catch (IOException | TokenStoreException e) {
      log.error("token file {} of {} is corrupt ({}); serving backup generation {}, but could"
          + " not repair the file: {}", current, key, reason, g.file().getFileName(),
          SecureFiles.describe(e));
      return g.record();
    }
    log.error("token file {} of {} was corrupt ({}); kept it aside as {} and restored backup"
        + " generation {} (version {})", current, key, reason, aside.getFileName(),
        g.file().getFileName(), g.record().version());
    return g.record();
  }

  /**
   * Serves the newest valid generation of a corrupt current file without repairing it, because
   * the write lock could not be taken (a read-only directory).
   *
   * @throws TokenStoreException if no valid generation exists
   */
  TokenRecord serveUnrepaired(GrantKey key, Path current, String reason,
      TokenStoreException lockFailure) {
    Generation g = newestValid(key);
    if (g == null) {
      throw corruptWithoutBackup(key, current, reason, lockFailure);
    }
    log.error("token file {} of {} is corrupt ({}); serving backup generation {} without"
        + " repairing it, because the write lock cannot be taken: {}", current, key, reason,
        g.file().getFileName(), lockFailure.getMessage());
    return g.record();
  }

  /**
   * Keeps the corrupt current file under a {@code ~corrupt-<timestamp>} name, leaving the current
   * name in place (a hard link, or a copy where links fail). The caller then replaces the current
   * file atomically, so the grant never looks absent: if the replacement fails, the corrupt file
   * is still current and the next load tries again.
   *
   * @return the name it was kept under
   */
  Path keepAside(GrantKey key, Path current) throws IOException {
    String base = GrantFileNames.corruptPrefix(key) + STAMP.format(clock.instant());
    Path aside = dir.resolve(base);
    for (int i = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); i++) {
      aside = dir.resolve(base + "-" + i);
    }
    try {
      Files.createLink(aside, current);
    } catch (UnsupportedOperationException | IOException linkFailed) {
      if (linkFailed instanceof FileSystemException fse && isNoSpace(fse)) {
        throw fse;
      }
      Path copy = dir.resolve(GrantFileNames.tempPrefix(key) + "aside-"
          + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      try {
        Files.copy(current, copy, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, aside, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(copy);
      }
    }
    SecureFiles.fsyncDirectory(dir, posix);
    return aside;
  }

  private static TokenStoreException corruptWithoutBackup(GrantKey key, Path file, String reason,
      @Nullable Throwable cause) {
    String m = "token file " + file + " of " + key + " is corrupt (it " + reason + ") and no"
        + " valid backup generation exists; it is left in place for inspection, and the next"
        + " write (authorize again) moves it aside";
    log.error("{}", m);
    return new TokenStoreException(m, cause);
  }

  /** A full disk is not a reason to try a copy instead of a link: the copy needs more room. */
  private static boolean isNoSpace(FileSystemException e) {
    String r = e.getReason();
    return r != null && (r.contains("No space") || r.contains("quota"));
  }
}
