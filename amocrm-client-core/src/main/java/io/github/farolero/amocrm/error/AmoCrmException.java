package io.github.farolero.amocrm.error;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception this library throws. Unchecked.
 *
 * <p>Messages never contain access or refresh tokens; at most a fingerprint (the first hex digits
 * of a SHA-256) identifies one.
 */
public class AmoCrmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong and, where it helps, what to do about it
   */
  public AmoCrmException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong and, where it helps, what to do about it
   * @param cause the underlying failure, or null
   */
  public AmoCrmException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
