package io.github.farolero.amocrm.store;

import io.github.farolero.amocrm.error.AmoCrmException;

/**
 * A {@link TokenStore#write} was refused because the store already holds the same or a newer
 * version of the grant: someone wrote since the caller read. Nothing was written; re-read and
 * decide again.
 */
public class TokenVersionConflictException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  private final GrantKey key;
  private final long attemptedVersion;
  private final long storedVersion;

  /**
   * Creates the exception.
   *
   * @param store the store's name
   * @param key the grant
   * @param attemptedVersion the version the caller tried to write
   * @param storedVersion the version the store holds
   */
  public TokenVersionConflictException(
      String store, GrantKey key, long attemptedVersion, long storedVersion) {
    super("store " + store + " holds version " + storedVersion + " of " + key
        + "; refused to write version " + attemptedVersion);
    this.key = key;
    this.attemptedVersion = attemptedVersion;
    this.storedVersion = storedVersion;
  }

  /** Returns the grant. */
  public GrantKey key() {
    return key;
  }

  /** Returns the version the caller tried to write. */
  public long attemptedVersion() {
    return attemptedVersion;
  }

  /** Returns the version the store held. */
  public long storedVersion() {
    return storedVersion;
  }
}
