package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered {@code 401 Unauthorized} after the client's auth path gave up: the token was refused and no newer one was available (the token manager refreshed at most once and retried once). Not retried further. A dead refresh token surfaces as {@link io.github.farolero.amocrm.auth.ReauthorizationRequiredException} instead.
 */
public class UnauthorizedException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public UnauthorizedException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, 401, title, detail, requestId, null);
  }
}
