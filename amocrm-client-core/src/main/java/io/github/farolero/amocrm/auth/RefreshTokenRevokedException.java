package io.github.farolero.amocrm.auth;

import org.jspecify.annotations.Nullable;

/**
 * The refresh token was refused: it was used already (refresh tokens are single-use; another process may have refreshed first), revoked, or is invalid. The token manager re-reads the store before it gives up.
 *
 * <p>amoCRM signals it with hint "Token has been revoked" or "Invalid refresh token".
 */
public class RefreshTokenRevokedException extends OAuthException {
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
  public RefreshTokenRevokedException(
      String message,
      int status,
      @Nullable String hint,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, hint, title, detail, requestId);
  }
}
