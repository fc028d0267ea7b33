package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Store URIs:
 *
 * <ul>
 *   <li>{@code file:/var/lib/app/tokens}: a {@link FileTokenStore} directory; a {@code file:} URI
 *       that names an existing regular file is read as {@code legacy-file:}.
 *   <li>{@code env:}, {@code env:SHOP}, {@code env:SHOP,BLOG}: an {@link EnvTokenStore} of the
 *       {@code AMOCRM_*} variables (read-only), with prefixed sets ({@code AMOCRM_SHOP_*}).
 *   <li>{@code jdbc:postgresql://...}, {@code jdbc:mysql://...}, {@code jdbc:mariadb://...},
 *       {@code jdbc:h2:...}, {@code jdbc:sqlite:...}: a {@link JdbcTokenStore}.
 *   <li>{@code legacy-file:/path/tokens.json}: the old Node app's or amocrm-api-php's token file.
 *   <li>{@code legacy-jdbc:jdbc:...}: the old app's {@code tokens} table.
 * </ul>
 */
final class Stores {

  /** What a store is opened for. A JDBC table is created only for a store that is written. */
  enum Purpose { READ, WRITE }

  static final String SCHEMES = "file:, env:, jdbc:, legacy-file:, legacy-jdbc:";

  private Stores() {}

  /**
   * Opens one store or, for several URIs, a {@link CompositeTokenStore} of them in that order.
   */
  static TokenStore open(Context ctx, List<String> uris, @Nullable TokenCipher cipher,
      DbOptions db, boolean singleHost, Purpose purpose) {
    if (uris.isEmpty()) {
      throw new CliException("no store given: --store URI (or AMOCRM_TOKENS_STORE)");
    }
    if (uris.size() == 1) {
      return open(ctx, uris.get(0), cipher, db, purpose, null, List.of());
    }
    CompositeTokenStore.Builder b = CompositeTokenStore.builder().singleHost(singleHost);
    Set<String> names = new HashSet<>();
    // An app keys its token files and its JDBC store apart (keyFromEnvironment() is the files';
    // a JDBC cipher is set explicitly): the jdbc: members take --db-key-env.
    TokenCipher dbCipher = Keys.storeCipher(ctx,
        db.keyVariable == null ? Keys.NONE : db.keyVariable, "--db-key-env");
    for (String uri : uris) {
      String lower = uri.trim().toLowerCase(Locale.ROOT);
      // The environment is a read-only member beside writable ones: the composite writes past it.
      Purpose p = lower.startsWith("env:") ? Purpose.READ : purpose;
      TokenCipher memberCipher = lower.startsWith("jdbc:") ? dbCipher : cipher;
      TokenStore member = open(ctx, uri, memberCipher, db, p, null, List.of());
      if (!names.add(member.info().name())) {
        throw new CliException("the same store is given twice: " + member.info().name());
      }
      b.add(member);
    }
    return b.build();
  }

  /**
   * Opens one store URI.
   *
   * @param legacy how to read {@code legacy-jdbc:}; null where old apps' sources are not taken
   * @param grants the command's {@code --grant}s: which grant an old app's file holds
   */
  static TokenStore open(Context ctx, String uri, @Nullable TokenCipher cipher, DbOptions db,
      Purpose purpose, @Nullable LegacyOptions legacy, List<GrantKey> grants) {
    String text = uri.trim();
    int colon = text.indexOf(':');
    String scheme = colon <= 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
      throw new CliException("not a store URI (it has no scheme such as file: or jdbc:): use "
          + SCHEMES);
    }
    String rest = text.substring(colon + 1);
    return switch (scheme) {
      case "file" -> file(ctx, rest, cipher, grants, purpose);
      case "legacy-file" -> {
        readOnlySource(purpose, "legacy-file:");
        yield LegacySources.file(ctx, path(rest, "legacy-file:"), cipher, grants);
      }
      case "env" -> env(ctx, rest, purpose);
      case "jdbc" -> jdbc(ctx, text, cipher, db, purpose);
      case "legacy-jdbc" -> {
        readOnlySource(purpose, "legacy-jdbc:");
        if (legacy == null) {
          throw new CliException("legacy-jdbc: is a source for migrate only");
        }
        if (!rest.startsWith("jdbc:")) {
          throw new CliException("legacy-jdbc: must be followed by a JDBC URL, such as"
              + " legacy-jdbc:jdbc:postgresql://db/app");
        }
        yield LegacySources.table(ctx, rest, db, legacy);
      }
      default -> throw new CliException("unknown store URI scheme '" + scheme + ":' (known: "
          + SCHEMES + ")");
    };
  }

  /**
   * True if a JDBC store failed because its table does not exist yet (a dry run's target: the
   * real run creates it). H2 says so with SQLState 42S04 on an empty database, which the store
   * reports as a refused statement rather than a missing table.
   */
  static boolean isMissingTable(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("the table does not exist") || m.contains("SQLState 42S04")
        || m.contains("SQLState 42S02") || m.contains("SQLState 42P01")
        || m.contains("no such table");
  }

  private static void readOnlySource(Purpose purpose, String scheme) {
    if (purpose == Purpose.WRITE) {
      throw new CliException(scheme + " is a read-only source (an old app's tokens); it can"
          + " only be migrated from");
    }
  }

  private static Path path(String rest, String scheme) {
    String p = rest.startsWith("///") ? rest.substring(2) : rest;
    if (p.isEmpty() || p.startsWith("//")) {
      throw new CliException(scheme + " needs a local path, such as " + scheme
          + "/var/lib/app/tokens");
    }
    try {
      return Path.of(p);
    } catch (InvalidPathException e) {
      throw new CliException(scheme + " is not a valid path: " + Errors.describe(e));
    }
  }

  private static TokenStore file(Context ctx, String rest, @Nullable TokenCipher cipher,
      List<GrantKey> grants, Purpose purpose) {
    Path path = path(rest, "file:");
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      // A file, not a directory: an old app's tokens.json (or one grant's file copied alone).
      readOnlySource(purpose, "file:" + path + " (a file, not a directory)");
      return LegacySources.file(ctx, path, cipher, grants);
    }
    FileTokenStore.Builder b = FileTokenStore.builder().directory(path).clock(ctx.clock);
    if (cipher != null) {
      b.cipher(cipher);
    }
    return b.build();
  }

  private static TokenStore env(Context ctx, String rest, Purpose purpose) {
    if (purpose == Purpose.WRITE) {
      throw new CliException("env: is read-only (environment variables are a seed); write to"
          + " a file: or jdbc: store instead");
    }
    EnvTokenStore.Builder b = EnvTokenStore.builder().environment(ctx.env).clock(ctx.clock);
    try {
      for (String raw : rest.split(",")) {
        String p = raw.trim().toUpperCase(Locale.ROOT);
        if (p.startsWith("AMOCRM_")) {
          p = p.substring("AMOCRM_".length());
        }
        while (p.endsWith("_")) {
          p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty()) {
          b.prefix(p);
        }
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException("env:" + rest + ": " + Errors.describe(e));
    }
  }

  private static TokenStore jdbc(Context ctx, String url, @Nullable TokenCipher cipher,
      DbOptions db, Purpose purpose) {
    String shown = JdbcUrls.redact(url);
    String driverUrl = JdbcUrls.driverUrl(url);
    JdbcUrls.requireDriver(driverUrl, shown);
    String table = db.table();
    JdbcTokenStore.Builder b;
    try {
      b = JdbcTokenStore.builder()
          .dataSource(new DriverDataSource(driverUrl,
              JdbcUrls.properties(driverUrl, db.user(ctx), db.password(ctx)), shown))
          .tableName(table)
          .name(shown + "#" + table)
          // A store that is written (a migration's or a restore's target, authorize) gets its
          // table; one that is only read is never changed.
          .createTableIfMissing(purpose == Purpose.WRITE);
    } catch (IllegalArgumentException e) {
      throw new CliException("--db-table: " + Errors.describe(e));
    }
    if (cipher != null) {
      b.cipher(cipher);
    }
    return b.build();
  }
}
