package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.health.TokenHealth;
import io.github.farolero.amocrm.health.TokenHealthCheck;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verify}: one cheap API call per grant with the stored tokens. */
@Command(name = "verify",
    header = "One cheap API call per grant with the stored tokens.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Makes one cheap API call (GET /api/v4/account) per grant with the stored tokens,"
            + " refreshing first if they are due (under the store's lock, as the app would),"
            + " and reports each grant's health with the call's outcome. Exits with the worst"
            + " state: 0 OK, 1 WARN (a call failed for a reason that may pass), 2 CRITICAL"
            + " (re-authorize; the account is refused), 3 UNKNOWN."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  AMOCRM_CLIENT_ID=... AMOCRM_CLIENT_SECRET=... AMOCRM_REDIRECT_URI=... \\",
        "    amocrm-tokens verify --store file:/var/lib/app/tokens --json"
    })
final class VerifyCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin StoreOptions stores = new StoreOptions();
  @Mixin CredentialOptions credentials = new CredentialOptions();

  @Option(names = "--grant", paramLabel = "GRANT",
      description = "Only this grant: DOMAIN or DOMAIN/CLIENT_ID (repeatable).")
  List<String> grants = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  VerifyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    TokenStore store = stores.open(ctx, Stores.Purpose.READ);
    TokenHealthCheck check = TokenHealthCheck.builder(store).clock(ctx.clock).build();
    Health.View view = Health.check(store, Grants.parseAll(grants), ctx.clock.instant(),
        key -> verify(store, check, key));
    if (json) {
      ctx.out.println(Json.pretty(HealthOutput.json("verify", view)));
    } else {
      HealthOutput.text(ctx.out, "verify", view);
    }
    return view.state().exitCode();
  }

  private TokenHealth verify(TokenStore store, TokenHealthCheck check, GrantKey key) {
    TokenRecord record;
    try {
      record = store.load(key).orElse(null);
    } catch (RuntimeException e) {
      return check.check(key); // says why the store could not be read
    }
    if (record == null) {
      return check.check(key); // no tokens: nothing to call with
    }
    // Missing credentials are a usage error (exit 3), not a grant's health.
    AmoCrmClient client = credentials.client(ctx, store, key, record.isLongLived());
    return check.verify(client);
  }
}
