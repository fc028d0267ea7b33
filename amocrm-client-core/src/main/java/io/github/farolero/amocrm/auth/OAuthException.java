package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.AmoCrmHttpException;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM's token endpoint refused a request. amoCRM answers with {@code application/problem+json}
 * whose {@code hint} says why (not RFC 6749's {@code error}); subclasses name the hints a caller
 * can act on.
 */
public class OAuthException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String hint;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens or secrets
   * @param status the HTTP status
   * @param hint the problem's {@code hint}, or null
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public OAuthException(
      String message,
      int status,
      @Nullable String hint,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, title, detail, requestId, null);
    this.hint = hint;
  }

  /** Returns the problem's {@code hint}, such as {@code "Token has been revoked"}, or null. */
  public @Nullable String hint() {
    return hint;
  }
}
