package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code restore}: grants from a bundle into a store, never over a newer record unasked. */
@Command(name = "restore",
    header = "Restore grants from a bundle, never over a newer record unasked.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Restores grants from a bundle into a store. A grant the store holds as newer (refreshed"
            + " since the backup) is refused and named: a backup older than the last refresh"
            + " holds a dead refresh token. Then nothing is written at all, unless --force, which"
            + " writes it anyway and warns. Same tokens are left alone. --dry-run says what"
            + " would happen; without a key it judges from the manifest alone. Exits 0, 1 if"
            + " --force overwrote a newer record or a pair restored is older than amoCRM keeps a"
            + " refresh token, 2 if refused (stale), 3 on a usage, key,"
            + " bundle or store error, with nothing written."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  amocrm-tokens restore --from /var/backups/amocrm/amocrm-tokens-20260305T060708123Z"
            + ".bundle --key-env AMOCRM_BACKUP_KEY --to file:/var/lib/app/tokens",
        "  amocrm-tokens restore --from tokens.bundle --to jdbc:postgresql://db/app --dry-run"
            + " --json"
    })
final class RestoreCommand implements Callable<Integer> {

  private final Context ctx;

  @Option(names = "--from", required = true, paramLabel = "FILE",
      description = "The bundle.")
  String from = "";

  @Option(names = "--to", required = true, paramLabel = "URI",
      description = "The store to restore into: file:DIR or jdbc:... (a missing table is"
          + " created).")
  String to = "";

  @Option(names = "--to-key-env", paramLabel = "VAR",
      description = "Variable with the store's key (default: AMOCRM_TOKENS_KEY when set;"
          + " 'none' for no key).")
  @Nullable String toKey;

  @Mixin BundleKeyOptions bundleKey = new BundleKeyOptions();

  @Option(names = "--grant", paramLabel = "GRANT",
      description = "Only this grant: DOMAIN or DOMAIN/CLIENT_ID (repeatable).")
  List<String> grants = new ArrayList<>();

  @Option(names = "--force",
      description = "Write grants the store holds as newer too (their refresh tokens are"
          + " probably dead: then run amocrm-tokens authorize).")
  boolean force;

  @Option(names = "--dry-run", description = "Say what would change; change nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Mixin DbOptions db = new DbOptions();

  RestoreCommand(Context ctx) {
    this.ctx = ctx;
  }

  /** One grant of the bundle and what happens to it. */
  private record Item(Bundle.Entry entry, Copier.Step step, boolean stale) {}

  @Override
  public Integer call() {
    BundleKey key = bundleKey.key(ctx);
    if (key == null && !dryRun) {
      throw new CliException("give the bundle's key: --key-env VAR or --passphrase-env VAR"
          + " (only --dry-run works without it, from the manifest)");
    }
    Path file = Path.of(from);
    String shown = file.toString();
    byte[] bytes = read(file);
    Bundle.Parsed bundle = Bundle.parse(bytes, shown);
    List<TokenRecord> records = key == null ? null : Bundle.open(bundle, key, shown);
    List<GrantKey> asked = Grants.parseAll(grants);
    List<GrantKey> inBundle = bundle.grants().stream().map(Bundle.Entry::key).toList();
    for (GrantKey k : asked) {
      if (!inBundle.contains(k)) {
        throw new CliException("no grant " + k + " in " + shown + " (it holds "
            + String.join(", ", inBundle.stream().map(GrantKey::id).toList()) + ")");
      }
    }
    TokenStore target = Stores.open(ctx, to, Keys.storeCipher(ctx, toKey, "--to-key-env"), db,
        dryRun ? Stores.Purpose.READ : Stores.Purpose.WRITE, null, List.of());
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < bundle.grants().size(); i++) {
      Bundle.Entry e = bundle.grants().get(i);
      if (!asked.isEmpty() && !asked.contains(e.key())) {
        continue;
      }
      items.add(plan(e, records == null ? null : records.get(i), readTarget(target, e.key())));
    }
    List<Item> stale = items.stream().filter(Item::stale).toList();
    boolean refused = !stale.isEmpty() && !force;
    if (!refused && !dryRun) {
      Copier.apply(target, items.stream().map(Item::step).toList());
    }
    boolean warned = items.stream().anyMatch(i -> i.step().warn);
    HealthState state = refused ? HealthState.CRITICAL
        : stale.isEmpty() && !warned ? HealthState.OK : HealthState.WARN;
    for (Item s : stale) {
      String why = staleText(s);
      if (refused) {
        ctx.err.println("restore: refused " + s.entry().key() + ": " + why);
      } else {
        ctx.warn((dryRun ? "would restore " : "restored ") + s.entry().key()
            + " over a newer record (--force): " + why);
      }
    }
    print(bundle, shown, target, items, refused, state, key != null);
    return state.exitCode();
  }

  private byte[] read(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new CliException(file + " is a directory: give one bundle file");
      }
      if (Files.size(file) > Bundle.MAX_BYTES) {
        throw new CliException(file + " is over " + (Bundle.MAX_BYTES >> 20)
            + " MiB: not a bundle");
      }
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliException(file + " is not a regular file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("no such bundle: " + file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + Errors.describe(e));
    }
  }

  private @Nullable TokenRecord readTarget(TokenStore target, GrantKey key) {
    try {
      return target.load(key).orElse(null);
    } catch (TokenDecryptionException e) {
      throw new CliException("cannot decrypt " + key + " in " + target.info().name() + ": "
          + Errors.describe(e) + " (--to-key-env names the store's key)");
    } catch (TokenStoreException e) {
      if (dryRun && Stores.isMissingTable(e)) {
        return null; // the real run creates it
      }
      throw new CliException("cannot read " + key + " from " + target.info().name() + ": "
          + Errors.describe(e));
    }
  }

  /**
   * Newest wins, as in migrate; with only the manifest (a dry run without the key) the tokens
   * are compared by their fingerprints.
   */
  private Item plan(Bundle.Entry e, @Nullable TokenRecord record, @Nullable TokenRecord target) {
    Copier.Action action;
    if (record != null) {
      action = Copier.decide(record, target);
    } else if (target == null) {
      action = Copier.Action.WRITE;
    } else if (target.accessTokenFingerprint().equals(e.accessTokenFingerprint())
        && target.refreshTokenFingerprint().equals(e.refreshTokenFingerprint())) {
      action = Copier.Action.UNCHANGED;
    } else {
      int c = target.issuedAt().compareTo(e.issuedAt());
      action = c > 0 || (c == 0 && target.version() >= e.version())
          ? Copier.Action.KEPT_NEWER : Copier.Action.UPDATE;
    }
    boolean stale = action == Copier.Action.KEPT_NEWER;
    String note = null;
    if (stale) {
      action = force ? Copier.Action.FORCED : Copier.Action.KEPT_NEWER;
      note = force ? "forced over a newer record: its refresh token is probably dead"
          : "stale: the store holds a newer record";
    }
    String dead = action.writes()
        ? Copier.probablyDead(e.issuedAt(), e.longLived(), ctx.clock.instant()) : null;
    Copier.Step step = new Copier.Step(e.key(), action, record, target,
        note != null ? note : dead);
    step.warn = dead != null;
    return new Item(e, step, stale);
  }

  private static String staleText(Item s) {
    Bundle.Entry e = s.entry();
    TokenRecord t = s.step().target;
    return "the bundle's record (v" + e.version() + ", issued " + e.issuedAt()
        + ") is older than the store's (v" + (t == null ? "?" : t.version()) + ", issued "
        + (t == null ? "?" : t.issuedAt()) + "). A backup older than the last refresh holds a"
        + " dead refresh token: amoCRM revoked it at that refresh. Keep the store's record; if"
        + " it is lost or dead too, authorize again: amocrm-tokens authorize --grant "
        + e.key();
  }

  /** What happened to a grant: "stale" when refused, "not-written" for the rest of a refusal. */
  private String label(Item i, boolean refused) {
    Copier.Action a = i.step().action;
    if (i.stale() && !force) {
      return "stale";
    }
    if (refused && a.writes()) {
      return "not-written";
    }
    return dryRun || refused ? a.dryRun : a.done;
  }

  private void print(Bundle.Parsed bundle, String shown, TokenStore target, List<Item> items,
      boolean refused, HealthState state, boolean decrypted) {
    long writes = items.stream().filter(i -> i.step().action.writes()).count();
    String summary = refused
        ? "refused: " + items.stream().filter(Item::stale).count() + " of " + items.size()
            + " grants would be stale (nothing written; --force writes them anyway)"
        : writes == 0 ? "nothing " + (dryRun ? "would change" : "changed") + ": the store"
            + " already holds these grants"
        : (dryRun ? "would restore " : "restored ") + writes + " of " + items.size()
            + " grants";
    boolean showWrites = !refused && !dryRun;
    if (json) {
      Map<String, @Nullable Object> doc = Json.object();
      doc.put("command", "restore");
      doc.put("state", state.name());
      doc.put("exitCode", state.exitCode());
      doc.put("dryRun", dryRun);
      doc.put("from", Path.of(from).toAbsolutePath().toString());
      doc.put("to", target.info().name());
      doc.put("decrypted", decrypted);
      doc.put("refused", refused);
      doc.put("changed", showWrites && writes > 0);
      doc.put("bundle", bundle.manifestJson());
      List<Object> out = new ArrayList<>();
      for (Item i : items) {
        Map<String, @Nullable Object> o = Json.object();
        Copier.Step s = i.step();
        o.put("grant", s.key.id());
        o.put("action", label(i, refused));
        o.put("stale", i.stale());
        o.put("bundle", i.entry().json());
        o.put("target", s.target == null ? null : Copier.recordJson(s.target));
        o.put("writtenVersion", s.written == null ? null : s.written.version());
        o.put("note", s.note);
        out.add(o);
      }
      doc.put("grants", out);
      doc.put("summary", summary);
      ctx.out.println(Json.pretty(doc));
    } else {
      ctx.out.println("restore " + shown + " (made " + bundle.createdAt() + " from "
          + bundle.source() + ") -> " + target.info().name() + (dryRun ? " (dry run" : "")
          + (dryRun && !decrypted ? ", from the manifest only)" : dryRun ? ")" : "") + ": "
          + state);
      for (Item i : items) {
        ctx.out.println(Copier.stepText(i.step(), label(i, refused)));
      }
      ctx.out.println(summary);
    }
  }
}
