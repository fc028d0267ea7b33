package io.github.farolero.amocrm.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM answered for one saved input of a batch, in the order of the inputs.
 *
 * @param index the input's position in the caller's list
 * @param id the entity's id (new for an add); 0 if amoCRM's answer did not say
 * @param updatedAt when amoCRM recorded the change, if it said
 * @param requestId the {@code request_id} the caller set on this input (amoCRM echoes it), or
 *     null when the caller set none
 */
public record SaveResult(int index, long id, @Nullable Instant updatedAt,
    @Nullable String requestId) {

  /**
   * Returns a result of an input without a caller's {@code request_id}.
   *
   * @param index the input's position in the caller's list
   * @param id the entity's id
   * @param updatedAt when amoCRM recorded the change, or null
   */
  public SaveResult(int index, long id, @Nullable Instant updatedAt) {
    this(index, id, updatedAt, null);
  }
}
