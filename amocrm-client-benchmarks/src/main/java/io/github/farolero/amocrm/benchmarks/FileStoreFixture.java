package io.github.farolero.amocrm.benchmarks;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Figures 3 and 4: {@link FileTokenStore} (compare-and-set, backups on: the defaults) beside the
 * bare durable write and read of the same record's JSON (the bytes the store writes without
 * encryption: {@code record.toJson() + "\n"}):
 *
 * <ul>
 *   <li>save: a temp file created {@code rw-------} (an attribute of the open, no extra call),
 *       written, {@code force(true)}, atomically renamed over the file, then the directory
 *       fsynced; the JSON is built on each save, as the store builds it;
 *   <li>load: {@code Files.readAllBytes} and {@code TokenRecord.fromJson} (Moshi).
 * </ul>
 *
 * The store and the baseline write to directories of their own on the same file system. Not
 * thread-safe (one writer, as a token store has).
 */
final class FileStoreFixture implements AutoCloseable {

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final Path root;
  private final FileTokenStore store;
  private final FileTokenStore storeWithoutBackups;
  private final Path bareDir;
  private final Path bareFile;
  private final Path bareTemp;
  private final TokenRecord template;
  private long libraryVersion;
  private long libraryVersionWithoutBackups;
  private long bareVersion;

  FileStoreFixture() {
    this.root = Bench.freshDir("file-store");
    GrantKey key = GrantKey.of(Bench.DOMAIN);
    Instant now = Instant.now();
    this.template = new TokenRecord(key, "access-" + "a".repeat(700),
        "def50200" + "r".repeat(600), now.plus(Duration.ofHours(24)), now, Bench.DOMAIN, 1);
    this.store = FileTokenStore.builder().directory(root.resolve("store")).build();
    this.storeWithoutBackups = FileTokenStore.builder().directory(root.resolve("store-no-backups"))
        .backups(0).build();
    this.bareDir = root.resolve("bare");
    this.bareFile = bareDir.resolve(Bench.DOMAIN + ".json");
    this.bareTemp = bareDir.resolve(Bench.DOMAIN + ".json.tmp");
    try {
      Files.createDirectories(bareDir, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    // A first record in each, so that loads have something to read and saves replace a file.
    librarySave();
    librarySaveWithoutBackups();
    try {
      bareSave();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file system the files are on, for the report: fsync costs nothing on tmpfs. */
  String fileSystem() {
    try {
      return Files.getFileStore(root).type();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The library's save: a new version of the record. */
  void librarySave() {
    store.write(template.withVersion(++libraryVersion));
  }

  /**
   * The library's save with no backup generation kept ({@code backups(0)}): an informational row
   * that shows what the backups (a hard link and the oldest one's removal per save) cost.
   */
  void librarySaveWithoutBackups() {
    storeWithoutBackups.write(template.withVersion(++libraryVersionWithoutBackups));
  }

  /** The baseline's save: the same record's JSON, durably. */
  void bareSave() throws IOException {
    byte[] bytes = (template.withVersion(++bareVersion).toJson() + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try (FileChannel out = FileChannel.open(bareTemp, Set.of(CREATE, TRUNCATE_EXISTING, WRITE),
        OWNER_ONLY)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    Files.move(bareTemp, bareFile, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(bareDir, READ)) {
      dir.force(true);
    }
  }

  /** The library's load. */
  TokenRecord libraryLoad() {
    return store.load(template.key()).orElseThrow();
  }

  /** The baseline's load. */
  TokenRecord bareLoad() throws IOException {
    return TokenRecord.fromJson(new String(Files.readAllBytes(bareFile), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    Bench.deleteTree(root);
  }
}
