package io.github.farolero.amocrm.store;

import org.jspecify.annotations.Nullable;

/**
 * Encrypted tokens could not be decrypted: the key is wrong, or the data was changed. The stored
 * data is left as it is.
 */
public class TokenDecryptionException extends TokenStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which grant and which key (by fingerprint) failed
   * @param cause the cipher's failure, or null
   */
  public TokenDecryptionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
