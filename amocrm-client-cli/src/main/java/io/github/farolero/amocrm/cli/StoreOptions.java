package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.TokenStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --store URI} (repeatable: a composite, in order) and how to open it. */
final class StoreOptions {

  /** Where the store URIs come from when no {@code --store} is given (space-separated). */
  static final String STORE_VARIABLE = "AMOCRM_TOKENS_STORE";

  @Option(names = "--store", paramLabel = "URI",
      description = "The token store: file:DIR, env:[PREFIX], jdbc:..., legacy-file:FILE."
          + " Repeat it for a composite (read newest-wins, written through, locked by its"
          + " widest member), in the app's order. Default: the URIs in $" + STORE_VARIABLE
          + " (separated by spaces).")
  List<String> uris = new ArrayList<>();

  @Option(names = "--key-env", paramLabel = "VAR",
      description = "Variable holding the stores' base64 encryption key. Default:"
          + " AMOCRM_TOKENS_KEY when it is set; 'none' for no key.")
  @Nullable String keyVariable;

  @Option(names = "--single-host",
      description = "The composite's processes all run on this host: while its database member"
          + " is down, its file lock may serve.")
  boolean singleHost;

  @Mixin DbOptions db = new DbOptions();

  List<String> uris(Context ctx) {
    if (!uris.isEmpty()) {
      return uris;
    }
    String fromEnv = ctx.variable(STORE_VARIABLE);
    if (fromEnv == null) {
      throw new CliException("no store given: --store URI (or set " + STORE_VARIABLE + ")");
    }
    return Arrays.stream(fromEnv.split("\\s+")).filter(s -> !s.isBlank()).toList();
  }

  TokenStore open(Context ctx, Stores.Purpose purpose) {
    return Stores.open(ctx, uris(ctx), Keys.storeCipher(ctx, keyVariable, "--key-env"), db,
        singleHost, purpose);
  }
}
