package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * A status of customers in periodicity mode ({@code /api/v4/customers/statuses}): the stages a
 * customer moves through by its next purchase date. amoCRM keeps a few system statuses and
 * allows 30 in all; their conditions cannot be written through the API.
 *
 * @param id the status's id; null for a new one
 * @param name its name
 * @param sort its position
 * @param isDefault true for the status new customers get
 * @param color its color as hex, such as {@code #fffeb2}
 * @param type 0 for a status of the account's own, other numbers for amoCRM's system statuses
 * @param accountId the account
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CustomerStatus(
    @Nullable Long id,
    @Nullable String name,
    @Nullable Long sort,
    @Json(name = "is_default") @Nullable Boolean isDefault,
    @Nullable String color,
    @Nullable Long type,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the status's id; null for a new one
   * @param name its name
   * @param sort its position
   * @param isDefault true for the status new customers get
   * @param color its color as hex, such as {@code #fffeb2}
   * @param type 0 for a status of the account's own, other numbers for amoCRM's system statuses
   * @param accountId the account
   */
  public CustomerStatus(
      @Nullable Long id,
      @Nullable String name,
      @Nullable Long sort,
      @Nullable Boolean isDefault,
      @Nullable String color,
      @Nullable Long type,
      @Nullable Long accountId) {
    this(id, name, sort, isDefault, color, type, accountId, null);
  }

  /**
   * Returns a new status to add.
   *
   * @param name its name
   * @param sort its position
   * @param color its color as hex, such as {@code #fffeb2}
   * @return the status
   */
  public static CustomerStatus create(String name, long sort, String color) {
    return new CustomerStatus(null, java.util.Objects.requireNonNull(name, "name == null"), sort,
        null, color, null, null);
  }
}
