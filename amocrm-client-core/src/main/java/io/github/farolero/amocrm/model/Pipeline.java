package io.github.farolero.amocrm.model;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline of leads with its stages.
 *
 * @param id the pipeline's id
 * @param name its name
 * @param sort its position
 * @param main true for the account's main pipeline
 * @param unsortedOn true if it has an "unsorted" stage
 * @param archive true if it is archived
 * @param accountId the account
 * @param statuses its stages, in order; empty if amoCRM sent none
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Pipeline(
    @Nullable Long id,
    @Nullable String name,
    @Nullable Long sort,
    @Nullable Boolean main,
    @Nullable Boolean unsortedOn,
    @Nullable Boolean archive,
    @Nullable Long accountId,
    List<Status> statuses,
    @Nullable Extras extras) {

  /** Copies the list. */
  public Pipeline {
    statuses = List.copyOf(statuses);
  }

  /**
   * Returns the stage with this name.
   *
   * @param name the name
   * @return the stage, if there is one
   */
  public Optional<Status> status(String name) {
    return statuses.stream().filter(s -> name.equals(s.name())).findFirst();
  }
}
