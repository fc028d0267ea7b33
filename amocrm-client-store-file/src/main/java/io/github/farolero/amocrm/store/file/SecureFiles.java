package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.TokenStoreException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file operations the store is built on: an owner-only directory (created so; an existing
 * one is checked, never changed), files read without following links and within a size bound,
 * and the crash-safe write (a temporary file created 0600, written, fsynced, renamed over the
 * target atomically, then the directory fsynced).
 */
final class SecureFiles {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.store.file");

  private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");

  /** Any access for group or others. */
  private static final Set<PosixFilePermission> SHARED = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private SecureFiles() {}

  /** Returns true if the file system of the path has POSIX permissions (not Windows). */
  static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Returns the directory's attributes without following a link, or null if it does not exist.
   * Changes nothing.
   *
   * @param allowShared false to refuse a directory open to group or others (on POSIX)
   * @throws TokenStoreException if it is a link, not a directory, or (unless allowed) open to
   *     group or others
   */
  static @Nullable BasicFileAttributes inspectDirectory(Path dir, boolean posix,
      boolean allowShared) {
    Class<? extends BasicFileAttributes> kind =
        posix ? PosixFileAttributes.class : BasicFileAttributes.class;
    BasicFileAttributes a = inspectDirectory(dir, kind);
    if (a != null && posix && !allowShared) {
      refuseIfShared(dir, ((PosixFileAttributes) a).permissions());
    }
    return a;
  }

  /** Returns true if the attributes give group or others any access (false without POSIX). */
  static boolean isShared(BasicFileAttributes a) {
    return a instanceof PosixFileAttributes p && !Collections.disjoint(p.permissions(), SHARED);
  }

  private static void refuseIfShared(Path dir, Set<PosixFilePermission> mode) {
    if (Collections.disjoint(mode, SHARED)) {
      return;
    }
    throw new TokenStoreException("the token directory " + dir + " is open to group or others ("
        + PosixFilePermissions.toString(mode) + ", " + octal(mode) + "); the store does not"
        + " change the mode of a directory it did not create. Restrict it to its owner (chmod"
        + " 700 " + dir + "), or, if others are meant to share it, build the store with"
        + " FileTokenStore.Builder.allowSharedDirectory() (the token files stay rw-------)");
  }

  /** The mode as {@code chmod} writes it, such as {@code 0755}. */
  private static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 1 << (8 - p.ordinal()); // OWNER_READ (0) is 0400 ... OTHERS_EXECUTE (8) is 0001
    }
    return String.format(Locale.ROOT, "%04o", bits);
  }

  private static <A extends BasicFileAttributes> @Nullable A inspectDirectory(Path dir,
      Class<A> kind) {
    A a;
    try {
      a = Files.readAttributes(dir, kind, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new TokenStoreException("cannot inspect the token directory " + dir + ": "
          + describe(e), e);
    }
    if (a.isSymbolicLink()) {
      throw new TokenStoreException("the token directory " + dir + " is a symbolic link;"
          + " the store refuses links: give the real directory");
    }
    if (!a.isDirectory()) {
      throw new TokenStoreException("the token directory " + dir + " is not a directory");
    }
    return a;
  }

  /**
   * Makes sure the directory exists and is no link. A missing directory is created {@code
   * rwx------} (on POSIX). An existing one keeps its mode, whatever it is: a store never changes
   * the mode of a directory it did not create; one open to group or others is refused unless
   * {@code allowShared}. A directory that is ready (as on every write after the first) costs one
   * look.
   *
   * @return the directory's attributes
   * @throws TokenStoreException if it cannot be made so or is refused; the message says why
   */
  static BasicFileAttributes prepareDirectory(Path dir, boolean posix,
      boolean allowShared) {
    // On POSIX the look that checks the type also brings the permissions.
    Class<? extends BasicFileAttributes> kind =
        posix ? PosixFileAttributes.class : BasicFileAttributes.class;
    BasicFileAttributes a = inspectDirectory(dir, kind);
    boolean created = false;
    if (a == null) {
      try {
        Path parent = dir.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        if (posix) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
        } else {
          Files.createDirectory(dir);
        }
        created = true;
        log.info("created token directory {}", dir);
      } catch (FileAlreadyExistsException raced) {
        // Another process made it: not ours, so checked below like any existing directory.
      } catch (IOException e) {
        throw new TokenStoreException("cannot create the token directory " + dir + ": "
            + describe(e), e);
      }
      // Look again: another process may have made it, or the umask taken bits from rwx------.
      a = inspectDirectory(dir, kind);
      if (a == null) {
        throw new TokenStoreException("cannot create the token directory " + dir
            + ": it was removed as soon as it was made");
      }
    }
    if (!posix) {
      return a;
    }
    Set<PosixFilePermission> now = ((PosixFileAttributes) a).permissions();
    if (now.equals(DIRECTORY_PERMISSIONS)) {
      return a;
    }
    if (!Collections.disjoint(now, SHARED)) {
      // Not as this store makes a directory, so not (or no longer) its own: refuse, never chmod.
      if (!allowShared) {
        refuseIfShared(dir, now);
      }
      return a;
    }
    if (!created) {
      // Owner-only but not rwx------ (such as r-x------): the owner's choice; an operation that
      // needs the missing bit fails with "permission denied".
      return a;
    }
    // Made here rwx------, but the umask took some of the owner's bits: give them back.
    try {
      Files.setPosixFilePermissions(dir, DIRECTORY_PERMISSIONS);
    } catch (IOException e) {
      throw new TokenStoreException("cannot set the token directory " + dir
          + ", just created by the store, to rwx------ (owner only): " + describe(e), e);
    }
    return a;
  }

  /**
   * Lists the directory's entries whose names pass the filter.
   *
   * @throws TokenStoreException if the directory cannot be listed
   */
  static List<Path> list(Path dir, Predicate<String> names) {
    List<Path> out = new ArrayList<>();
    for (String name : listNames(dir)) {
      if (names.test(name)) {
        out.add(dir.resolve(name));
      }
    }
    return out;
  }

  /**
   * Returns the names of the directory's entries. One {@code opendir}/{@code getdents}/{@code
   * closedir} ({@link File#list()}: 5 syscalls, where {@link Files#newDirectoryStream} makes 9 for
   * its secure stream); only if that fails is the directory opened again through NIO, to learn
   * why.
   *
   * @throws TokenStoreException if the directory cannot be listed
   */
  static String[] listNames(Path dir) {
    if (dir.getFileSystem() == FileSystems.getDefault()) {
      String[] names = dir.toFile().list();
      if (names != null) {
        return names;
      }
    }
    // File.list() says only "failed": list again the NIO way, which throws the reason.
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        out.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new TokenStoreException("cannot list the token directory " + dir + ": "
          + describe(e), e);
    }
    return out.toArray(String[]::new);
  }

  /**
   * Removes a file (a link is removed, never followed), or does nothing if it does not exist. One
   * {@code unlink} ({@link File#delete()}); {@link Files#deleteIfExists} looks at the file first.
   * Only if that fails is the file removed again through NIO, to throw the reason.
   *
   * @return true if this call removed it
   * @throws IOException if it exists and cannot be removed
   */
  static boolean delete(Path file) throws IOException {
    if (file.getFileSystem() == FileSystems.getDefault() && file.toFile().delete()) {
      return true;
    }
    return Files.deleteIfExists(file);
  }

  /** Returns the attributes that create a file {@code rw-------} (none where POSIX is not). */
  static FileAttribute<?>[] createAttributes(boolean posix) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
        : new FileAttribute<?>[0];
  }

  /**
   * Reads a file without following a link, or returns null if it does not exist.
   *
   * @param limit the most bytes to read; a longer file returns {@code limit + 1} bytes
   * @throws TokenStoreException if it is a link or not a regular file
   * @throws IOException if it cannot be read
   */
  static byte @Nullable [] read(Path file, int limit) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (a.isSymbolicLink()) {
      throw new TokenStoreException("token file " + file + " is a symbolic link; the store"
          + " refuses to follow links: replace it with the real file");
    }
    if (!a.isRegularFile()) {
      throw new TokenStoreException("token file " + file + " is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes(limit + 1);
    } catch (NoSuchFileException e) {
      return null; // deleted between the look and the read
    }
  }

  /**
   * What the process's umask (or the directory's default ACL) does to a file created {@code
   * rw-------}: unknown until the first temporary file of a store was looked at once. The umask
   * can only take bits away, so a file is never created looser than {@code rw-------}; a umask that
   * takes the owner's bits (say {@code 0277}) would leave a file its owner cannot read, and then
   * every temporary file is given {@code rw-------} explicitly. A JVM has no API to change its
   * umask, so one look per store is enough.
   */
  static final class CreatedMode {
    private static final int UNKNOWN = 0;
    private static final int EXACT = 1;
    private static final int NEEDS_CHMOD = 2;
    private volatile int state = UNKNOWN;
  }

  /**
   * Writes a file crash-safely: a temporary file beside it, created {@code rw-------}, written
   * and fsynced, renamed over the target atomically, then the directory fsynced. On failure the
   * temporary file is removed and the target is as it was.
   *
   * @param mode what creating a file {@code rw-------} gives in this directory (looked at once)
   * @throws IOException if any step failed
   */
  static void writeAtomically(Path dir, Path target, String tempPrefix, byte[] bytes,
      boolean posix, CreatedMode mode) throws IOException {
    Path temp = dir.resolve(tempPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    boolean renamed = false;
    try {
      Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      try (FileChannel ch = FileChannel.open(temp, options, createAttributes(posix))) {
        if (posix && mode.state != CreatedMode.EXACT) {
          exactMode(temp, mode);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      renamed = true;
      fsyncDirectory(dir, posix);
    } finally {
      if (!renamed) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          log.warn("could not remove the temporary file {}: {}", temp, describe(e));
        }
      }
    }
  }

  /**
   * Makes a just-created temporary file exactly {@code rw-------}: looks once whether creating it
   * so gave that mode (then nothing more is done for the store's later files), else sets it, now
   * and for every later file.
   */
  private static void exactMode(Path temp, CreatedMode mode) throws IOException {
    try {
      if (mode.state == CreatedMode.UNKNOWN) {
        Set<PosixFilePermission> got = Files.getPosixFilePermissions(temp,
            LinkOption.NOFOLLOW_LINKS);
        if (got.equals(FILE_PERMISSIONS)) {
          mode.state = CreatedMode.EXACT;
          return;
        }
        log.info("files created rw------- in the token directory come out {} (the umask takes"
            + " the owner's bits): every token file is set to rw------- after it is created",
            PosixFilePermissions.toString(got));
        mode.state = CreatedMode.NEEDS_CHMOD;
      }
      Files.setPosixFilePermissions(temp, FILE_PERMISSIONS);
    } catch (IOException e) {
      throw new FileSystemException(temp.toString(), null,
          "cannot set permissions rw------- (" + describe(e) + ")");
    }
  }

  /**
   * Flushes the directory's entries (a rename) to disk. Windows cannot open a directory; there
   * NTFS's journal orders the rename, and this is skipped.
   */
  static void fsyncDirectory(Path dir, boolean posix) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (posix) {
        throw e;
      }
    }
  }

  /** Returns an I/O failure's kind and message (a path and a reason; never file contents). */
  static String describe(Throwable e) {
    if (e instanceof FileSystemException fse) {
      String reason = fse.getReason();
      if (reason == null) {
        reason = e instanceof AccessDeniedException ? "permission denied"
            : e instanceof NoSuchFileException ? "no such file or directory"
            : e instanceof FileAlreadyExistsException ? "already exists"
            : e.getClass().getSimpleName();
      }
      return (fse.getFile() == null ? "" : fse.getFile() + ": ") + reason;
    }
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return m == null ? kind : kind + ": " + m;
  }
}
