package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.Status;
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
}
