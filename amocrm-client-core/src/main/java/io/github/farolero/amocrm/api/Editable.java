package io.github.farolero.amocrm.api;

/**
 * A list amoCRM lets the caller edit item by item: everything of {@link Entities}, and delete.
 * Used for customers' statuses and segments. Updates are sent one request per item
 * ({@code PATCH …/{id}}), in order; a failure after the first is a
 * {@link io.github.farolero.amocrm.error.PartialBatchException} with the results before it.
 * Thread-safe.
 *
 * @param <T> the item type
 */
public interface Editable<T> extends Entities<T> {

  /**
   * Deletes one item: {@code DELETE …/{id}}.
   *
   * @param id its id
   * @return true if it was deleted, false if amoCRM has none with that id (404)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  boolean delete(long id);
}
