package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Call;
import java.util.List;

/**
 * Call logging ({@code POST /api/v4/calls}): amoCRM attaches each call to the card of the contact
 * or company with its phone number.
 *
 * <pre>{@code
 * AddedCalls result = client.calls().add(List.of(
 *     Call.builder(Call.INBOUND, "+79990001122", 42, "my_pbx").build()));
 * result.errors().forEach(e -> log.warn("call {} not attached: {}", e.index(), e.detail()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Calls {

  /**
   * Adds calls, in requests of at most 50. A call amoCRM could not attach is one of the result's
   * {@link AddedCalls#errors()}, not an exception: the others are kept.
   *
   * @param calls any number
   * @return the attached calls and the errors, each with its input's index
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   *     (400)
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were sent; {@code saved()} holds the {@link AddedCalls} so far
   */
  AddedCalls add(List<Call> calls);
}
