package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered with a {@code 5xx} status. Reads are retried on 502, 503 and 504 before this is
 * thrown (writes only when the {@link RetryPolicy} allows it), so it means the server kept failing.
 */
public class ServerErrorException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param status the HTTP status, 500 to 599
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   * @throws IllegalArgumentException if the status is not a 5xx
   */
  public ServerErrorException(
      String message,
      int status,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, checkStatus(status), title, detail, requestId, null);
  }

  private static int checkStatus(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("not a 5xx status: " + status);
    }
    return status;
  }
}
