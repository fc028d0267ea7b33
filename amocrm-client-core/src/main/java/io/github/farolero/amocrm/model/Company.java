package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  public static final class Builder extends EntityBuilder<Builder> {
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

    @Override
    Builder self() {
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
