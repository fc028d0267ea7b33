package io.github.farolero.amocrm.store;

import java.time.Duration;

/**
 * A token store did not answer within the token manager's deadline
 * ({@link io.github.farolero.amocrm.auth.RefreshPolicy#storeTimeout()}): a hung file system, a
 * database that stopped answering, a lock call that never returns. The caller is not held
 * forever; the store call may still finish later, and nothing is lost meanwhile (a pair that
 * could not be saved is kept in memory and saved again). Retry once the store answers again.
 */
public class TokenStoreTimeoutException extends TokenStoreException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param message which store, which grant and what was asked; never a token
   * @param timeout how long the caller waited
   */
  public TokenStoreTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  /** Returns how long the caller waited before giving up. */
  public Duration timeout() {
    return timeout;
  }
}
