package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An element of a catalog ({@code /api/v4/catalogs/{id}/elements}): a product, an invoice, or an
 * item of a regular catalog, with its custom field values.
 *
 * @param id the element's id, or null for a new one
 * @param catalogId its catalog, or null
 * @param name its name
 * @param createdBy the user who made it, or null
 * @param updatedBy the user who last changed it, or null
 * @param createdAt when it was made, or null
 * @param updatedAt when it last changed, or null
 * @param deleted true if it is deleted, or null
 * @param customFields its custom field values, or null (not sent)
 * @param accountId the account, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CatalogElement(
    @Nullable Long id,
    @Json(name = "catalog_id") @Nullable Long catalogId,
    @Nullable String name,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "is_deleted") @Nullable Boolean deleted,
    @Json(name = "custom_fields_values") @Nullable List<CustomField> customFields,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the element's id, or null for a new one
   * @param catalogId its catalog, or null
   * @param name its name
   * @param createdBy the user who made it, or null
   * @param updatedBy the user who last changed it, or null
   * @param createdAt when it was made, or null
   * @param updatedAt when it last changed, or null
   * @param deleted true if it is deleted, or null
   * @param customFields its custom field values, or null (not sent)
   * @param accountId the account, or null
   */
  public CatalogElement(
      @Nullable Long id,
      @Nullable Long catalogId,
      @Nullable String name,
      @Nullable Long createdBy,
      @Nullable Long updatedBy,
      @Nullable Instant createdAt,
      @Nullable Instant updatedAt,
      @Nullable Boolean deleted,
      @Nullable List<CustomField> customFields,
      @Nullable Long accountId) {
    this(id, catalogId, name, createdBy, updatedBy, createdAt, updatedAt, deleted, customFields,
        accountId, null);
  }

  /** Copies the list. */
  public CatalogElement {
    customFields = customFields == null ? null : List.copyOf(customFields);
  }

  /**
   * Returns a new element to add.
   *
   * @param name its name
   * @param customFields its custom field values (may be empty)
   * @return the element
   */
  public static CatalogElement of(String name, List<CustomField> customFields) {
    return new CatalogElement(null, null, Objects.requireNonNull(name, "name == null"), null,
        null, null, null, null, customFields, null);
  }

  /**
   * Returns a copy with this id, to update the element.
   *
   * @param id the element's id
   * @return the copy
   */
  public CatalogElement withId(long id) {
    return new CatalogElement(id, catalogId, name, createdBy, updatedBy, createdAt, updatedAt,
        deleted, customFields, accountId, extras);
  }
}
