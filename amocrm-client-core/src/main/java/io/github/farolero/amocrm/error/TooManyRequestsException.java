package io.github.farolero.amocrm.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered {@code 429 Too Many Requests} and the {@code RetryPolicy} gave up (attempts
 * used, a write it may not repeat, or a {@code Retry-After} longer than its maximum delay). The
 * client's own rate limiter should make this rare; if it is not, the limit is shared with
 * something outside this JVM. Repeated 429s get an account blocked: slow down.
 *
 * <p>Immutable.
 */
public class TooManyRequestsException extends AmoCrmHttpException {
  private static final long serialVersionUID = 2L;

  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null (amoCRM's 429 is an HTML page)
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   * @param retryAfter the {@code Retry-After} the last answer asked for, or null
   */
  public TooManyRequestsException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId,
      @Nullable Duration retryAfter) {
    super(message, 429, null, title, detail, requestId, null);
    this.retryAfter = retryAfter;
  }

  /** Returns how long the last answer's {@code Retry-After} asked to wait, if it had one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
