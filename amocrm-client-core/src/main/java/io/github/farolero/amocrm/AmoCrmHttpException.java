package io.github.farolero.amocrm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered with an HTTP error. Carries the status and, where the body was
 * {@code application/problem+json}, its {@code title} and {@code detail}; HTML and empty bodies
 * leave those null.
 *
 * <p>The API client throws a subclass for each status a caller may act on:
 * {@link ValidationException} (400), {@link UnauthorizedException} (401),
 * {@link PaymentRequiredException} (402), {@link ForbiddenException} (403, with
 * {@link AccountBlockedException} and {@link IpNotAllowedException}), {@link NotFoundException}
 * (404), {@link TooManyRequestsException} (429) and {@link ServerErrorException} (5xx); any other
 * status is this class itself.
 */
public class AmoCrmHttpException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String title;
  private final @Nullable String detail;
  private final @Nullable String requestId;

  /**
   * Creates an HTTP error.
   *
   * @param message a readable summary, without tokens
   * @param status the HTTP status code
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the response's {@code X-Request-Id} header, or null
   * @param cause the underlying failure, or null
   */
  public AmoCrmHttpException(
      String message,
      int status,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId,
      @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.requestId = requestId;
  }

  /** Returns the HTTP status code. */
  public int status() {
    return status;
  }

  /** Returns the problem's {@code title}, or null when the body had none. */
  public @Nullable String title() {
    return title;
  }

  /** Returns the problem's {@code detail}, or null when the body had none. */
  public @Nullable String detail() {
    return detail;
  }

  /** Returns the {@code X-Request-Id} response header, or null; quote it to amoCRM support. */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * Returns amoCRM's validation errors: empty here, filled by {@link ValidationException}.
   *
   * @return the validation errors, possibly empty
   */
  public List<ValidationError> validationErrors() {
    return List.of();
  }
}
