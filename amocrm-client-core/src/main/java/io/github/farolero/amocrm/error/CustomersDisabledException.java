package io.github.farolero.amocrm.error;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM refused a customers request because the account has customers off, or its tariff does
 * not include them: a {@code 402} or {@code 422} answer to {@code /api/v4/customers…} (amoCRM
 * documents 422 "customers functionality not enabled" for statuses and 402 "the tariff does not
 * include customers" for the mode). Not retried: an administrator of the account must turn
 * customers on (in the account's settings, or with
 * {@code client.customers().mode(CustomersMode.periodicity(true))}).
 *
 * <p>Immutable.
 */
public class CustomersDisabledException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param status the HTTP status code (402 or 422)
   * @param errorCode amoCRM's error code in the body, or null
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public CustomersDisabledException(
      String message,
      int status,
      @Nullable Integer errorCode,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, status, errorCode, title, detail, requestId, null);
  }
}
