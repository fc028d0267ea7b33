package io.github.farolero.amocrm.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --key-env VAR} or {@code --passphrase-env VAR}: the bundle's key. */
final class BundleKeyOptions {

  @Option(names = "--key-env", paramLabel = "VAR",
      description = "Variable holding the bundle's key: 32 bytes in base64, like"
          + " AMOCRM_TOKENS_KEY (openssl rand -base64 32).")
  @Nullable String keyVariable;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "Variable holding a passphrase instead (PBKDF2-HMAC-SHA256, "
          + BundleKey.ITERATIONS + " rounds, a random salt kept in the bundle).")
  @Nullable String passphraseVariable;

  /** The key, or null if neither option was given. */
  @Nullable BundleKey key(Context ctx) {
    if (keyVariable != null && passphraseVariable != null) {
      throw new CliException("--key-env and --passphrase-env together: give one of them");
    }
    if (keyVariable != null) {
      return BundleKey.key(ctx, keyVariable);
    }
    if (passphraseVariable != null) {
      return BundleKey.passphrase(ctx, passphraseVariable);
    }
    return null;
  }
}
