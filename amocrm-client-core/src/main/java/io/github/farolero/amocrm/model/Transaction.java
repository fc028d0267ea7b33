package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A purchase of a customer ({@code /api/v4/customers/{id}/transactions}). Added with its price
 * (and optionally what was bought and the customer's next purchase); amoCRM does not update
 * transactions, only deletes them.
 *
 * @param id the transaction's id; null for a new one
 * @param price the amount
 * @param comment a comment, or null
 * @param completedAt when the purchase was made; amoCRM takes now when null
 * @param customerId the customer (read)
 * @param createdBy who added it
 * @param updatedBy who changed it last
 * @param createdAt when it was added
 * @param updatedAt when it was changed last
 * @param deleted true if it was deleted
 * @param accountId the account
 * @param nextPrice the customer's next expected amount, set with the transaction (write-only)
 * @param nextDate the customer's next purchase date, set with the transaction (write-only)
 * @param embedded what was bought ({@code catalog_elements}), or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Transaction(
    @Nullable Long id,
    @Nullable Long price,
    @Nullable String comment,
    @Json(name = "completed_at") @Nullable Instant completedAt,
    @Json(name = "customer_id") @Nullable Long customerId,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "is_deleted") @Nullable Boolean deleted,
    @Json(name = "account_id") @Nullable Long accountId,
    @Json(name = "next_price") @Nullable Long nextPrice,
    @Json(name = "next_date") @Nullable Instant nextDate,
    @Json(name = "_embedded") @Nullable Elements embedded,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the transaction's id; null for a new one
   * @param price the amount
   * @param comment a comment, or null
   * @param completedAt when the purchase was made; amoCRM takes now when null
   * @param customerId the customer (read)
   * @param createdBy who added it
   * @param updatedBy who changed it last
   * @param createdAt when it was added
   * @param updatedAt when it was changed last
   * @param deleted true if it was deleted
   * @param accountId the account
   * @param nextPrice the customer's next expected amount, set with the transaction (write-only)
   * @param nextDate the customer's next purchase date, set with the transaction (write-only)
   * @param embedded what was bought ({@code catalog_elements}), or null
   */
  public Transaction(
      @Nullable Long id,
      @Nullable Long price,
      @Nullable String comment,
      @Nullable Instant completedAt,
      @Nullable Long customerId,
      @Nullable Long createdBy,
      @Nullable Long updatedBy,
      @Nullable Instant createdAt,
      @Nullable Instant updatedAt,
      @Nullable Boolean deleted,
      @Nullable Long accountId,
      @Nullable Long nextPrice,
      @Nullable Instant nextDate,
      @Nullable Elements embedded) {
    this(id, price, comment, completedAt, customerId, createdBy, updatedBy, createdAt, updatedAt,
        deleted, accountId, nextPrice, nextDate, embedded, null);
  }

  /**
   * Returns a new transaction of this amount, completed now.
   *
   * @param price the amount
   * @return the transaction
   */
  public static Transaction of(long price) {
    return new Transaction(null, price, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /**
   * Returns a copy with the catalog elements bought.
   *
   * @param elements what was bought
   * @return the copy
   */
  public Transaction withElements(List<CatalogElementRef> elements) {
    return new Transaction(id, price, comment, completedAt, customerId, createdBy, updatedBy,
        createdAt, updatedAt, deleted, accountId, nextPrice, nextDate,
        new Elements(elements, embedded == null ? null : embedded.extras()), extras);
  }

  /** Returns what was bought; empty when amoCRM sent nothing. */
  public List<CatalogElementRef> catalogElements() {
    return embedded == null || embedded.catalogElements() == null ? List.of()
        : embedded.catalogElements();
  }

  /**
   * A transaction's {@code _embedded}.
   *
   * @param catalogElements what was bought, or null
   * @param extras what amoCRM sent that this record has no component for, or null
   *     (see {@link Extras})
   */
  public record Elements(
      @Json(name = "catalog_elements") @Nullable List<CatalogElementRef> catalogElements,
      @Nullable Extras extras) {
    /**
     * Returns one with no extra keys.
     *
     * @param catalogElements what was bought, or null
     */
    public Elements(
        @Nullable List<CatalogElementRef> catalogElements) {
      this(catalogElements, null);
    }

    /** Copies the list. */
    public Elements {
      catalogElements = Models.copy(catalogElements);
    }
  }
}
