package io.github.farolero.amocrm.error;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered with an HTTP error. Carries the status and, where the body was
 * {@code application/problem+json}, its {@code title}, {@code detail} and error code; HTML and
 * empty bodies leave those null. The message says what came back (an HTML page, an empty body)
 * and what it means.
 *
 * <p>One class serves every status a caller only reads: branch on {@link #status()}.
 * <ul>
 *   <li>401: the token was refused after the client's auth path retried with every newer token it
 *       had. A dead refresh token is
 *       {@link io.github.farolero.amocrm.auth.ReauthorizationRequiredException} instead.
 *   <li>402: the account's subscription is not paid; its owner must pay.
 *   <li>403 with {@link #errorCode()} 113: the caller's IP address is not in the account's allowed
 *       list; an administrator of the account must allow it. Any 403 is never retried (a 403 HTML
 *       page, amoCRM's ban, is {@link AccountBlockedException}).
 *   <li>404: no such route or parent entity (a missing entity asked for by id is an empty
 *       {@code Optional} instead).
 *   <li>5xx: the server kept failing; 502, 503 and 504 were retried for reads (writes only when
 *       the {@code RetryPolicy} allows it), 500 not.
 * </ul>
 * Statuses a caller acts on differently have their subclass: {@link ValidationException} (400),
 * {@link AccountBlockedException} (403, a ban), {@link TooManyRequestsException} (429) and the
 * token endpoint's {@link io.github.farolero.amocrm.auth.OAuthException}.
 *
 * <p>Immutable.
 */
public class AmoCrmHttpException extends AmoCrmException {
  private static final long serialVersionUID = 2L;

  /** The {@link #errorCode()} of amoCRM's 403 "this IP address is not allowed by the account". */
  public static final int IP_NOT_ALLOWED = 113;

  private final int status;
  private final @Nullable Integer errorCode;
  private final @Nullable String title;
  private final @Nullable String detail;
  private final @Nullable String requestId;

  /**
   * Creates an HTTP error.
   *
   * @param message a readable summary, without tokens
   * @param status the HTTP status code
   * @param errorCode amoCRM's error code in the body ({@code code} or {@code error_code}), or null
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the response's {@code X-Request-Id} header, or null
   * @param cause the underlying failure, or null
   */
  public AmoCrmHttpException(
      String message,
      int status,
      @Nullable Integer errorCode,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId,
      @Nullable Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
    this.title = title;
    this.detail = detail;
    this.requestId = requestId;
  }

  /** Returns the HTTP status code. */
  public int status() {
    return status;
  }

  /**
   * Returns amoCRM's error code from the body ({@code code} or {@code error_code}, at the top or
   * under {@code response}), such as {@value #IP_NOT_ALLOWED} for a 403 "IP not allowed"; null
   * when the body had none.
   */
  public @Nullable Integer errorCode() {
    return errorCode;
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
