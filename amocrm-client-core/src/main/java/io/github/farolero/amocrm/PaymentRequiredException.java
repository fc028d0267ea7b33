package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered {@code 402 Payment Required}: the account's subscription is not paid. Not retried; the account's owner must pay.
 */
public class PaymentRequiredException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public PaymentRequiredException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, 402, title, detail, requestId, null);
  }
}
