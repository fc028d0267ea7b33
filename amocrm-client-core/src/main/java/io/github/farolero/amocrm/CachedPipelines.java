package io.github.farolero.amocrm;

import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipelines of leads with their statuses, as {@link ReferenceData} cached them: a snapshot
 * with lookups by id and by name. Reading it sends no request. Names are matched exactly (case and
 * spaces count); where two pipelines, or two statuses of one pipeline, share a name, the first in
 * amoCRM's order wins. Immutable and thread-safe.
 */
public final class CachedPipelines {

  private final List<Pipeline> all;
  private final Map<Long, Pipeline> byId = new HashMap<>();
  private final Map<String, Pipeline> byName = new HashMap<>();

  CachedPipelines(List<Pipeline> pipelines) {
    this.all = List.copyOf(pipelines);
    for (Pipeline p : all) {
      if (p.id() != null) {
        byId.putIfAbsent(p.id(), p);
      }
      if (p.name() != null) {
        byName.putIfAbsent(p.name(), p);
      }
    }
  }

  /** Returns every pipeline, in amoCRM's order. */
  public List<Pipeline> all() {
    return all;
  }

  /**
   * Returns the pipeline with this id.
   *
   * @param id the pipeline's id
   * @return the pipeline, if there is one
   */
  public Optional<Pipeline> byId(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Returns the pipeline with this name.
   *
   * @param name the name
   * @return the pipeline, if there is one
   */
  public Optional<Pipeline> pipelineByName(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name == null")));
  }

  /** Returns the account's main pipeline, if amoCRM marked one. */
  public Optional<Pipeline> main() {
    return all.stream().filter(p -> Boolean.TRUE.equals(p.main())).findFirst();
  }

  /**
   * Returns the status with this name in the pipeline with this name.
   *
   * @param pipelineName the pipeline's name
   * @param statusName the status's name
   * @return the status, if there is one
   */
  public Optional<Status> statusByName(String pipelineName, String statusName) {
    Objects.requireNonNull(statusName, "statusName == null");
    return pipelineByName(pipelineName).flatMap(p -> p.status(statusName));
  }

  /**
   * Returns the status with this name in the pipeline with this id.
   *
   * @param pipelineId the pipeline's id
   * @param statusName the status's name
   * @return the status, if there is one
   */
  public Optional<Status> statusByName(long pipelineId, String statusName) {
    Objects.requireNonNull(statusName, "statusName == null");
    return byId(pipelineId).flatMap(p -> p.status(statusName));
  }

  /**
   * Returns a status of a pipeline by id. Status ids are the account's, except 142 ("won") and 143
   * ("lost"), which every pipeline has: hence the pipeline.
   *
   * @param pipelineId the pipeline's id
   * @param statusId the status's id
   * @return the status, if there is one
   */
  public Optional<Status> status(long pipelineId, long statusId) {
    return byId(pipelineId).flatMap(p -> p.statuses().stream()
        .filter(s -> s.id() != null && s.id() == statusId).findFirst());
  }

  @Override
  public String toString() {
    return "CachedPipelines{" + all.size() + " pipelines}";
  }
}
