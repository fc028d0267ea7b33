package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stage of a pipeline. amoCRM's fixed stages are 142 ("won") and 143 ("lost").
 *
 * @param id the status id
 * @param name its name
 * @param sort its position
 * @param editable true if it can be renamed or removed
 * @param pipelineId its pipeline
 * @param color its color as hex
 * @param type 0 for an ordinary stage, 1 for "unsorted"
 * @param accountId the account
 * @param descriptions its descriptions for each level of the sales team, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Status(
    @Nullable Long id,
    @Nullable String name,
    @Nullable Long sort,
    @Json(name = "is_editable") @Nullable Boolean editable,
    @Json(name = "pipeline_id") @Nullable Long pipelineId,
    @Nullable String color,
    @Nullable Long type,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable List<StatusDescription> descriptions,
    @Nullable Extras extras) {

  /** Copies the list. */
  public Status {
    descriptions = Models.copy(descriptions);
  }

  /** amoCRM's fixed "won" status id. */
  public static final long WON = 142;
  /** amoCRM's fixed "lost" status id. */
  public static final long LOST = 143;
}
