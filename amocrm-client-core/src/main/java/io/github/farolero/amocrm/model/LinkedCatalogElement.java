package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A catalog element (a product, say) linked to a lead, contact or company, as amoCRM embeds it
 * ({@code _embedded.catalog_elements}, read with {@code with=catalog_elements}). Links are made
 * through amoCRM's links API, not by a write of the entity.
 *
 * @param id the element's id
 * @param metadata the link's details, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record LinkedCatalogElement(
    @Nullable Long id,
    @Nullable Metadata metadata,
    @Nullable Extras extras) {

  /**
   * The details of a link to a catalog element.
   *
   * @param quantity how many (may be fractional), or null
   * @param catalogId the element's catalog
   * @param priceId the custom field of the catalog that holds the price used, or null
   * @param extras what amoCRM sent that this record has no component for, or null
   *     (see {@link Extras})
   */
  public record Metadata(
      @Nullable BigDecimal quantity,
      @Json(name = "catalog_id") @Nullable Long catalogId,
      @Json(name = "price_id") @Nullable Long priceId,
      @Nullable Extras extras) {}
}
