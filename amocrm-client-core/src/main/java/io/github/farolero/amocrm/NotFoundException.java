package io.github.farolero.amocrm;

import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered {@code 404 Not Found}: no such route or parent entity (a missing entity asked for by id is an empty {@code Optional} instead). Not retried.
 */
public class NotFoundException extends AmoCrmHttpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   */
  public NotFoundException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId) {
    super(message, 404, title, detail, requestId, null);
  }
}
