package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered 403 with error code 113: the caller's IP address is not in the account's
 * allowed list. Never retried; an administrator of the account must allow the address.
 */
public class IpNotAllowedException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public IpNotAllowedException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, title, detail, requestId);
  }
}
