package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * A catalog element (a product, a list item) inside an entity's {@code _embedded}: a customer's,
 * a transaction's.
 *
 * @param id the element's id
 * @param metadata its quantity and catalog, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CatalogElementRef(@Nullable Long id, @Nullable LinkMetadata metadata,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the element's id
   * @param metadata its quantity and catalog, or null
   */
  public CatalogElementRef(
      @Nullable Long id,
      @Nullable LinkMetadata metadata) {
    this(id, metadata, null);
  }

  /**
   * Returns a reference to {@code quantity} of an element of a catalog.
   *
   * @param catalogId the element's catalog
   * @param elementId the element's id
   * @param quantity how many
   * @return the reference
   */
  public static CatalogElementRef of(long catalogId, long elementId, long quantity) {
    return new CatalogElementRef(elementId, LinkMetadata.catalogElement(catalogId, quantity));
  }
}
