package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered {@code 403 Forbidden}. Never retried: a 403 from amoCRM usually means the
 * account is blocked for breaking the request limit, and every further request lengthens the ban.
 * The subclasses name the two known causes: {@link AccountBlockedException} (amoCRM's HTML page)
 * and {@link IpNotAllowedException} (error code 113); this class itself is any other 403.
 */
public class ForbiddenException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public ForbiddenException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, 403, title, detail, requestId, null);
  }
}
