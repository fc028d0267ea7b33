package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import io.github.farolero.amocrm.store.file.TokenFileCodec.CorruptException;
import io.github.farolero.amocrm.store.file.TokenFileCodec.Decoded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current file of each grant in one directory: the read, the compare-and-set write under the
 * grant's write lock (a temporary file written and fsynced, renamed over the current file, the
 * directory fsynced: {@link SecureFiles#writeAtomically}), delete, listing, and the locks. What is
 * kept beside the current file (backups, corrupt files moved aside, recovery) is {@link
 * Generations}'. {@code FileTokenStore} is its public face.
 */
final class CurrentFiles {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.store.file");
  private static final Duration WRITE_LEASE = Duration.ofDays(365);

  private final Path dir;
  private final String storeName;
  private final @Nullable TokenCipher cipher;
  private final Duration lockWait;
  private final boolean posix;
  private final Generations generations;
  /** True if the directory may be open to group or others (the files stay rw-------). */
  private final boolean allowSharedDirectory;
  /** Grants already logged as read from another format (logged once, not on every load). */
  private final Set<String> noted = ConcurrentHashMap.newKeySet();
  /** What creating a file rw------- gives in this directory; looked at on the first write. */
  private final SecureFiles.CreatedMode createdMode = new SecureFiles.CreatedMode();
  /** The directory's real path, with the identity (device, inode) it was resolved for. */
  private volatile @Nullable Resolved resolved;

  /** The real path of the directory whose file key (device and inode) is {@code fileKey}. */
  private record Resolved(Object fileKey, Path realPath) {}

  /** What a grant's current file holds. */
  private sealed interface Current permits Absent, Valid, Corrupt {}

  private record Absent() implements Current {}

  private record Valid(Decoded decoded, byte[] bytes) implements Current {}

  private record Corrupt(String reason) implements Current {}

  /** Creates the worker for one directory; touches no file. */
  CurrentFiles(Path dir, String storeName, int backups, @Nullable TokenCipher cipher,
      Duration lockWait, Clock clock, boolean allowSharedDirectory) {
    this.dir = dir;
    this.allowSharedDirectory = allowSharedDirectory;
    this.storeName = storeName;
    this.cipher = cipher;
    this.lockWait = lockWait;
    this.posix = SecureFiles.isPosix(dir);
    this.generations = new Generations(dir, backups, cipher, clock, posix, createdMode);
    if (!posix) {
      log.warn("the file system of {} has no POSIX permissions (Windows): the token files are"
          + " protected only by the directory's ACL; restrict it to the service account", dir);
    }
  }

  /**
   * Takes a grant's refresh lock ({@code FileTokenStore.locker()}), creating the directory if
   * needed.
   */
  GrantLock refreshLock(GrantKey key, Duration lease, Duration maxWait) {
    return FileLocks.acquire(lockFile(GrantFileNames.refreshLock(key)), key, lease, maxWait,
        "refresh lock", storeName);
  }

  /**
   * Makes the directory ready (created rwx------ if missing; an existing one is checked, never
   * changed) and returns a lock file's path in its real location, the key of the JVM-wide lock
   * slots.
   *
   * <p>The directory is looked at on every call (one {@code lstat}: a link, a file, a directory
   * opened to others are refused at once, as always). Its real path, which takes a {@code
   * readlink} per path element to resolve, is resolved once and again only when that look shows
   * another directory (another device and inode) than the one it was resolved for.
   */
  private Path lockFile(String name) {
    BasicFileAttributes a = SecureFiles.prepareDirectory(dir, posix, allowSharedDirectory);
    noteShared(a);
    Object fileKey = a.fileKey();
    Resolved r = resolved;
    if (r == null || fileKey == null || !r.fileKey().equals(fileKey)) {
      try {
        r = new Resolved(fileKey == null ? new Object() : fileKey, dir.toRealPath());
      } catch (IOException e) {
        throw new TokenStoreException("cannot resolve the token directory " + dir + ": "
            + SecureFiles.describe(e), e);
      }
      resolved = r;
    }
    return r.realPath().resolve(name);
  }

  /**
   * Looks at the directory without changing it: false if missing; refused if it is a link, not a
   * directory, or open to group or others (unless allowed).
   */
  private boolean directoryExists() {
    BasicFileAttributes a = SecureFiles.inspectDirectory(dir, posix, allowSharedDirectory);
    if (a == null) {
      return false;
    }
    noteShared(a);
    return true;
  }

  /** Warns once per store that its directory is open to others, as allowed. */
  private void noteShared(BasicFileAttributes a) {
    if (allowSharedDirectory && SecureFiles.isShared(a) && noted.add("shared directory")) {
      log.warn("the token directory {} is open to group or others, as allowed by"
          + " allowSharedDirectory(): they can see which grants it holds and, with write access,"
          + " remove or replace token files; the files themselves are rw-------", dir);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Load.

  /** Reads a grant's record; a corrupt file is moved aside and a valid generation restored. */
  Optional<TokenRecord> load(GrantKey key) {
    if (!directoryExists()) {
      return Optional.empty();
    }
    Path file = dir.resolve(GrantFileNames.current(key));
    Current cur = read(file, key);
    if (cur instanceof Valid v) {
      return Optional.of(served(key, file, v.decoded()));
    }
    if (cur instanceof Absent) {
      return Optional.empty();
    }
    return recover(key, file, (Corrupt) cur);
  }

  private TokenRecord served(GrantKey key, Path file, Decoded d) {
    if (d.format().isLegacy() && noted.add("legacy " + key)) {
      log.info("read {} in the {} format; it is rewritten in this library's format on the next"
          + " save", file, d.format());
    } else if (cipher != null && d.format() == TokenFileCodec.Format.LIBRARY
        && noted.add("plain " + key)) {
      log.warn("{} is not encrypted although a token key is configured; it is encrypted on the"
          + " next save", file);
    }
    return d.record();
  }

  /**
   * The current file is corrupt: under the write lock, the generations restore the newest valid
   * one over it. Without the lock (a read-only directory), that generation is served as it is.
   */
  private Optional<TokenRecord> recover(GrantKey key, Path file, Corrupt corrupt) {
    GrantLock lock;
    try {
      lock = writeLock(key);
    } catch (TokenStoreException e) {
      return Optional.of(generations.serveUnrepaired(key, file, corrupt.reason(), e));
    }
    try {
      Current again = read(file, key);
      if (again instanceof Valid v) {
        return Optional.of(served(key, file, v.decoded())); // repaired meanwhile
      }
      if (again instanceof Absent) {
        return Optional.empty();
      }
      return Optional.of(generations.restore(key, file, ((Corrupt) again).reason()));
    } finally {
      lock.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Write.

  /** Writes a record under the grant's write lock if its version is newer than the stored one. */
  void write(TokenRecord record) {
    GrantKey key = record.key();
    byte[] bytes = TokenFileCodec.encode(record, cipher);
    if (bytes.length > TokenFileCodec.MAX_BYTES) {
      throw new TokenStoreException("the record of " + key + " is " + bytes.length
          + " bytes, over the " + TokenFileCodec.MAX_BYTES + "-byte limit of a token file");
    }
    Path file = dir.resolve(GrantFileNames.current(key));
    try (GrantLock ignored = writeLock(key)) {
      // One listing per write, under the lock: the stale temporaries to remove now, and the
      // generations that the pruning below counts (no other writer of the grant runs meanwhile).
      String[] names = SecureFiles.listNames(dir);
      removeStaleTemporaries(key, names);
      Current cur = read(file, key);
      long stored = -1;
      if (cur instanceof Valid v) {
        stored = v.decoded().record().version();
      } else if (cur instanceof Corrupt) {
        Generations.Generation g = generations.newestValid(key);
        stored = g == null ? -1 : g.record().version();
      }
      if (stored >= 0 && record.version() <= stored) {
        throw new TokenVersionConflictException(storeName, key, record.version(), stored);
      }
      long kept = -1;
      try {
        if (cur instanceof Corrupt c) {
          Path aside = generations.keepAside(key, file);
          log.error("token file {} of {} was corrupt ({}); kept it aside as {} before writing"
              + " version {}", file, key, c.reason(), aside.getFileName(), record.version());
        } else if (cur instanceof Valid v && generations.enabled()) {
          kept = v.decoded().record().version();
          generations.keep(key, file, kept, v.bytes());
        }
        SecureFiles.writeAtomically(dir, file, GrantFileNames.tempPrefix(key), bytes, posix,
            createdMode);
      } catch (IOException e) {
        throw new TokenStoreException("cannot write token file " + file + " of " + key + ": "
            + SecureFiles.describe(e) + "; the previous record is intact", e);
      }
      generations.prune(key, names, kept);
    }
  }

  /**
   * Removes temporary files of writers that died mid-write (their writers held this lock).
   *
   * @param names the directory's entries, listed under the grant's write lock
   */
  private void removeStaleTemporaries(GrantKey key, String[] names) {
    String prefix = GrantFileNames.tempPrefix(key);
    int removed = 0;
    for (String name : names) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      Path p = dir.resolve(name);
      try {
        if (SecureFiles.delete(p)) {
          removed++;
        }
      } catch (IOException e) {
        log.warn("could not remove the stale temporary file {}: {}", p, SecureFiles.describe(e));
      }
    }
    if (removed > 0) {
      log.warn("removed {} temporary file(s) of {} left by a writer that stopped mid-write; the"
          + " record it was replacing is intact", removed, key);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Delete and list.

  /** Deletes a grant's record and backup generations; corrupt files and locks stay. */
  boolean delete(GrantKey key) {
    if (!directoryExists()) {
      return false;
    }
    Path file = dir.resolve(GrantFileNames.current(key));
    try (GrantLock ignored = writeLock(key)) {
      boolean existed = Files.deleteIfExists(file); // a link is removed, never followed
      for (Path g : generations.list(key)) {
        Files.deleteIfExists(g);
      }
      removeStaleTemporaries(key, SecureFiles.listNames(dir));
      SecureFiles.fsyncDirectory(dir, posix);
      if (existed) {
        log.info("deleted the tokens of {} from {}", key, storeName);
      }
      return existed;
    } catch (IOException e) {
      throw new TokenStoreException("cannot delete the token files of " + key + " in " + dir
          + ": " + SecureFiles.describe(e), e);
    }
  }

  /** Lists the grants that have a current record file. */
  List<GrantKey> keys() {
    if (!directoryExists()) {
      return List.of();
    }
    List<GrantKey> keys = new ArrayList<>();
    for (Path p : SecureFiles.list(dir, name -> name.endsWith(GrantFileNames.SUFFIX))) {
      if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      String name = p.getFileName().toString();
      GrantKey key = GrantFileNames.keyOf(name);
      if (key == null && GrantFileNames.isHashed(name)) {
        try {
          byte[] bytes = SecureFiles.read(p, TokenFileCodec.MAX_BYTES);
          GrantKey inside = bytes == null ? null : TokenFileCodec.peekKey(bytes);
          if (inside != null && GrantFileNames.current(inside).equals(name)) {
            key = inside;
          }
        } catch (IOException | TokenStoreException e) {
          log.warn("could not read {} to learn its grant: {}", p, SecureFiles.describe(e));
        }
      }
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading files.

  private Current read(Path file, GrantKey key) {
    byte[] bytes;
    try {
      bytes = SecureFiles.read(file, TokenFileCodec.MAX_BYTES);
    } catch (IOException e) {
      throw new TokenStoreException("cannot read token file " + file + " of " + key + ": "
          + SecureFiles.describe(e), e);
    }
    if (bytes == null) {
      return new Absent();
    }
    try {
      return new Valid(TokenFileCodec.decode(bytes, key, cipher), bytes);
    } catch (CorruptException e) {
      return new Corrupt(e.getMessage());
    } catch (TokenDecryptionException e) {
      throw new TokenDecryptionException("token file " + file + ": " + e.getMessage()
          + "; the file is left as it is (if the key is lost, delete the file and authorize"
          + " again)", e);
    }
  }

  private GrantLock writeLock(GrantKey key) {
    Path lockFile = lockFile(GrantFileNames.writeLock(key));
    try {
      return FileLocks.acquire(lockFile, key, WRITE_LEASE, lockWait, "write lock", storeName);
    } catch (LockTimeoutException e) {
      throw new LockTimeoutException(e.getMessage() + "; another writer of " + key
          + " is hung, or the wait (FileTokenStore.Builder.lockWait) is too short");
    }
  }
}
