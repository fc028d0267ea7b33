package io.github.farolero.amocrm.store;

import io.github.farolero.amocrm.error.AmoCrmException;
import org.jspecify.annotations.Nullable;

/**
 * A token store could not do what it was asked: the file could not be read, the database is
 * down, the store is read-only. Distinct from "absent" (an empty {@code Optional}) and from a
 * version conflict ({@link TokenVersionConflictException}).
 */
public class TokenStoreException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the store and the grant; never a token
   */
  public TokenStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed, naming the store and the grant; never a token
   * @param cause the underlying failure
   */
  public TokenStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
