package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM keeps about one link ({@code metadata}): the quantity and catalog of a linked
 * catalog element, whether a contact is the main one. Every field is nullable: amoCRM sends only
 * what applies, and a null field is not sent.
 *
 * @param catalogId the catalog of a linked catalog element (required to link one)
 * @param quantity how many of a linked catalog element
 * @param priceId the price field of a linked product, or null
 * @param main true to make a linked contact the main one (written as {@code is_main})
 * @param mainContact true if a linked contact is the main one (read: amoCRM answers with
 *     {@code main_contact})
 * @param updatedBy the user who made the link, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record LinkMetadata(
    @Json(name = "catalog_id") @Nullable Long catalogId,
    @Nullable Long quantity,
    @Json(name = "price_id") @Nullable Long priceId,
    @Json(name = "is_main") @Nullable Boolean main,
    @Json(name = "main_contact") @Nullable Boolean mainContact,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param catalogId the catalog of a linked catalog element (required to link one)
   * @param quantity how many of a linked catalog element
   * @param priceId the price field of a linked product, or null
   * @param main true to make a linked contact the main one (written as {@code is_main})
   * @param mainContact true if a linked contact is the main one (read: amoCRM answers with
   *     {@code main_contact})
   * @param updatedBy the user who made the link, or null
   */
  public LinkMetadata(
      @Nullable Long catalogId,
      @Nullable Long quantity,
      @Nullable Long priceId,
      @Nullable Boolean main,
      @Nullable Boolean mainContact,
      @Nullable Long updatedBy) {
    this(catalogId, quantity, priceId, main, mainContact, updatedBy, null);
  }

  /**
   * Returns the metadata of a catalog element link.
   *
   * @param catalogId the element's catalog
   * @param quantity how many
   * @return the metadata
   */
  public static LinkMetadata catalogElement(long catalogId, long quantity) {
    return new LinkMetadata(catalogId, quantity, null, null, null, null);
  }

  /**
   * Returns true if this marks the main contact, whichever of {@code is_main} and
   * {@code main_contact} said so.
   *
   * @return true for the main contact
   */
  public boolean isMain() {
    return Boolean.TRUE.equals(main) || Boolean.TRUE.equals(mainContact);
  }
}
