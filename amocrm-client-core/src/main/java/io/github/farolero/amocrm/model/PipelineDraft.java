package io.github.farolero.amocrm.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline to add, or the changes to one: the body of {@code POST /api/v4/leads/pipelines} and
 * {@code PATCH /api/v4/leads/pipelines/{id}}. A null field is not sent (on a change: left as it
 * is). amoCRM adds the "won" (142) and "lost" (143) statuses to every new pipeline itself.
 *
 * <pre>{@code
 * PipelineDraft draft = PipelineDraft.named("Partners")
 *     .withStatuses(List.of(StatusDraft.named("New"), StatusDraft.named("Talks")));
 * }</pre>
 *
 * @param name the pipeline's name (required to add one)
 * @param sort its position
 * @param main true to make it the account's main pipeline
 * @param unsortedOn true to give it an "unsorted" stage
 * @param statuses its statuses ({@code _embedded.statuses}; to add a pipeline, at least one);
 *     null on a change
 */
public record PipelineDraft(
    @Nullable String name,
    @Nullable Long sort,
    @Nullable Boolean main,
    @Nullable Boolean unsortedOn,
    @Nullable List<StatusDraft> statuses) {

  /** Copies the list. */
  public PipelineDraft {
    statuses = statuses == null ? null : List.copyOf(statuses);
  }

  /**
   * Returns a draft with just a name.
   *
   * @param name the name
   * @return the draft
   */
  public static PipelineDraft named(String name) {
    return new PipelineDraft(Objects.requireNonNull(name, "name == null"), null, null, null,
        null);
  }

  /**
   * Returns a copy with another position.
   *
   * @param sort the position, or null to leave it
   * @return the copy
   */
  public PipelineDraft withSort(@Nullable Long sort) {
    return new PipelineDraft(name, sort, main, unsortedOn, statuses);
  }

  /**
   * Returns a copy that is, or is not, the main pipeline.
   *
   * @param main true for the main pipeline, or null to leave it
   * @return the copy
   */
  public PipelineDraft withMain(@Nullable Boolean main) {
    return new PipelineDraft(name, sort, main, unsortedOn, statuses);
  }

  /**
   * Returns a copy with, or without, an "unsorted" stage.
   *
   * @param unsortedOn true for an "unsorted" stage, or null to leave it
   * @return the copy
   */
  public PipelineDraft withUnsortedOn(@Nullable Boolean unsortedOn) {
    return new PipelineDraft(name, sort, main, unsortedOn, statuses);
  }

  /**
   * Returns a copy with these statuses.
   *
   * @param statuses the statuses, or null for none
   * @return the copy
   */
  public PipelineDraft withStatuses(@Nullable List<StatusDraft> statuses) {
    return new PipelineDraft(name, sort, main, unsortedOn, statuses);
  }
}
