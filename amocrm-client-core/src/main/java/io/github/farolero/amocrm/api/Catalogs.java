package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Catalog;
import java.util.List;
import java.util.Optional;

/**
 * The account's catalogs ("списки", {@code /api/v4/catalogs}), invoices and products included
 * (catalogs of {@code type} {@code invoices} and {@code products}): list, get, add, update, and
 * each catalog's elements and custom fields.
 *
 * <pre>{@code
 * Catalog products = client.catalogs().stream()
 *     .filter(c -> Catalog.PRODUCTS.equals(c.type())).findFirst().orElseThrow();
 * client.catalogs().elements(products.id()).add(List.of(CatalogElement.of("Tea", List.of())));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Catalogs extends Listing<Catalog> {

  /**
   * Returns one catalog: {@code GET /api/v4/catalogs/{id}}.
   *
   * @param id its id
   * @return it, or empty if there is none with this id (204 or 404)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<Catalog> get(long id);

  /**
   * Adds catalogs, in requests of at most 50.
   *
   * @param catalogs any number, each with a name
   * @return one result per input, in order
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<SaveResult> add(List<Catalog> catalogs);

  /**
   * Updates catalogs (each with its id), in requests of at most 50.
   *
   * @param catalogs any number, each with an id
   * @return one result per input, in order
   * @throws IllegalArgumentException if a catalog has no id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<SaveResult> update(List<Catalog> catalogs);

  /**
   * Returns the elements of a catalog.
   *
   * @param catalogId the catalog
   * @return its elements
   */
  CatalogElements elements(long catalogId);

  /**
   * Returns the custom field definitions of a catalog ({@code /api/v4/catalogs/{id}/custom_fields}).
   *
   * @param catalogId the catalog
   * @return its custom field definitions
   */
  CustomFields customFields(long catalogId);
}
