package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.error.AmoCrmHttpException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM's token endpoint ({@code POST /oauth2/access_token}) refused a request. amoCRM answers
 * with {@code application/problem+json} whose {@code hint} says why (not RFC 6749's
 * {@code error}), with the same hint under 400 or 401; {@link #reason()} is what the hint means
 * for the caller, {@link #hint()} the hint itself.
 *
 * <p>A refused refresh token does not reach callers as this exception: the client first re-reads
 * the store (another process may have refreshed), and only then raises
 * {@link ReauthorizationRequiredException} with this as its cause.
 *
 * <p>Immutable.
 */
public class OAuthException extends AmoCrmHttpException {
  private static final long serialVersionUID = 2L;

  /** What the token endpoint's refusal means for the caller. */
  public enum Reason {
    /**
     * The refresh token was refused: it was used already (refresh tokens are single-use; another
     * process may have refreshed first), revoked, invalid, expired (3 months unused), cannot be
     * decrypted, or belongs to another client. Hints "Token has been revoked", "Invalid refresh
     * token", and while refreshing "Token has expired", "Cannot decrypt the refresh token",
     * "Refresh token is not linked to client". A person must authorize again.
     */
    REFRESH_TOKEN_REFUSED,
    /**
     * The authorization code was refused: it expired (codes live about 20 minutes), was used
     * already (codes are single-use), or cannot be decrypted. Hints "Authorization code has
     * expired", "Authorization code has been revoked", "Cannot decrypt the authorization code".
     * Ask the user to authorize again for a new code.
     */
    AUTHORIZATION_CODE_REFUSED,
    /**
     * The integration's client id or secret was refused. Hints "Check the `client_id`
     * parameter", "Check the `client_secret` parameter", or the title "Некорректный клиент".
     * Check them in the account's integration settings.
     */
    INVALID_CLIENT,
    /**
     * The redirect URI is not the one registered for the integration. Hint "Redirect URI is not
     * associated with client". Use exactly the URI from the integration settings.
     */
    REDIRECT_URI_MISMATCH,
    /**
     * Any other refusal: an unknown hint, a 5xx of the token endpoint, a redirect (it follows
     * none). {@link #status()}, {@link #hint()} and the message say more; a 5xx may pass.
     */
    OTHER
  }

  private final Reason reason;
  private final @Nullable String hint;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens or secrets
   * @param reason what the refusal means
   * @param status the HTTP status
   * @param hint the problem's {@code hint}, or null
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public OAuthException(
      String message,
      Reason reason,
      int status,
      @Nullable String hint,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, null, title, detail, requestId, null);
    this.reason = Objects.requireNonNull(reason, "reason == null");
    this.hint = hint;
  }

  /** Returns what the refusal means for the caller. */
  public Reason reason() {
    return reason;
  }

  /** Returns the problem's {@code hint}, such as {@code "Token has been revoked"}, or null. */
  public @Nullable String hint() {
    return hint;
  }
}
