package io.github.farolero.amocrm.error;

import org.jspecify.annotations.Nullable;

/**
 * The account is banned: amoCRM answered 403 with its HTML "blocked" page (usually for breaking
 * the 7 requests per second limit), or the client refused a request locally because such an
 * answer came within the ban's cool-down ({@code RateLimit.banCoolDown}). Never retried: every
 * further request lengthens the ban, and only amoCRM support lifts it. Stop calling and alert a
 * person. {@link #status()} is 403.
 *
 * <p>Immutable.
 */
public class AccountBlockedException extends AmoCrmHttpException {
  private static final long serialVersionUID = 2L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary
   * @param title the problem's {@code title}, or null (the usual HTML page has none)
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public AccountBlockedException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, 403, null, title, detail, requestId, null);
  }
}
