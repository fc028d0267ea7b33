package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import org.jspecify.annotations.Nullable;

/**
 * The grant's tokens can no longer be renewed: a person must authorize the integration again.
 * The stored record is kept (never deleted), and the token manager stops calling the token
 * endpoint for it until the store holds a different record.
 *
 * <p>To re-authorize: send the user to {@link AuthorizationUrl} (or the account's integration
 * settings), then pass the {@code code} from the redirect to {@link TokenSession#authorize}, or
 * run {@code amocrm-tokens authorize}.
 */
public class ReauthorizationRequiredException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /** Why the tokens cannot be renewed. */
  public enum Reason {
    /** The store holds no tokens for the grant: it was never authorized (or was deleted). */
    NO_TOKENS,
    /**
     * amoCRM refused the refresh token (revoked, used already, or invalid), and the store holds
     * no newer one that another process might have saved.
     */
    REFRESH_TOKEN_REFUSED,
    /** A long-lived token passed its expiry; make a new one in the account's settings. */
    LONG_LIVED_TOKEN_EXPIRED,
    /** amoCRM refused a long-lived token (revoked); make a new one in the account's settings. */
    LONG_LIVED_TOKEN_REFUSED
  }

  private final GrantKey key;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param key the grant
   * @param reason why
   * @param cause the token endpoint's refusal, or null
   */
  public ReauthorizationRequiredException(GrantKey key, Reason reason, @Nullable Throwable cause) {
    super(message(key, reason), cause);
    this.key = key;
    this.reason = reason;
  }

  /** Returns the grant. */
  public GrantKey key() {
    return key;
  }

  /** Returns why the tokens cannot be renewed. */
  public Reason reason() {
    return reason;
  }

  private static String message(GrantKey key, Reason reason) {
    String what = switch (reason) {
      case NO_TOKENS -> "no tokens are stored for " + key;
      case REFRESH_TOKEN_REFUSED -> "amoCRM refused the refresh token of " + key
          + " (revoked, already used, or invalid) and no store holds a newer one";
      case LONG_LIVED_TOKEN_EXPIRED -> "the long-lived token of " + key + " has expired";
      case LONG_LIVED_TOKEN_REFUSED -> "amoCRM refused the long-lived token of " + key;
    };
    String todo = reason == Reason.LONG_LIVED_TOKEN_EXPIRED
        || reason == Reason.LONG_LIVED_TOKEN_REFUSED
        ? "make a new long-lived token in the account's integration settings and store it with"
            + " TokenSession.useLongLivedToken(...)"
        : "authorize the integration again: open the authorization URL (AuthorizationUrl) or the"
            + " account's integration settings, then pass the code to"
            + " TokenSession.authorize(code) or run 'amocrm-tokens authorize'";
    return what + "; re-authorization is required: " + todo;
  }
}
