package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * @param tagsToAdd tags an update (or add) adds, keeping the others ({@code tags_to_add}), or
 *     null; never read
 * @param tagsToDelete tags an update removes ({@code tags_to_delete}), or null; never read
 * @param requestId the caller's {@code request_id}: amoCRM echoes it in its answer, and the
 *     {@code SaveResult} of this input carries it; null for none (never read)
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
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
    @Json(name = "_embedded") @Nullable Embedded embedded,
    @Json(name = "tags_to_add") @Nullable List<Tag> tagsToAdd,
    @Json(name = "tags_to_delete") @Nullable List<Tag> tagsToDelete,
    @Json(name = "request_id") @Nullable String requestId,
    @Nullable Extras extras) implements CrmEntity {

  /** Copies the lists. */
  public Company {
    customFieldsValues = Models.copy(customFieldsValues);
    tagsToAdd = Models.copy(tagsToAdd);
    tagsToDelete = Models.copy(tagsToDelete);
  }

  /** Returns a builder for a new company or an update. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this company's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns its linked contacts; empty when none were sent. */
  public List<EntityLink> contacts() {
    return Embedded.contactsOf(embedded);
  }

  /**
   * Returns its linked customers (read with {@code with=customers}); empty when none were sent.
   */
  public List<EntityLink> customers() {
    return Embedded.customersOf(embedded);
  }

  /**
   * Returns its linked catalog elements (read with {@code with=catalog_elements}); empty when
   * none were sent.
   */
  public List<LinkedCatalogElement> catalogElements() {
    return Embedded.catalogElementsOf(embedded);
  }

  /** Builds a {@link Company}. Not thread-safe. */
  public static final class Builder {
    private final EntityFields common;
    private final List<EntityLink> contacts = new ArrayList<>();

    private Builder() {
      common = new EntityFields();
    }

    private Builder(Company c) {
      common = new EntityFields(c);
      common.copyWriteOptions(c.tagsToAdd, c.tagsToDelete, c.requestId);
      common.responsibleUserId = c.responsibleUserId;
      common.groupId = c.groupId;
      common.createdBy = c.createdBy;
      common.updatedBy = c.updatedBy;
      common.createdAt = c.createdAt;
      common.updatedAt = c.updatedAt;
      common.closestTaskAt = c.closestTaskAt;
      common.deleted = c.deleted;
      common.accountId = c.accountId;
      contacts.addAll(c.contacts());
    }

    /**
     * Sets the id (set for an update).
     *
     * @param id the id (set for an update)
     * @return this builder
     */
    public Builder id(@Nullable Long id) {
      common.id = id;
      return this;
    }

    /**
     * Sets the name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(@Nullable String name) {
      common.name = name;
      return this;
    }

    /**
     * Sets the responsible user.
     *
     * @param userId the responsible user
     * @return this builder
     */
    public Builder responsibleUserId(@Nullable Long userId) {
      common.responsibleUserId = userId;
      return this;
    }

    /**
     * Sets the responsible user's group.
     *
     * @param groupId the responsible user's group
     * @return this builder
     */
    public Builder groupId(@Nullable Long groupId) {
      common.groupId = groupId;
      return this;
    }

    /**
     * Sets who created it.
     *
     * @param userId who created it
     * @return this builder
     */
    public Builder createdBy(@Nullable Long userId) {
      common.createdBy = userId;
      return this;
    }

    /**
     * Sets who changed it last.
     *
     * @param userId who changed it last
     * @return this builder
     */
    public Builder updatedBy(@Nullable Long userId) {
      common.updatedBy = userId;
      return this;
    }

    /**
     * Sets when it was created.
     *
     * @param at when it was created
     * @return this builder
     */
    public Builder createdAt(@Nullable Instant at) {
      common.createdAt = at;
      return this;
    }

    /**
     * Sets when it was changed last.
     *
     * @param at when it was changed last
     * @return this builder
     */
    public Builder updatedAt(@Nullable Instant at) {
      common.updatedAt = at;
      return this;
    }

    /**
     * Sets the due time of its nearest task.
     *
     * @param at the due time of its nearest task
     * @return this builder
     */
    public Builder closestTaskAt(@Nullable Instant at) {
      common.closestTaskAt = at;
      return this;
    }

    /**
     * Sets whether it is in the trash.
     *
     * @param deleted true if it is in the trash
     * @return this builder
     */
    public Builder deleted(@Nullable Boolean deleted) {
      common.deleted = deleted;
      return this;
    }

    /**
     * Sets the account.
     *
     * @param accountId the account
     * @return this builder
     */
    public Builder accountId(@Nullable Long accountId) {
      common.accountId = accountId;
      return this;
    }

    /**
     * Adds a custom field's values.
     *
     * @param field the field
     * @return this builder
     */
    public Builder customField(CustomField field) {
      common.addCustomField(field);
      return this;
    }

    /**
     * Replaces the custom field values; null sends none.
     *
     * @param fields the fields
     * @return this builder
     */
    public Builder customFields(@Nullable List<CustomField> fields) {
      common.setCustomFields(fields);
      return this;
    }

    /**
     * Sets the keys this library has no component for, written back as they are (see
     * {@link Extras}); a builder from {@code toBuilder()} keeps those read, and those of
     * {@code _embedded}.
     *
     * @param extras the extra keys, or null for none
     * @return this builder
     */
    public Builder extras(@Nullable Extras extras) {
      common.extras = extras;
      return this;
    }

    /**
     * Adds a tag by name.
     *
     * @param name the tag's name
     * @return this builder
     */
    public Builder tag(String name) {
      common.addTag(name);
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
     * Adds a tag to add on save, keeping the entity's other tags ({@code tags_to_add}); unlike
     * {@link #tag(String)}, which replaces all its tags with those given.
     *
     * @param tag the tag, by {@link Tag#named(String)} or {@link Tag#ofId(long)} (a tag read is
     *     sent by its id)
     * @return this builder
     */
    public Builder tagToAdd(Tag tag) {
      common.addTagToAdd(tag);
      return this;
    }

    /**
     * Adds a tag to remove on update, keeping the entity's other tags ({@code tags_to_delete});
     * an add refuses it (a new entity has no tags to remove).
     *
     * @param tag the tag, by {@link Tag#named(String)} or {@link Tag#ofId(long)} (a tag read is
     *     sent by its id)
     * @return this builder
     */
    public Builder tagToDelete(Tag tag) {
      common.addTagToDelete(tag);
      return this;
    }

    /**
     * Sets the caller's {@code request_id}: amoCRM echoes it, and the {@code SaveResult} of this
     * input returns it.
     *
     * @param requestId the request id, or null for none
     * @return this builder
     */
    public Builder requestId(@Nullable String requestId) {
      common.requestId = requestId;
      return this;
    }

    /**
     * Clears a custom field on save: sends it with {@code "values": null}, as amoCRM documents
     * for emptying a field.
     *
     * @param fieldId the field's id
     * @return this builder
     */
    public Builder clearCustomField(long fieldId) {
      common.addCustomField(CustomField.cleared(fieldId));
      return this;
    }

    /** Builds the company. */
    public Company build() {
      EntityFields c = common;
      return new Company(c.id, c.name, c.responsibleUserId, c.groupId, c.createdBy, c.updatedBy,
          c.createdAt, c.updatedAt, c.closestTaskAt, c.deleted, c.accountId, c.customFields,
          Embedded.of(c.tags, contacts, List.of(), c.embeddedBase),
          EntityFields.listOrNull(c.tagsToAdd), EntityFields.listOrNull(c.tagsToDelete),
          c.requestId, c.extras);
    }
  }
}
