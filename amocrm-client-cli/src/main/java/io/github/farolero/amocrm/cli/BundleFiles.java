package io.github.farolero.amocrm.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bundle files: owner-only, written whole or not at all (temporary file, fsync, atomic rename,
 * directory fsync), named by time in a directory so that {@code --keep N} can drop the oldest.
 */
final class BundleFiles {

  static final String PREFIX = "amocrm-tokens-";
  static final String SUFFIX = ".bundle";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private BundleFiles() {}

  /** True if {@code --to} names a directory: an existing one, or a path ending in a slash. */
  static boolean isDirectory(String to) {
    return to.endsWith("/") || Files.isDirectory(Path.of(to));
  }

  /** A new bundle's name in a directory: {@code amocrm-tokens-20260305T060708123Z.bundle}. */
  static Path newFile(Path dir, Instant now) {
    Path p = dir.resolve(PREFIX + STAMP.format(now) + SUFFIX);
    for (int i = 1; Files.exists(p, LinkOption.NOFOLLOW_LINKS); i++) {
      p = dir.resolve(PREFIX + STAMP.format(now) + "-" + i + SUFFIX);
    }
    return p;
  }

  /** Writes the bytes as the file, owner-only, whole or not at all. */
  static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    FileAttribute<?>[] owner = posix
        ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", owner);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (posix) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
          d.force(true);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Removes all but the newest {@code keep} bundles of the directory; returns those removed. */
  static List<Path> prune(Path dir, int keep) throws IOException {
    List<Path> bundles;
    try (Stream<Path> s = Files.list(dir)) {
      bundles = new ArrayList<>(s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(PREFIX) && n.endsWith(SUFFIX)
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
      }).toList());
    }
    // The names are UTC timestamps, so name order is age order.
    bundles.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
    List<Path> removed = new ArrayList<>();
    for (int i = keep; i < bundles.size(); i++) {
      Files.deleteIfExists(bundles.get(i));
      removed.add(bundles.get(i));
    }
    return removed;
  }
}
