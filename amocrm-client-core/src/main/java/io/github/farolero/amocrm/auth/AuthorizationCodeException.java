package io.github.farolero.amocrm.auth;

import org.jspecify.annotations.Nullable;

/**
 * The authorization code was refused: it expired (codes live about 20 minutes), was used already (codes are single-use), or cannot be decrypted. Ask the user to authorize again.
 *
 * <p>amoCRM signals it with hints "Authorization code has expired", "Authorization code has been revoked", "Cannot decrypt the authorization code".
 */
public class AuthorizationCodeException extends OAuthException {
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
  public AuthorizationCodeException(
      String message,
      int status,
      @Nullable String hint,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, hint, title, detail, requestId);
  }
}
