package io.github.farolero.amocrm.auth;

import org.jspecify.annotations.Nullable;

/**
 * The redirect URI does not match the one registered for the integration. Use exactly the URI from the integration settings.
 *
 * <p>amoCRM signals it with hint "Redirect URI is not associated with client".
 */
public class RedirectUriMismatchException extends OAuthException {
  private static final long serialVersionUID = 1L;

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
  public RedirectUriMismatchException(
      String message,
      int status,
      @Nullable String hint,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, hint, title, detail, requestId);
  }
}
