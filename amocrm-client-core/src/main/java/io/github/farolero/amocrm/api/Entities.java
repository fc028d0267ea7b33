package io.github.farolero.amocrm.api;

import java.util.List;
import java.util.Optional;

/**
 * An entity service (leads, contacts, companies, tasks): list, get by id, add and update in
 * batches.
 *
 * <p>{@code add} and {@code update} take any number of entities, send them in requests of at most
 * 50, and return one {@link SaveResult} per input, in the inputs' order. A {@code 400} becomes a
 * {@link io.github.farolero.amocrm.error.ValidationException} whose errors name the inputs (their
 * index in the caller's list). If a request after the first fails, the earlier ones were saved:
 * that is a {@link io.github.farolero.amocrm.error.PartialBatchException} with their results and
 * the failure as its cause. Writes are not retried unless the client's {@code RetryPolicy} allows
 * it.
 *
 * <p>Thread-safe.
 *
 * @param <T> the entity type
 */
public interface Entities<T> extends Listing<T> {

  /** The most entities sent in one write request, as amoCRM advises. */
  int BATCH_SIZE = 50;

  /**
   * Returns one entity.
   *
   * @param id its id
   * @param with related entities to include, such as {@code contacts}
   * @return the entity, or empty if amoCRM has none with that id (204 or 404)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<T> get(long id, String... with);

  /**
   * Adds entities (their ids must be null).
   *
   * @param entities any number
   * @return one result per input, in order, with the new ids
   * @throws IllegalArgumentException if an entity has an id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  List<SaveResult> add(List<T> entities);

  /**
   * Updates entities: each must carry its id; fields left null are not changed.
   *
   * @param entities any number
   * @return one result per input, in order
   * @throws IllegalArgumentException if an entity has no id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  List<SaveResult> update(List<T> entities);
}
