package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered 403 with its HTML "blocked" page: the account is blocked (usually for breaking
 * the 7 requests per second limit) or the caller's IP is not allowed. Never retried: retrying a
 * blocked account lengthens the ban. Only amoCRM support lifts it.
 */
public class AccountBlockedException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

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
    super(message, title, detail, requestId);
  }
}
