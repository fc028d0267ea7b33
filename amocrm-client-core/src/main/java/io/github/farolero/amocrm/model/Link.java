package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A link between two entities ({@code /api/v4/{entity_type}/{id}/links}): a lead, contact,
 * company or customer on one side; a lead, contact, company, customer or catalog element on the
 * other. Read from amoCRM with both sides; written with the target only (linking one entity's
 * links) or with the source's id too (linking many entities at once).
 *
 * <pre>{@code
 * Link contact = Link.to(EntityType.CONTACTS, 501L);                 // a contact
 * Link product = Link.toCatalogElement(7001L, 9001L, 3);             // 3 of element 9001
 * Link mass = Link.to(EntityType.COMPANIES, 701L).from(42L);         // lead 42 -> company 701
 * }</pre>
 *
 * @param entityId the source entity's id: set when linking many entities at once; amoCRM's
 *     answers carry it
 * @param entityType the source's type ({@code leads}, {@code contacts}, {@code companies},
 *     {@code customers}), as amoCRM answers it; not sent
 * @param toEntityId the linked entity's id
 * @param toEntityType the linked entity's type: {@code leads}, {@code contacts},
 *     {@code companies}, {@code customers} or {@code catalog_elements} ({@link #CATALOG_ELEMENTS})
 * @param metadata quantity and catalog of a catalog element, the main contact flag; or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Link(
    @Json(name = "entity_id") @Nullable Long entityId,
    @Json(name = "entity_type") @Nullable String entityType,
    @Json(name = "to_entity_id") @Nullable Long toEntityId,
    @Json(name = "to_entity_type") @Nullable String toEntityType,
    @Nullable LinkMetadata metadata,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param entityId the source entity's id: set when linking many entities at once; amoCRM's
   *     answers carry it
   * @param entityType the source's type ({@code leads}, {@code contacts}, {@code companies},
   *     {@code customers}), as amoCRM answers it; not sent
   * @param toEntityId the linked entity's id
   * @param toEntityType the linked entity's type: {@code leads}, {@code contacts},
   *     {@code companies}, {@code customers} or {@code catalog_elements}
   *     ({@link #CATALOG_ELEMENTS})
   * @param metadata quantity and catalog of a catalog element, the main contact flag; or null
   */
  public Link(
      @Nullable Long entityId,
      @Nullable String entityType,
      @Nullable Long toEntityId,
      @Nullable String toEntityType,
      @Nullable LinkMetadata metadata) {
    this(entityId, entityType, toEntityId, toEntityType, metadata, null);
  }

  /** The {@link #toEntityType()} of a catalog element (a product, an invoice, a list item). */
  public static final String CATALOG_ELEMENTS = "catalog_elements";

  /**
   * Returns a link to an entity.
   *
   * @param type the linked entity's type
   * @param id its id
   * @return the link, without a source
   */
  public static Link to(EntityType type, long id) {
    Objects.requireNonNull(type, "type == null");
    return new Link(null, null, id, type.path(), null);
  }

  /**
   * Returns a link to a contact, marked as the main one or not.
   *
   * @param id the contact's id
   * @param main true to make it the main contact
   * @return the link, without a source
   */
  public static Link toContact(long id, boolean main) {
    return new Link(null, null, id, EntityType.CONTACTS.path(),
        main ? new LinkMetadata(null, null, null, true, null, null) : null);
  }

  /**
   * Returns a link to a catalog element (a product, a list item) with a quantity.
   *
   * @param catalogId the element's catalog
   * @param elementId the element's id
   * @param quantity how many
   * @return the link, without a source
   */
  public static Link toCatalogElement(long catalogId, long elementId, long quantity) {
    return new Link(null, null, elementId, CATALOG_ELEMENTS,
        LinkMetadata.catalogElement(catalogId, quantity));
  }

  /**
   * Returns this link with its source entity's id, for linking many entities at once.
   *
   * @param entityId the source entity's id
   * @return a copy with {@code entity_id} set
   */
  public Link from(long entityId) {
    return new Link(entityId, entityType, toEntityId, toEntityType, metadata, extras);
  }
}
