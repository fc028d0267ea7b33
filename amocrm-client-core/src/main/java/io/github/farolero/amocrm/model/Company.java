package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A company. Every field is nullable; a field left null is not sent.
 *
 * @param id the company's id; null for a new one
 * @param name the name
 * @param responsibleUserId the responsible user
 * @param groupId the responsible user's group
 * @param createdBy who created it
 * @param updatedBy who changed it last
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param closestTaskAt the due time of its nearest task
 * @param deleted true if it is in the trash
 * @param accountId the account
 * @param customFieldsValues its custom field values, or null when it has none
 * @param embedded tags and linked entities, or null
 */
public record Company(
    @Nullable Long id,
    @Nullable String name,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "group_id") @Nullable Long groupId,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "closest_task_at") @Nullable Instant closestTaskAt,
    @Json(name = "is_deleted") @Nullable Boolean deleted,
    @Json(name = "account_id") @Nullable Long accountId,
    @Json(name = "custom_fields_values") @Nullable List<CustomField> customFieldsValues,
    @Json(name = "_embedded") @Nullable Embedded embedded) {

  /** Copies the list. */
  public Company {
    customFieldsValues = Models.copy(customFieldsValues);
  }

  /** Returns a builder for a new company or an update. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this company's values. */
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
   * @return the field, if the company has values for it
   */
  public Optional<CustomField> customField(long fieldId) {
    return Models.field(customFieldsValues, fieldId);
  }

  /**
   * Returns the values of the custom field with this code.
   *
   * @param fieldCode such as {@code PHONE} or {@code EMAIL}
   * @return the field, if the company has values for it
   */
  public Optional<CustomField> customField(String fieldCode) {
    return Models.field(customFieldsValues, fieldCode);
  }

  /** Returns its tags; empty when none were sent. */
  public List<Tag> tags() {
    return Embedded.tagsOf(embedded);
  }

  /** Returns its linked contacts; empty when none were sent. */
  public List<EntityLink> contacts() {
    return Embedded.contactsOf(embedded);
  }

  /** Builds a {@link Company}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Long id;
    private @Nullable String name;
    private @Nullable Long responsibleUserId;
    private @Nullable Long groupId;
    private @Nullable Long createdBy;
    private @Nullable Long updatedBy;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable Instant closestTaskAt;
    private @Nullable Boolean deleted;
    private @Nullable Long accountId;
    private @Nullable List<CustomField> customFields;
    private final List<Tag> tags = new ArrayList<>();
    private final List<EntityLink> contacts = new ArrayList<>();

    private Builder() {}

    private Builder(Company c) {
      id = c.id;
      name = c.name;
      responsibleUserId = c.responsibleUserId;
      groupId = c.groupId;
      createdBy = c.createdBy;
      updatedBy = c.updatedBy;
      createdAt = c.createdAt;
      updatedAt = c.updatedAt;
      closestTaskAt = c.closestTaskAt;
      deleted = c.deleted;
      accountId = c.accountId;
      customFields = c.customFieldsValues == null ? null : new ArrayList<>(c.customFieldsValues);
      tags.addAll(c.tags());
      contacts.addAll(c.contacts());
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
     * Sets the responsible user.
     *
     * @param userId the responsible user
     * @return this builder
     */
    public Builder responsibleUserId(@Nullable Long userId) {
      this.responsibleUserId = userId;
      return this;
    }

    /**
     * Sets the group.
     *
     * @param groupId the group
     * @return this builder
     */
    public Builder groupId(@Nullable Long groupId) {
      this.groupId = groupId;
      return this;
    }

    /**
     * Sets who created it.
     *
     * @param userId who created it
     * @return this builder
     */
    public Builder createdBy(@Nullable Long userId) {
      this.createdBy = userId;
      return this;
    }

    /**
     * Sets who changed it.
     *
     * @param userId who changed it
     * @return this builder
     */
    public Builder updatedBy(@Nullable Long userId) {
      this.updatedBy = userId;
      return this;
    }

    /**
     * Sets when it was created.
     *
     * @param at when it was created
     * @return this builder
     */
    public Builder createdAt(@Nullable Instant at) {
      this.createdAt = at;
      return this;
    }

    /**
     * Sets when it was changed.
     *
     * @param at when it was changed
     * @return this builder
     */
    public Builder updatedAt(@Nullable Instant at) {
      this.updatedAt = at;
      return this;
    }

    /**
     * Sets the nearest task's due time.
     *
     * @param at the nearest task's due time
     * @return this builder
     */
    public Builder closestTaskAt(@Nullable Instant at) {
      this.closestTaskAt = at;
      return this;
    }

    /**
     * Sets in the trash.
     *
     * @param deleted in the trash
     * @return this builder
     */
    public Builder deleted(@Nullable Boolean deleted) {
      this.deleted = deleted;
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
     * Replaces the custom field values; null sends none.
     *
     * @param fields the fields
     * @return this builder
     */
    public Builder customFields(@Nullable List<CustomField> fields) {
      this.customFields = fields == null ? null : new ArrayList<>(fields);
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

    /** Builds the company. */
    public Company build() {
      return new Company(id, name, responsibleUserId, groupId, createdBy, updatedBy, createdAt,
          updatedAt, closestTaskAt, deleted, accountId, customFields,
          Embedded.of(tags, contacts, List.of()));
    }
  }
}
