package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.AmoCrmException;

/**
 * The token endpoint answered success, but not with a usable token: not JSON, HTML, an empty
 * body, a missing token, a {@code token_type} other than Bearer, or an {@code expires_in} that is
 * missing, not positive or absurd. Stored tokens are untouched. The message names the field at
 * fault, never a value.
 */
public class InvalidTokenResponseException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the response
   * @param status the HTTP status of the response
   */
  public InvalidTokenResponseException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** Returns the HTTP status of the response. */
  public int status() {
    return status;
  }
}
