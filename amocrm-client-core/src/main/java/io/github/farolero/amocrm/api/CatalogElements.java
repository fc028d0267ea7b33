package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.CatalogElement;
import java.util.List;
import java.util.Optional;

/**
 * The elements of one catalog ({@code /api/v4/catalogs/{id}/elements}): list (with {@code
 * query} and {@code filter[id]}, 250 a page), get, add, update. Thread-safe.
 */
public interface CatalogElements extends Listing<CatalogElement> {

  /**
   * Returns one element.
   *
   * @param id its id
   * @return it, or empty if the catalog has none with this id (204 or 404)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<CatalogElement> get(long id);

  /**
   * Adds elements, in requests of at most 50.
   *
   * @param elements any number
   * @return one result per input, in order
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<SaveResult> add(List<CatalogElement> elements);

  /**
   * Updates elements (each with its id), in requests of at most 50.
   *
   * @param elements any number, each with an id
   * @return one result per input, in order
   * @throws IllegalArgumentException if an element has no id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<SaveResult> update(List<CatalogElement> elements);
}
