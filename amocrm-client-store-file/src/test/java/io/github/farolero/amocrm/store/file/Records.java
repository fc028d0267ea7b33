package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/** Test records with canary tokens: if "CANARY" shows up in a message or a log, a token leaked. */
final class Records {

  static final String CANARY = "CANARY";
  static final GrantKey KEY = GrantKey.of("example.amocrm.ru");

  private Records() {}

  /**
   * Makes a directory as a user should before copying files into it ({@code mkdir -p -m 700}):
   * the store refuses an existing directory open to group or others, and the umask here is 022.
   */
  static Path ownerOnlyDirectory(Path dir) throws IOException {
    Path parent = dir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return SecureFiles.isPosix(dir)
        ? Files.createDirectory(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : Files.createDirectory(dir);
  }

  static TokenRecord record(long version) {
    return record(KEY, version);
  }

  static TokenRecord record(GrantKey key, long version) {
    Instant issued = Instant.parse("2026-03-01T10:15:30.123Z").plusSeconds(version * 3600);
    return new TokenRecord(key,
        CANARY + "-access-" + key.domain() + "-" + version,
        CANARY + "-refresh-" + key.domain() + "-" + version,
        issued.plus(Duration.ofHours(24)),
        issued,
        key.domain(),
        version);
  }
}
