package io.github.farolero.amocrm.error;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM answered {@code 400 Bad Request}: usually its request validation failed, and
 * {@link #validationErrors()} says which input and which field. Not retried.
 *
 * <p>A batch ({@code add}/{@code update} of more than 50 entities) goes out as several requests.
 * When a later one is refused, this is the cause of a {@link PartialBatchException} that carries
 * the results of the earlier, saved requests; {@link #firstInputIndex()} is the caller's index of
 * the refused request's first input, and the inputs from it on were not saved.
 */
public class ValidationException extends AmoCrmHttpException {
  private static final long serialVersionUID = 2L;

  @SuppressWarnings("serial") // an immutable List.copyOf of records
  private final List<ValidationError> errors;
  private final int firstInputIndex;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param title the problem's {@code title}, or null
   * @param detail the problem's {@code detail}, or null
   * @param requestId the {@code X-Request-Id} header, or null
   * @param errors the validation errors, possibly empty
   * @param firstInputIndex the caller's index of the first input of the refused request
   * @param cause the underlying failure, or null
   */
  public ValidationException(
      String message,
      @Nullable String title,
      @Nullable String detail,
      @Nullable String requestId,
      List<ValidationError> errors,
      int firstInputIndex,
      @Nullable Throwable cause) {
    super(message, 400, null, title, detail, requestId, cause);
    this.errors = List.copyOf(errors);
    this.firstInputIndex = firstInputIndex;
  }

  /** Returns amoCRM's validation errors, each naming the input (by index) it belongs to. */
  @Override
  public List<ValidationError> validationErrors() {
    return errors;
  }

  /**
   * Returns the caller's index of the first input in the refused request: 0 for a single request
   * or a batch's first; in a later request of a batch, every input before it was saved by an
   * earlier request (see {@link PartialBatchException}).
   */
  public int firstInputIndex() {
    return firstInputIndex;
  }
}
