package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code migrate}: copies grants between any two stores, newest wins. */
@Command(name = "migrate",
    header = "Copy grants between stores, newest wins; old apps' files and table too.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Copies every grant (or those named) from one store to another, old apps' token files and"
            + " table included. Each record is validated; a record is written only where the"
            + " target holds none or an older one (a newer target record is never overwritten),"
            + " with compare-and-set; the same tokens are left alone, so a second run changes"
            + " nothing. The same store with another key (--to-key-env) seals or re-encrypts it"
            + " in place. Everything is read before anything is written: a wrong key or an"
            + " unreadable store changes nothing. Exits 0; 1 if a record was invalid, or a"
            + " pair copied is older than amoCRM keeps a refresh token; 3 on a usage or store"
            + " error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  amocrm-tokens migrate --from legacy-file:/srv/old/backend/tokens.json"
            + " --grant example.amocrm.ru --to file:/var/lib/app/tokens",
        "  amocrm-tokens migrate --from file:/var/lib/app/tokens --to jdbc:postgresql://db/app"
            + " --dry-run",
        "  amocrm-tokens migrate --from jdbc:postgresql://db/app --from-key-env OLD_KEY"
            + " --to jdbc:postgresql://db/app --to-key-env AMOCRM_TOKENS_KEY"
    })
final class MigrateCommand implements Callable<Integer> {

  private final Context ctx;

  @Option(names = "--from", required = true, paramLabel = "URI",
      description = "Where the grants are: any store URI, or legacy-file:FILE,"
          + " legacy-jdbc:JDBC_URL.")
  String from = "";

  @Option(names = "--to", required = true, paramLabel = "URI",
      description = "Where they go: file:DIR or jdbc:... (a missing table is created).")
  String to = "";

  @Option(names = "--grant", paramLabel = "GRANT",
      description = "Only this grant: DOMAIN or DOMAIN/CLIENT_ID (repeatable). Also names the"
          + " account of an old token file that does not.")
  List<String> grants = new ArrayList<>();

  @Option(names = "--dry-run", description = "Say what would change; change nothing.")
  boolean dryRun;

  @Option(names = "--from-key-env", paramLabel = "VAR",
      description = "Variable with the source's key (default: AMOCRM_TOKENS_KEY when set;"
          + " 'none' for no key).")
  @Nullable String fromKey;

  @Option(names = "--to-key-env", paramLabel = "VAR",
      description = "Variable with the target's key (default: AMOCRM_TOKENS_KEY when set;"
          + " 'none' for no key).")
  @Nullable String toKey;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Mixin DbOptions db = new DbOptions();
  @Mixin LegacyOptions legacy = new LegacyOptions();

  MigrateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    TokenCipher fromCipher = Keys.storeCipher(ctx, fromKey, "--from-key-env");
    TokenCipher toCipher = Keys.storeCipher(ctx, toKey, "--to-key-env");
    List<GrantKey> asked = Grants.parseAll(grants);
    TokenStore source = Stores.open(ctx, from, fromCipher, db, Stores.Purpose.READ, legacy,
        asked);
    TokenStore target = Stores.open(ctx, to, toCipher, db,
        dryRun ? Stores.Purpose.READ : Stores.Purpose.WRITE, null, List.of());
    // The same store on both sides: seal, re-encrypt or decrypt it in place.
    boolean inPlace = target.info().name().equals(source.info().name());
    List<GrantKey> keys = Grants.select(source, asked);
    Instant now = ctx.clock.instant();
    List<Copier.Step> steps = new ArrayList<>();
    for (GrantKey key : keys) {
      steps.add(inPlace ? planInPlace(source, target, key, toCipher)
          : plan(source, target, key, now));
    }
    if (!dryRun) {
      Copier.apply(target, steps);
    }
    return report(source, target, steps);
  }

  private Copier.Step plan(TokenStore source, TokenStore target, GrantKey key, Instant now) {
    TokenRecord s = readSource(source, key);
    TokenRecord t = readTarget(target, key);
    String bad = Copier.invalid(s, now);
    if (bad != null) {
      return new Copier.Step(key, Copier.Action.INVALID, s, t, bad);
    }
    Copier.Action action = Copier.decide(s, t);
    String dead = action.writes() ? Copier.probablyDead(s, now) : null;
    String note = action == Copier.Action.KEPT_NEWER
        ? "the target's record is newer: kept it" : dead;
    Copier.Step step = new Copier.Step(key, action, s, t, note);
    step.warn = dead != null;
    return step;
  }

  private TokenRecord readSource(TokenStore source, GrantKey key) {
    try {
      return source.load(key).orElseThrow(
          () -> new CliException("no grant " + key + " in " + source.info().name()));
    } catch (TokenDecryptionException e) {
      throw new CliException("cannot decrypt " + key + " in " + source.info().name() + ": "
          + Errors.describe(e) + " (--from-key-env names the source's key)");
    } catch (TokenStoreException e) {
      throw new CliException("cannot read " + key + " from " + source.info().name() + ": "
          + Errors.describe(e));
    }
  }

  private @Nullable TokenRecord readTarget(TokenStore target, GrantKey key) {
    try {
      return target.load(key).orElse(null);
    } catch (TokenDecryptionException e) {
      throw new CliException("cannot decrypt " + key + " in " + target.info().name() + ": "
          + Errors.describe(e) + " (--to-key-env names the target's key)");
    } catch (TokenStoreException e) {
      if (dryRun && Stores.isMissingTable(e)) {
        return null; // the real run creates it
      }
      throw new CliException("cannot read " + key + " from " + target.info().name() + ": "
          + Errors.describe(e));
    }
  }

  /**
   * The same store under another key. The JDBC store reads a row with the target's key or fails,
   * so a row it reads is already sealed as asked. The file store reads plain files under any key,
   * so its files are looked at: sealed with the target's key, or plain when no key is asked, is
   * done; plain is sealed; sealed with another key cannot be rewritten in place (the store reads
   * the current file with its own key before it replaces it).
   */
  private Copier.Step planInPlace(TokenStore source, TokenStore target, GrantKey key,
      @Nullable TokenCipher toCipher) {
    if (target instanceof FileTokenStore files) {
      String want = toCipher == null ? null : toCipher.keyFingerprint();
      Sealing current = sealing(files.fileOf(key));
      if (current.sealed && Objects.equals(current.keyFingerprint, want)) {
        return new Copier.Step(key, Copier.Action.UNCHANGED, null, null,
            "already sealed with key " + want);
      }
      if (!current.sealed && want == null) {
        return new Copier.Step(key, Copier.Action.UNCHANGED, null, null, "already plain");
      }
      if (current.sealed) {
        throw new CliException("cannot re-encrypt " + files.fileOf(key) + " in place (sealed"
            + " with key " + current.keyFingerprint + "): the file store reads the current file"
            + " with the new key before it replaces it. Migrate to a new directory"
            + " (--to file:NEW_DIR --to-key-env ...) and move it into place while the apps are"
            + " stopped");
      }
      TokenRecord s = readSource(source, key);
      return new Copier.Step(key, Copier.Action.REENCRYPT, s, null,
          "sealed with key " + want);
    }
    try {
      TokenRecord t = target.load(key).orElse(null);
      return new Copier.Step(key, Copier.Action.UNCHANGED, null, t,
          "already readable with the target's key");
    } catch (TokenDecryptionException e) {
      TokenRecord s = readSource(source, key);
      return new Copier.Step(key, Copier.Action.REENCRYPT, s, null,
          toCipher == null ? "decrypted" : "sealed with key " + toCipher.keyFingerprint());
    } catch (TokenStoreException e) {
      throw new CliException("cannot read " + key + " from " + target.info().name() + ": "
          + Errors.describe(e));
    }
  }

  private record Sealing(boolean sealed, @Nullable String keyFingerprint) {}

  private static Sealing sealing(Path file) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return new Sealing(false, null);
      }
      Object doc = Json.parse(Files.readString(file));
      if (doc instanceof Map<?, ?> m && m.containsKey("sealed")) {
        return new Sealing(true, m.get("key") instanceof String k ? k : "unknown");
      }
      return new Sealing(false, null);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + Errors.describe(e));
    }
  }

  private int report(TokenStore source, TokenStore target, List<Copier.Step> steps) {
    HealthState state = HealthState.OK;
    int written = 0;
    for (Copier.Step s : steps) {
      if (s.action == Copier.Action.INVALID || s.warn) {
        state = state.worst(HealthState.WARN);
      }
      if (s.action.writes()) {
        written++;
      }
    }
    List<Context.Note> notes = ctx.notes();
    for (Context.Note n : notes) {
      state = state.worst(n.state());
    }
    if (steps.isEmpty()) {
      state = state.worst(HealthState.WARN);
    }
    String summary = summary(steps, written);
    if (json) {
      Map<String, @Nullable Object> doc = Json.object();
      doc.put("command", "migrate");
      doc.put("state", state.name());
      doc.put("exitCode", state.exitCode());
      doc.put("dryRun", dryRun);
      doc.put("from", source.info().name());
      doc.put("to", target.info().name());
      doc.put("changed", !dryRun && written > 0);
      Map<String, @Nullable Object> counts = Json.object();
      for (Copier.Action a : Copier.Action.values()) {
        counts.put(a.done, steps.stream().filter(s -> s.action == a).count());
      }
      doc.put("counts", counts);
      List<Object> out = new ArrayList<>();
      steps.forEach(s -> out.add(Copier.stepJson(s, dryRun)));
      doc.put("grants", out);
      List<Object> ns = new ArrayList<>();
      notes.forEach(n -> ns.add(n.state() + ": " + n.message()));
      doc.put("notes", ns);
      doc.put("summary", summary);
      ctx.out.println(Json.pretty(doc));
    } else {
      ctx.out.println("migrate " + source.info().name() + " -> " + target.info().name()
          + (dryRun ? " (dry run)" : "") + ": " + state);
      steps.forEach(s -> ctx.out.println(Copier.stepText(s, dryRun)));
      notes.forEach(n -> ctx.out.println("  note: " + n.message()));
      ctx.out.println(summary);
    }
    return state.exitCode();
  }

  private String summary(List<Copier.Step> steps, int writes) {
    if (steps.isEmpty()) {
      return "nothing to migrate: the source holds no grants";
    }
    long unchanged = steps.stream().filter(s -> s.action == Copier.Action.UNCHANGED).count();
    long kept = steps.stream().filter(s -> s.action == Copier.Action.KEPT_NEWER).count();
    long invalid = steps.stream().filter(s -> s.action == Copier.Action.INVALID).count();
    long warned = steps.stream().filter(s -> s.warn).count();
    String rest = unchanged + " unchanged, " + kept + " kept newer, " + invalid + " invalid"
        + (warned == 0 ? "" : "; " + warned + " probably dead of age");
    if (writes == 0) {
      return "nothing " + (dryRun ? "would change" : "changed") + ": " + rest;
    }
    return (dryRun ? "would write " : "wrote ") + writes + " of " + steps.size() + ": " + rest;
  }
}
