package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.LossReason;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.PipelineDraft;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.model.StatusDraft;
import java.util.List;
import java.util.Optional;

/** The pipelines of leads and their stages. Thread-safe. */
public interface Pipelines {

  /**
   * Returns every pipeline with its stages: {@code GET /api/v4/leads/pipelines}.
   *
   * @return the pipelines
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  List<Pipeline> list();

  /**
   * Returns one pipeline.
   *
   * @param id its id
   * @return the pipeline, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<Pipeline> get(long id);

  /**
   * Returns the stages of a pipeline: {@code GET /api/v4/leads/pipelines/{id}/statuses}.
   *
   * @param pipelineId the pipeline's id
   * @return its stages, in order
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException with status 404 if there is no
   *     such pipeline
   */
  List<Status> statuses(long pipelineId);

  /**
   * Adds pipelines with their statuses: {@code POST /api/v4/leads/pipelines}, in requests of at
   * most 50. Each needs a name and at least one status; amoCRM adds "won" and "lost" itself.
   *
   * @param pipelines any number
   * @return the pipelines made, one per input, in order, with their statuses
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<Pipeline> add(List<PipelineDraft> pipelines);

  /**
   * Changes a pipeline: {@code PATCH /api/v4/leads/pipelines/{id}} (name, sort, main, unsorted;
   * its statuses are changed with {@link #updateStatus}).
   *
   * @param id the pipeline's id
   * @param changes what to change; null fields are left as they are
   * @return the pipeline as amoCRM has it now
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the change
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException with status 404 if there is no
   *     such pipeline
   */
  Pipeline update(long id, PipelineDraft changes);

  /**
   * Deletes a pipeline: {@code DELETE /api/v4/leads/pipelines/{id}}. amoCRM refuses to delete the
   * main pipeline or one that still has leads.
   *
   * @param id the pipeline's id
   * @return true if it was deleted, false if there was none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM refused (400 for a
   *     pipeline with leads, or the main one)
   */
  boolean delete(long id);

  /**
   * Adds statuses to a pipeline: {@code POST /api/v4/leads/pipelines/{pipeline_id}/statuses}, in
   * requests of at most 50.
   *
   * @param pipelineId the pipeline
   * @param statuses any number; each needs a name
   * @return the statuses made, one per input, in order
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<Status> addStatuses(long pipelineId, List<StatusDraft> statuses);

  /**
   * Changes a status: {@code PATCH /api/v4/leads/pipelines/{pipeline_id}/statuses/{id}}. The
   * "won" (142) and "lost" (143) statuses cannot be changed.
   *
   * @param pipelineId the pipeline
   * @param statusId the status
   * @param changes what to change; null fields are left as they are
   * @return the status as amoCRM has it now
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the change
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException with status 404 if there is no
   *     such status
   */
  Status updateStatus(long pipelineId, long statusId, StatusDraft changes);

  /**
   * Deletes a status: {@code DELETE /api/v4/leads/pipelines/{pipeline_id}/statuses/{id}}. amoCRM
   * refuses to delete "won", "lost" and "unsorted".
   *
   * @param pipelineId the pipeline
   * @param statusId the status
   * @return true if it was deleted, false if there was none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM refused
   */
  boolean deleteStatus(long pipelineId, long statusId);

  /**
   * Returns the reasons a lead may be lost for: {@code GET /api/v4/leads/loss_reasons}, paged.
   *
   * @return the loss reasons
   */
  Listing<LossReason> lossReasons();

  /**
   * Returns one loss reason: {@code GET /api/v4/leads/loss_reasons/{id}}.
   *
   * @param id its id
   * @return the reason, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<LossReason> lossReason(long id);
}
