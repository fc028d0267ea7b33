package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.LegacyTokenImport;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The old deployment's tokens as read-only sources: its token file (the Node app's {@code
 * tokens.json}, the amocrm-api-php example's file) and its {@code tokens} table. Each is read
 * once, when it is opened, by the stores' own readers ({@link FileTokenStore}'s, {@link
 * LegacyTokenImport}'s), into memory.
 */
final class LegacySources {

  private static final int MAX_BYTES = 1 << 20;

  private LegacySources() {}

  /**
   * Reads an old app's token file. Its grant is the one {@code --grant} names, or the PHP file's
   * {@code baseDomain}, or the file's name ({@code example.amocrm.ru.json}).
   */
  static TokenStore file(Context ctx, Path file, @Nullable TokenCipher cipher,
      List<GrantKey> grants) {
    String shown = "legacy-file:" + file.toAbsolutePath().normalize();
    byte[] bytes;
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliException(shown + ": no such file (or not a regular file)");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new CliException(shown + ": over 1 MiB, not a token file");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(shown + ": cannot be read: " + Errors.describe(e));
    }
    GrantKey key = keyOf(file, bytes, grants, shown);
    TokenRecord record = readThroughFileStore(bytes, key, cipher, file, shown);
    InMemoryTokenStore memory = new InMemoryTokenStore(shown);
    memory.write(record);
    return new ReadOnlyTokenStore(memory, shown);
  }

  private static GrantKey keyOf(Path file, byte[] bytes, List<GrantKey> grants, String shown) {
    if (grants.size() == 1) {
      return grants.get(0);
    }
    if (grants.size() > 1) {
      throw new CliException(shown + " holds one grant; give one --grant");
    }
    Object doc = Json.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    if (doc instanceof Map<?, ?> m) {
      Object base = m.get("baseDomain");
      Object domain = m.get("domain");
      try {
        if (base instanceof String b && !b.isBlank()) {
          return GrantKey.of(b.trim());
        }
        if (domain instanceof String d && !d.isBlank()) {
          Object client = m.get("client_id");
          return new GrantKey(d.trim(), client instanceof String c ? c : null);
        }
      } catch (IllegalArgumentException e) {
        throw new CliException(shown + ": its account domain is not a host name");
      }
    }
    String name = file.getFileName().toString();
    if (name.endsWith(".json")) {
      String domain = name.substring(0, name.length() - ".json".length());
      if (domain.contains(".")) {
        try {
          return GrantKey.of(domain);
        } catch (IllegalArgumentException e) {
          // Not a domain: fall through.
        }
      }
    }
    throw new CliException(shown + " does not name its account (the Node app's tokens.json"
        + " never does): say which with --grant example.amocrm.ru, or name the file"
        + " example.amocrm.ru.json");
  }

  /**
   * Reads the bytes as a file store does, through a store in a private temporary directory that
   * is removed at once: one reader of these formats, the file store's, and no second copy kept.
   */
  private static TokenRecord readThroughFileStore(byte[] bytes, GrantKey key,
      @Nullable TokenCipher cipher, Path original, String shown) {
    Path dir = null;
    try {
      dir = privateTempDirectory();
      FileTokenStore.Builder b = FileTokenStore.builder().directory(dir).backups(0);
      if (cipher != null) {
        b.cipher(cipher);
      }
      FileTokenStore store = b.build();
      Path copy = store.fileOf(key);
      Files.write(copy, bytes);
      try {
        return store.load(key).orElseThrow(
            () -> new CliException(shown + ": holds no tokens"));
      } catch (CliException e) {
        throw e;
      } catch (RuntimeException e) {
        String why = Errors.describe(e).replace(copy.toString(), original.toString())
            .replace(dir.toString(), String.valueOf(original.getParent()));
        throw new CliException(shown + ": " + why);
      }
    } catch (IOException e) {
      throw new CliException(shown + ": cannot be read: " + Errors.describe(e));
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static Path privateTempDirectory() throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<?> owner =
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
      return Files.createTempDirectory("amocrm-tokens-", owner);
    }
    return Files.createTempDirectory("amocrm-tokens-");
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      for (int i = all.size() - 1; i >= 0; i--) {
        Files.deleteIfExists(all.get(i));
      }
    } catch (IOException e) {
      // Best effort: the directory is the owner's only and the JVM is about to exit.
    }
  }

  /** Reads the old app's {@code tokens} table with {@link LegacyTokenImport}, into memory. */
  static TokenStore table(Context ctx, String url, DbOptions db, LegacyOptions options) {
    String shown = "legacy-jdbc:" + JdbcUrls.redact(url) + "#" + options.table;
    String driverUrl = JdbcUrls.driverUrl(url);
    JdbcUrls.requireDriver(driverUrl, JdbcUrls.redact(url));
    LegacyTokenImport.Builder b;
    try {
      b = LegacyTokenImport.builder()
          .source(new DriverDataSource(driverUrl,
              JdbcUrls.properties(driverUrl, db.user(ctx), db.password(ctx)),
              JdbcUrls.redact(url)))
          .table(options.table)
          .zone(options.zone())
          .serviceMapper(LegacyTokenImport.serviceIsDomain());
      options.services().forEach(b::service);
    } catch (IllegalArgumentException e) {
      throw new CliException(shown + ": " + Errors.describe(e));
    }
    InMemoryTokenStore memory = new InMemoryTokenStore(shown);
    LegacyTokenImport.Report report;
    try {
      report = b.build().into(memory);
    } catch (RuntimeException e) {
      throw new CliException(shown + ": " + Errors.describe(e));
    }
    for (String service : report.unmappedServices()) {
      ctx.note(HealthState.OK, "service '" + service + "' of the old table is not an account"
          + " domain and was left alone; map it with --legacy-service " + service
          + "=DOMAIN if it is amoCRM");
    }
    for (String row : report.invalidRows()) {
      ctx.note(HealthState.WARN, "invalid row of the old table, left alone: " + row);
    }
    return new ReadOnlyTokenStore(memory, shown);
  }
}
