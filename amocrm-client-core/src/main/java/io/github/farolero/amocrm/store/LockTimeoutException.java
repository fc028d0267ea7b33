package io.github.farolero.amocrm.store;

/**
 * A {@link GrantLocker} did not get its lock within the bounded wait. The caller does not go on
 * unlocked: a refresh that needs the lock fails instead.
 */
public class LockTimeoutException extends TokenStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which grant and how long was waited
   */
  public LockTimeoutException(String message) {
    super(message);
  }
}
