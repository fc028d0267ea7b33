package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code refresh}: a refresh now, under the store's lock, as the app's own refresh would. */
@Command(name = "refresh",
    header = "Refresh now, under the store's lock (safe while apps run).",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Refreshes a grant (or every grant) now, whatever its expiry says: takes the store's"
            + " lock, re-reads the store (if another process refreshed meanwhile its pair is"
            + " kept), refreshes, saves, releases. Safe while apps run: they re-read the store."
            + " Long-lived tokens are skipped. Exits 0 if every grant was refreshed, 1 if a"
            + " refresh failed for a reason that may pass (retry), 2 if a grant must be"
            + " re-authorized or its new pair could not be saved, 3 on a usage or store error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  amocrm-tokens refresh --store file:/var/lib/app/tokens --grant example.amocrm.ru",
        "  amocrm-tokens refresh --store jdbc:postgresql://db/app --all --json"
    })
final class RefreshCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin StoreOptions stores = new StoreOptions();
  @Mixin CredentialOptions credentials = new CredentialOptions();

  @Option(names = "--grant", paramLabel = "GRANT",
      description = "The grant to refresh: DOMAIN or DOMAIN/CLIENT_ID (repeatable).")
  List<String> grants = new ArrayList<>();

  @Option(names = "--all", description = "Refresh every grant of the store.")
  boolean all;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  RefreshCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    List<GrantKey> asked = Grants.parseAll(grants);
    if (asked.isEmpty() && !all) {
      throw new CliException("say which grants: --grant DOMAIN (repeatable) or --all");
    }
    if (!asked.isEmpty() && all) {
      throw new CliException("--grant and --all together: give one of them");
    }
    TokenStore store = stores.open(ctx, Stores.Purpose.READ);
    List<GrantKey> keys = Grants.select(store, asked);
    // Every client first: a missing credential fails before anything is refreshed.
    Map<GrantKey, @Nullable AmoCrmClient> clients = new LinkedHashMap<>();
    Map<GrantKey, TokenRecord> before = new LinkedHashMap<>();
    for (GrantKey key : keys) {
      TokenRecord r;
      try {
        r = store.load(key).orElseThrow(() -> new CliException("no grant " + key + " in "
            + store.info().name()));
      } catch (TokenStoreException e) {
        throw new CliException("cannot read " + key + " from " + store.info().name() + ": "
            + Errors.describe(e));
      }
      before.put(key, r);
      clients.put(key, r.isLongLived() ? null : credentials.client(ctx, store, key, false));
    }
    HealthState worst = HealthState.OK;
    List<Object> results = new ArrayList<>();
    for (GrantKey key : keys) {
      Map<String, @Nullable Object> o = Json.object();
      TokenRecord r = before.get(key);
      o.put("grant", key.id());
      o.put("versionBefore", r.version());
      AmoCrmClient client = clients.get(key);
      HealthState state;
      String outcome;
      String message;
      TokenStatus after = null;
      if (client == null) {
        state = HealthState.OK;
        outcome = "skipped";
        message = "a long-lived token: nothing to refresh";
      } else {
        try {
          after = client.tokens().refresh();
          state = HealthState.OK;
          outcome = "refreshed";
          message = after.version() > r.version() ? "refreshed and saved" : "already current";
        } catch (ReauthorizationRequiredException e) {
          state = HealthState.CRITICAL;
          outcome = "failed";
          message = Errors.describe(e);
        } catch (TokenStoreException e) {
          // amoCRM issued a pair that could not be saved, and this process is about to exit.
          state = HealthState.CRITICAL;
          outcome = "failed";
          message = "the new pair could not be saved (" + Errors.describe(e) + "); if the app"
              + " then fails with 'Token has been revoked', run: amocrm-tokens authorize";
        } catch (AmoCrmException e) {
          state = HealthState.WARN;
          outcome = "failed";
          message = Errors.describe(e) + " (it may pass: run refresh again later; the current"
              + " access token keeps serving until it expires)";
        }
      }
      worst = worst.worst(state);
      o.put("outcome", outcome);
      o.put("state", state.name());
      o.put("version", after == null ? null : after.version());
      o.put("expiresAt", after == null ? null : Json.time(after.expiresAt()));
      o.put("accessTokenFingerprint", after == null ? null : after.accessTokenFingerprint());
      o.put("refreshTokenFingerprint", after == null ? null : after.refreshTokenFingerprint());
      o.put("message", message);
      results.add(o);
      if (!json) {
        ctx.out.println(String.format("%-8s %s  %s%s", state, key, message,
            after == null ? "" : "  (v" + r.version() + " -> v" + after.version() + ", access "
                + after.accessTokenFingerprint() + " until " + after.expiresAt() + ")"));
      }
    }
    if (json) {
      Map<String, @Nullable Object> doc = Json.object();
      doc.put("command", "refresh");
      doc.put("state", worst.name());
      doc.put("exitCode", worst.exitCode());
      doc.put("store", store.info().name());
      doc.put("grants", results);
      ctx.out.println(Json.pretty(doc));
    } else {
      ctx.out.println("refresh: " + worst + " (" + keys.size()
          + (keys.size() == 1 ? " grant of " : " grants of ") + store.info().name() + ")");
    }
    return worst.exitCode();
  }
}
