package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import org.jspecify.annotations.Nullable;

/**
 * A due refresh could not be done, for a reason that may pass: the token endpoint was
 * unreachable, the lock was not free in time, the store could not be read. The tokens still work
 * once the cause passes; re-authorization is not needed (that is {@link
 * ReauthorizationRequiredException}).
 */
public class TokenRefreshException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  private final GrantKey key;

  /**
   * Creates the exception.
   *
   * @param key the grant
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public TokenRefreshException(GrantKey key, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** Returns the grant. */
  public GrantKey key() {
    return key;
  }
}
