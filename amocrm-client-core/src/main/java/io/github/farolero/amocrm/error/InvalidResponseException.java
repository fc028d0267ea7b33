package io.github.farolero.amocrm.error;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM's answer cannot be used as it is: a paging loop (a {@code _links.next} back to a page
 * already requested), an oversized page (a body past the client's bound, or more than 250 items),
 * unreadable JSON in a successful answer; or the token endpoint answered success without a usable
 * token (not JSON, HTML, an empty body, a missing token, a {@code token_type} other than Bearer,
 * an {@code expires_in} that is missing, not positive or absurd; the stored tokens are then
 * untouched). The request itself succeeded, so this is not an {@link AmoCrmHttpException};
 * sending it again is unlikely to help. Not retried.
 *
 * <p>The message names the endpoint, the answer's status where it helps, and what was wrong (a
 * page number, a limit, a field); it never holds a token, a field's value or the body's content.
 * Immutable.
 */
public class InvalidResponseException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the answer, without tokens or body content
   */
  public InvalidResponseException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong with the answer, without tokens or body content
   * @param cause the underlying failure (a JSON or size error), or null
   */
  public InvalidResponseException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
