package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.TokenCipher;
import org.jspecify.annotations.Nullable;

/**
 * Which token encryption key a store is opened with, the way an app opens it: by default the
 * key in {@code AMOCRM_TOKENS_KEY} if that variable is set (what {@code keyFromEnvironment()}
 * does), none otherwise. {@code --key-env VAR} names another variable, which must then be set;
 * {@code --key-env none} opens the store without a key.
 */
final class Keys {

  /** The value of a {@code --...-key-env} option that means "no key". */
  static final String NONE = "none";

  private Keys() {}

  /**
   * Returns the cipher for a store, or null for none.
   *
   * @param ctx the environment
   * @param option the variable named by the option, {@code none}, or null for the default
   * @param optionName the option's name, for errors
   */
  static @Nullable TokenCipher storeCipher(Context ctx, @Nullable String option,
      String optionName) {
    if (option == null) {
      return ctx.env.containsKey(TokenCipher.DEFAULT_KEY_VARIABLE)
          ? cipher(ctx, TokenCipher.DEFAULT_KEY_VARIABLE) : null;
    }
    if (option.equals(NONE)) {
      return null;
    }
    if (!ctx.env.containsKey(option)) {
      throw new CliException(optionName + " " + option + ": the variable " + option
          + " is not set (give the name of a variable holding the base64 key, or 'none')");
    }
    return cipher(ctx, option);
  }

  /** The cipher of the base64 key in a variable that is set; errors name it, never the value. */
  static TokenCipher cipher(Context ctx, String variable) {
    try {
      return TokenCipher.fromEnvironment(ctx.env, variable)
          .orElseThrow(() -> new CliException("the variable " + variable + " is not set"));
    } catch (IllegalArgumentException e) {
      throw new CliException(Errors.describe(e));
    }
  }

  /** A variable's value that must be set and not blank (a secret: never printed). */
  static String required(Context ctx, String variable, String what) {
    String value = ctx.env.get(variable);
    if (value == null) {
      throw new CliException(what + ": the variable " + variable + " is not set");
    }
    if (value.isBlank()) {
      throw new CliException(what + ": the variable " + variable + " is set but blank");
    }
    return value.trim();
  }
}
