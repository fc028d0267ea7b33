package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backup}: every grant of a store in one encrypted bundle. */
@Command(name = "backup",
    header = "Write every grant into one encrypted bundle.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Writes every grant of a store (or those named) into one bundle sealed with AES-256-GCM,"
            + " under a key (--key-env) or a passphrase (--passphrase-env); tokens are never in"
            + " the clear. Its manifest (when, from where, each grant's version, issue time and"
            + " fingerprints) is readable without the key. --to DIR/ names the bundle by time;"
            + " --keep N then keeps the newest N there. A store that holds no grants is not"
            + " backed up (so a cron job never rotates good bundles out). Exits 0, or 3 with"
            + " nothing written."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  amocrm-tokens backup --from file:/var/lib/app/tokens --to /var/backups/amocrm/"
            + " --key-env AMOCRM_BACKUP_KEY --keep 14",
        "  amocrm-tokens backup --from jdbc:postgresql://db/app --to /tmp/tokens.bundle"
            + " --passphrase-env BACKUP_PASSPHRASE"
    })
final class BackupCommand implements Callable<Integer> {

  private final Context ctx;

  @Option(names = "--from", required = true, paramLabel = "URI",
      description = "The store to back up.")
  String from = "";

  @Option(names = "--from-key-env", paramLabel = "VAR",
      description = "Variable with the store's key (default: AMOCRM_TOKENS_KEY when set;"
          + " 'none' for no key).")
  @Nullable String fromKey;

  @Option(names = "--to", required = true, paramLabel = "FILE|DIR/",
      description = "The bundle file, or a directory (existing, or ending in /) to put a"
          + " bundle named amocrm-tokens-<UTC time>.bundle in.")
  String to = "";

  @Mixin BundleKeyOptions bundleKey = new BundleKeyOptions();

  @Option(names = "--keep", paramLabel = "N",
      description = "After writing, keep only the newest N bundles in the directory.")
  @Nullable Integer keep;

  @Option(names = "--grant", paramLabel = "GRANT",
      description = "Only this grant: DOMAIN or DOMAIN/CLIENT_ID (repeatable).")
  List<String> grants = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Mixin DbOptions db = new DbOptions();

  BackupCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    BundleKey key = bundleKey.key(ctx);
    if (key == null) {
      throw new CliException("give the bundle's key: --key-env VAR or --passphrase-env VAR");
    }
    boolean intoDirectory = BundleFiles.isDirectory(to);
    if (keep != null && (keep < 1 || !intoDirectory)) {
      throw new CliException(keep < 1 ? "--keep must be 1 or more"
          : "--keep needs --to to be a directory (end it with /), where bundles are named by"
              + " time");
    }
    List<GrantKey> asked = Grants.parseAll(grants);
    TokenStore source = Stores.open(ctx, from, Keys.storeCipher(ctx, fromKey, "--from-key-env"),
        db, Stores.Purpose.READ, null, asked);
    List<GrantKey> keys = Grants.select(source, asked);
    if (keys.isEmpty()) {
      throw new CliException("nothing to back up: " + source.info().name() + " holds no grants"
          + " (no bundle written, none removed)");
    }
    List<TokenRecord> records = new ArrayList<>();
    for (GrantKey k : keys) {
      try {
        records.add(source.load(k).orElseThrow(() -> new CliException("grant " + k
            + " disappeared from " + source.info().name() + " while it was read; run again")));
      } catch (TokenDecryptionException e) {
        throw new CliException("cannot decrypt " + k + " in " + source.info().name() + ": "
            + Errors.describe(e) + " (--from-key-env names the store's key)");
      } catch (TokenStoreException e) {
        throw new CliException("cannot read " + k + " from " + source.info().name() + ": "
            + Errors.describe(e));
      }
    }
    Instant now = ctx.clock.instant();
    byte[] bytes = Bundle.seal(records, source.info().name(), now, key);
    Path file = intoDirectory ? BundleFiles.newFile(Path.of(to), now) : Path.of(to);
    List<Path> removed = List.of();
    try {
      BundleFiles.write(file, bytes);
      if (keep != null) {
        removed = BundleFiles.prune(file.toAbsolutePath().getParent(), keep);
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + Errors.describe(e));
    }
    Bundle.Parsed written = Bundle.parse(bytes, file.toString());
    if (json) {
      Map<String, @Nullable Object> doc = Json.object();
      doc.put("command", "backup");
      doc.put("state", "OK");
      doc.put("exitCode", 0);
      doc.put("from", source.info().name());
      doc.put("file", file.toAbsolutePath().toString());
      doc.put("bytes", bytes.length);
      doc.put("manifest", written.manifestJson());
      List<String> gone = new ArrayList<>();
      removed.forEach(p -> gone.add(p.toAbsolutePath().toString()));
      doc.put("removed", gone);
      ctx.out.println(Json.pretty(doc));
    } else {
      ctx.out.println("backup: wrote " + file + " (" + records.size()
          + (records.size() == 1 ? " grant, " : " grants, ") + bytes.length + " bytes, AES-256-GCM"
          + " with " + key.describe() + ")");
      for (Bundle.Entry e : written.grants()) {
        ctx.out.println("  " + e.key() + "  v" + e.version() + " issued " + e.issuedAt()
            + ", access " + e.accessTokenFingerprint() + ", refresh "
            + e.refreshTokenFingerprint());
      }
      for (Path p : removed) {
        ctx.out.println("  removed the older bundle " + p);
      }
    }
    return 0;
  }
}
