package io.github.farolero.amocrm.auth;

import org.jspecify.annotations.Nullable;

/**
 * The integration's client id or secret was refused. Check them in the account's integration settings.
 *
 * <p>amoCRM signals it with hints "Check the `client_id` parameter", "Check the `client_secret` parameter", title "Некорректный клиент".
 */
public class InvalidClientException extends OAuthException {
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
  public InvalidClientException(
      String message,
      int status,
      @Nullable String hint,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, hint, title, detail, requestId);
  }
}
