package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.TokenHealthCheck;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: every grant's health from what the store holds; calls nothing. */
@Command(name = "status",
    header = "Health of every grant, from what the store holds (calls nothing).",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Shows every grant of the store: domain, client id, version, access-token expiry,"
            + " refresh-token age, fingerprints (never a token), and its health with reasons."
            + " A composite's members are read one by one. Calls nothing; exits with the"
            + " worst state: 0 OK, 1 WARN, 2 CRITICAL, 3 UNKNOWN."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  amocrm-tokens status --store file:/var/lib/app/tokens",
        "  amocrm-tokens status --store file:/var/lib/app/tokens --store env:"
            + " --store jdbc:postgresql://db/app --json"
    })
final class StatusCommand implements Callable<Integer> {

  private final Context ctx;

  @Mixin StoreOptions stores = new StoreOptions();

  @Option(names = "--grant", paramLabel = "GRANT",
      description = "Only this grant: DOMAIN or DOMAIN/CLIENT_ID (repeatable).")
  List<String> grants = new ArrayList<>();

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  StatusCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    TokenStore store = stores.open(ctx, Stores.Purpose.READ);
    TokenHealthCheck check = TokenHealthCheck.builder(store).clock(ctx.clock).build();
    Health.View view = Health.check(store, Grants.parseAll(grants), ctx.clock.instant(),
        check::check);
    if (json) {
      ctx.out.println(Json.pretty(HealthOutput.json("status", view)));
    } else {
      HealthOutput.text(ctx.out, "status", view);
    }
    return view.state().exitCode();
  }
}
