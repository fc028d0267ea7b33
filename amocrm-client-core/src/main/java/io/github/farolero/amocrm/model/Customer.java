package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A customer (amoCRM's "Покупатель": a buyer of repeat purchases). Read from
 * {@code GET /api/v4/customers}; written by {@code add} (no id) and {@code update} (with id).
 * Every field is nullable, and a field left null is not sent, so an update changes only what was
 * set.
 *
 * <pre>{@code
 * Customer customer = Customer.builder().name("Coffee club")
 *     .nextPrice(1500L).nextDate(Instant.parse("2026-12-01T00:00:00Z"))
 *     .contact(contactId).tag("vip").build();
 * }</pre>
 *
 * @param id the customer's id; null for a new one
 * @param name the name
 * @param nextPrice the expected amount of the next purchase
 * @param nextDate when the next purchase is expected
 * @param responsibleUserId the responsible user
 * @param statusId the status (periodicity mode)
 * @param periodicity the purchase period in days
 * @param createdBy who created it
 * @param updatedBy who changed it last
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param closestTaskAt the due time of its nearest task
 * @param deleted true if it is in the trash
 * @param ltv the sum of its purchases (read-only)
 * @param purchasesCount how many purchases it made (read-only)
 * @param averageCheck its average purchase (read-only)
 * @param accountId the account
 * @param customFieldsValues its custom field values, or null when it has none
 * @param embedded tags, contacts, companies, segments and catalog elements, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Customer(
    @Nullable Long id,
    @Nullable String name,
    @Json(name = "next_price") @Nullable Long nextPrice,
    @Json(name = "next_date") @Nullable Instant nextDate,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "status_id") @Nullable Long statusId,
    @Nullable Long periodicity,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "closest_task_at") @Nullable Instant closestTaskAt,
    @Json(name = "is_deleted") @Nullable Boolean deleted,
    @Nullable Long ltv,
    @Json(name = "purchases_count") @Nullable Long purchasesCount,
    @Json(name = "average_check") @Nullable Long averageCheck,
    @Json(name = "account_id") @Nullable Long accountId,
    @Json(name = "custom_fields_values") @Nullable List<CustomField> customFieldsValues,
    @Json(name = "_embedded") @Nullable CustomerEmbedded embedded,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the customer's id; null for a new one
   * @param name the name
   * @param nextPrice the expected amount of the next purchase
   * @param nextDate when the next purchase is expected
   * @param responsibleUserId the responsible user
   * @param statusId the status (periodicity mode)
   * @param periodicity the purchase period in days
   * @param createdBy who created it
   * @param updatedBy who changed it last
   * @param createdAt when it was created
   * @param updatedAt when it was changed last
   * @param closestTaskAt the due time of its nearest task
   * @param deleted true if it is in the trash
   * @param ltv the sum of its purchases (read-only)
   * @param purchasesCount how many purchases it made (read-only)
   * @param averageCheck its average purchase (read-only)
   * @param accountId the account
   * @param customFieldsValues its custom field values, or null when it has none
   * @param embedded tags, contacts, companies, segments and catalog elements, or null
   */
  public Customer(
      @Nullable Long id,
      @Nullable String name,
      @Nullable Long nextPrice,
      @Nullable Instant nextDate,
      @Nullable Long responsibleUserId,
      @Nullable Long statusId,
      @Nullable Long periodicity,
      @Nullable Long createdBy,
      @Nullable Long updatedBy,
      @Nullable Instant createdAt,
      @Nullable Instant updatedAt,
      @Nullable Instant closestTaskAt,
      @Nullable Boolean deleted,
      @Nullable Long ltv,
      @Nullable Long purchasesCount,
      @Nullable Long averageCheck,
      @Nullable Long accountId,
      @Nullable List<CustomField> customFieldsValues,
      @Nullable CustomerEmbedded embedded) {
    this(id, name, nextPrice, nextDate, responsibleUserId, statusId, periodicity, createdBy,
        updatedBy, createdAt, updatedAt, closestTaskAt, deleted, ltv, purchasesCount, averageCheck,
        accountId, customFieldsValues, embedded, null);
  }

  /** Copies the list. */
  public Customer {
    customFieldsValues = Models.copy(customFieldsValues);
  }

  /** Returns a builder for a new customer or an update. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this customer's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns its custom field values; empty when it has none. */
  public List<CustomField> customFields() {
    return Models.fields(customFieldsValues);
  }

  /**
   * Returns the values of one custom field.
   *
   * @param fieldId the field's id
   * @return the field, if the customer has values for it
   */
  public Optional<CustomField> customField(long fieldId) {
    return Models.field(customFieldsValues, fieldId);
  }

  /** Returns its tags; empty when none were sent. */
  public List<Tag> tags() {
    return embedded == null || embedded.tags() == null ? List.of() : embedded.tags();
  }

  /** Returns its linked contacts (read with {@code with=contacts}); empty when none were sent. */
  public List<EntityLink> contacts() {
    return embedded == null || embedded.contacts() == null ? List.of() : embedded.contacts();
  }

  /** Returns its linked companies; empty when none were sent. */
  public List<EntityLink> companies() {
    return embedded == null || embedded.companies() == null ? List.of() : embedded.companies();
  }

  /** Returns the segments it is in (read with {@code with=segments}); empty if none were sent. */
  public List<EntityLink> segments() {
    return embedded == null || embedded.segments() == null ? List.of() : embedded.segments();
  }

  /** Returns its catalog elements (read with {@code with=catalog_elements}); empty if none. */
  public List<CatalogElementRef> catalogElements() {
    return embedded == null || embedded.catalogElements() == null ? List.of()
        : embedded.catalogElements();
  }

  /** Builds a {@link Customer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Long id;
    private @Nullable String name;
    private @Nullable Long nextPrice;
    private @Nullable Instant nextDate;
    private @Nullable Long responsibleUserId;
    private @Nullable Long statusId;
    private @Nullable Long periodicity;
    private @Nullable Long createdBy;
    private @Nullable Long updatedBy;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable Instant closestTaskAt;
    private @Nullable Boolean deleted;
    private @Nullable Long ltv;
    private @Nullable Long purchasesCount;
    private @Nullable Long averageCheck;
    private @Nullable Long accountId;
    private @Nullable List<CustomField> customFields;
    private final List<Tag> tags = new ArrayList<>();
    private final List<EntityLink> contacts = new ArrayList<>();
    private final List<EntityLink> companies = new ArrayList<>();
    private @Nullable List<EntityLink> segments;
    private @Nullable List<CatalogElementRef> elements;
    private @Nullable Extras embeddedExtras;
    private @Nullable Extras extras;

    private Builder() {}

    private Builder(Customer c) {
      id = c.id;
      name = c.name;
      nextPrice = c.nextPrice;
      nextDate = c.nextDate;
      responsibleUserId = c.responsibleUserId;
      statusId = c.statusId;
      periodicity = c.periodicity;
      createdBy = c.createdBy;
      updatedBy = c.updatedBy;
      createdAt = c.createdAt;
      updatedAt = c.updatedAt;
      closestTaskAt = c.closestTaskAt;
      deleted = c.deleted;
      ltv = c.ltv;
      purchasesCount = c.purchasesCount;
      averageCheck = c.averageCheck;
      accountId = c.accountId;
      customFields = c.customFieldsValues == null ? null : new ArrayList<>(c.customFieldsValues);
      tags.addAll(c.tags());
      contacts.addAll(c.contacts());
      companies.addAll(c.companies());
      segments = c.embedded == null ? null : c.embedded.segments();
      elements = c.embedded == null ? null : c.embedded.catalogElements();
      embeddedExtras = c.embedded == null ? null : c.embedded.extras();
      extras = c.extras;
    }

    /**
     * Sets the id (set for an update).
     *
     * @param id the id (set for an update)
     * @return this builder
     */
    public Builder id(@Nullable Long id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the expected amount of the next purchase.
     *
     * @param nextPrice the expected amount of the next purchase
     * @return this builder
     */
    public Builder nextPrice(@Nullable Long nextPrice) {
      this.nextPrice = nextPrice;
      return this;
    }

    /**
     * Sets when the next purchase is expected.
     *
     * @param nextDate when the next purchase is expected
     * @return this builder
     */
    public Builder nextDate(@Nullable Instant nextDate) {
      this.nextDate = nextDate;
      return this;
    }

    /**
     * Sets the responsible user.
     *
     * @param responsibleUserId the responsible user
     * @return this builder
     */
    public Builder responsibleUserId(@Nullable Long responsibleUserId) {
      this.responsibleUserId = responsibleUserId;
      return this;
    }

    /**
     * Sets the status (periodicity mode).
     *
     * @param statusId the status (periodicity mode)
     * @return this builder
     */
    public Builder statusId(@Nullable Long statusId) {
      this.statusId = statusId;
      return this;
    }

    /**
     * Sets the purchase period in days.
     *
     * @param periodicity the purchase period in days
     * @return this builder
     */
    public Builder periodicity(@Nullable Long periodicity) {
      this.periodicity = periodicity;
      return this;
    }

    /**
     * Sets who created it.
     *
     * @param createdBy who created it
     * @return this builder
     */
    public Builder createdBy(@Nullable Long createdBy) {
      this.createdBy = createdBy;
      return this;
    }

    /**
     * Sets who changed it last.
     *
     * @param updatedBy who changed it last
     * @return this builder
     */
    public Builder updatedBy(@Nullable Long updatedBy) {
      this.updatedBy = updatedBy;
      return this;
    }

    /**
     * Sets when it was created.
     *
     * @param createdAt when it was created
     * @return this builder
     */
    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /**
     * Sets when it was changed last.
     *
     * @param updatedAt when it was changed last
     * @return this builder
     */
    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /**
     * Sets the due time of its nearest task.
     *
     * @param closestTaskAt the due time of its nearest task
     * @return this builder
     */
    public Builder closestTaskAt(@Nullable Instant closestTaskAt) {
      this.closestTaskAt = closestTaskAt;
      return this;
    }

    /**
     * Sets true if it is in the trash.
     *
     * @param deleted true if it is in the trash
     * @return this builder
     */
    public Builder deleted(@Nullable Boolean deleted) {
      this.deleted = deleted;
      return this;
    }

    /**
     * Sets the sum of its purchases (read-only).
     *
     * @param ltv the sum of its purchases (read-only)
     * @return this builder
     */
    public Builder ltv(@Nullable Long ltv) {
      this.ltv = ltv;
      return this;
    }

    /**
     * Sets how many purchases it made (read-only).
     *
     * @param purchasesCount how many purchases it made (read-only)
     * @return this builder
     */
    public Builder purchasesCount(@Nullable Long purchasesCount) {
      this.purchasesCount = purchasesCount;
      return this;
    }

    /**
     * Sets its average purchase (read-only).
     *
     * @param averageCheck its average purchase (read-only)
     * @return this builder
     */
    public Builder averageCheck(@Nullable Long averageCheck) {
      this.averageCheck = averageCheck;
      return this;
    }

    /**
     * Sets the account.
     *
     * @param accountId the account
     * @return this builder
     */
    public Builder accountId(@Nullable Long accountId) {
      this.accountId = accountId;
      return this;
    }

    /**
     * Adds a custom field's values.
     *
     * @param field the field
     * @return this builder
     */
    public Builder customField(CustomField field) {
      Objects.requireNonNull(field, "field == null");
      if (customFields == null) {
        customFields = new ArrayList<>();
      }
      customFields.add(field);
      return this;
    }

    /**
     * Adds a tag by name.
     *
     * @param name the tag's name
     * @return this builder
     */
    public Builder tag(String name) {
      tags.add(Tag.named(name));
      return this;
    }

    /**
     * Links an existing contact.
     *
     * @param contactId the contact's id
     * @return this builder
     */
    public Builder contact(long contactId) {
      contacts.add(EntityLink.to(contactId));
      return this;
    }

    /**
     * Links an existing company.
     *
     * @param companyId the company's id
     * @return this builder
     */
    public Builder company(long companyId) {
      companies.add(EntityLink.to(companyId));
      return this;
    }

    /** Builds the customer. */
    public Customer build() {
      boolean none = tags.isEmpty() && contacts.isEmpty() && companies.isEmpty()
          && segments == null && elements == null && embeddedExtras == null;
      CustomerEmbedded embedded = none ? null : new CustomerEmbedded(
          tags.isEmpty() ? null : tags, contacts.isEmpty() ? null : contacts,
          companies.isEmpty() ? null : companies, segments, elements, embeddedExtras);
      return new Customer(id, name, nextPrice, nextDate, responsibleUserId, statusId,
          periodicity, createdBy, updatedBy, createdAt, updatedAt, closestTaskAt, deleted, ltv,
          purchasesCount, averageCheck, accountId, customFields, embedded, extras);
    }
  }
}
