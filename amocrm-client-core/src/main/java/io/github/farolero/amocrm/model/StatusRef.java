package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * A stage of a pipeline named by its ids, as a custom field definition's
 * {@code required_statuses} and {@code hidden_statuses} list them.
 *
 * @param pipelineId the pipeline
 * @param statusId the stage
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record StatusRef(
    @Json(name = "pipeline_id") @Nullable Long pipelineId,
    @Json(name = "status_id") @Nullable Long statusId,
    @Nullable Extras extras) {

  /**
   * Returns a stage by its ids.
   *
   * @param pipelineId the pipeline
   * @param statusId the stage
   * @return the reference
   */
  public static StatusRef of(long pipelineId, long statusId) {
    return new StatusRef(pipelineId, statusId, null);
  }
}
