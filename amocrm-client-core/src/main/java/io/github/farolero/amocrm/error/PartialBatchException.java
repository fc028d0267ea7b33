package io.github.farolero.amocrm.error;

import java.util.List;
import java.util.Objects;

/**
 * A batch write of more than 50 inputs failed after amoCRM had saved some of them: request
 * {@code k > 1} failed, and the requests before it succeeded. {@link #saved()} holds the results
 * of the saved inputs (so a caller can record their new ids instead of adding them twice),
 * {@link #savedCount()} says how many there are, and {@link #getCause()} is the failure of the
 * request that stopped the batch, exactly as a single request would have thrown it (a
 * {@link ValidationException} whose errors name inputs by their index in the caller's list, an
 * {@link AmoCrmHttpException} with a 5xx status, an I/O failure...).
 *
 * <p>Inputs from {@code savedCount()} on were not confirmed: the failed request's inputs were not
 * saved if amoCRM refused them (4xx), and may or may not have been if its answer was lost (an I/O
 * error, a timeout, a 5xx); later requests were not sent. A failure of the first request is thrown
 * as it is, not wrapped: nothing had been saved.
 */
public class PartialBatchException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable List.copyOf of result records
  private final List<?> saved;

  /**
   * Creates the exception.
   *
   * @param message a readable summary, without tokens
   * @param saved the results of the saved inputs, in input order, from the first input on
   * @param cause the failure of the request that stopped the batch
   */
  public PartialBatchException(String message, List<?> saved, RuntimeException cause) {
    super(message, Objects.requireNonNull(cause, "cause == null"));
    this.saved = List.copyOf(saved);
  }

  /**
   * Returns the results of the inputs amoCRM saved before the failure, in input order: one per
   * input from index 0 to {@code savedCount() - 1}. Each is a
   * {@link io.github.farolero.amocrm.api.SaveResult} ({@code add}, {@code update}, notes, tags) or
   * a {@link io.github.farolero.amocrm.api.ComplexLeadResult} ({@code addComplex}).
   *
   * @return the saved inputs' results, immutable
   */
  public List<?> saved() {
    return saved;
  }

  /** Returns how many inputs were saved: the caller's index of the first one not confirmed. */
  public int savedCount() {
    return saved.size();
  }

  /** Returns the failure of the request that stopped the batch. */
  @Override
  public synchronized RuntimeException getCause() {
    return (RuntimeException) super.getCause();
  }
}
