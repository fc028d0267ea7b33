package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A segment of customers in segments mode ({@code /api/v4/customers/segments}): a customer may be
 * in several. amoCRM allows 100 segments; their conditions cannot be written through the API.
 *
 * @param id the segment's id; null for a new one
 * @param name its name
 * @param color its color as hex without {@code #}, such as {@code ae003f}
 * @param customersCount how many customers it holds (read-only)
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param customFieldsValues its own custom field values, or null
 * @param accountId the account
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CustomerSegment(
    @Nullable Long id,
    @Nullable String name,
    @Nullable String color,
    @Json(name = "customers_count") @Nullable Long customersCount,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "custom_fields_values") @Nullable List<CustomField> customFieldsValues,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the segment's id; null for a new one
   * @param name its name
   * @param color its color as hex without {@code #}, such as {@code ae003f}
   * @param customersCount how many customers it holds (read-only)
   * @param createdAt when it was created
   * @param updatedAt when it was changed last
   * @param customFieldsValues its own custom field values, or null
   * @param accountId the account
   */
  public CustomerSegment(
      @Nullable Long id,
      @Nullable String name,
      @Nullable String color,
      @Nullable Long customersCount,
      @Nullable Instant createdAt,
      @Nullable Instant updatedAt,
      @Nullable List<CustomField> customFieldsValues,
      @Nullable Long accountId) {
    this(id, name, color, customersCount, createdAt, updatedAt, customFieldsValues, accountId,
        null);
  }

  /** Copies the list. */
  public CustomerSegment {
    customFieldsValues = Models.copy(customFieldsValues);
  }

  /**
   * Returns a new segment to add.
   *
   * @param name its name
   * @param color its color as hex, such as {@code ae003f}
   * @return the segment
   */
  public static CustomerSegment create(String name, String color) {
    return new CustomerSegment(null, java.util.Objects.requireNonNull(name, "name == null"),
        java.util.Objects.requireNonNull(color, "color == null"), null, null, null, null, null);
  }
}
