package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A contact (a person). Phones and emails are the custom fields {@code PHONE} and {@code EMAIL}:
 * {@code Contact.builder().name("Ann").customField(CustomField.phone("+7999...", "WORK"))}. Every
 * field is nullable; a field left null is not sent.
 *
 * @param id the contact's id; null for a new one
 * @param name the full name
 * @param firstName the first name
 * @param lastName the last name
 * @param responsibleUserId the responsible user
 * @param groupId the responsible user's group
 * @param createdBy who created it
 * @param updatedBy who changed it last
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param closestTaskAt the due time of its nearest task
 * @param deleted true if it is in the trash
 * @param unsorted true if it came through the unsorted inbox
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
public record Contact(
    @Nullable Long id,
    @Nullable String name,
    @Json(name = "first_name") @Nullable String firstName,
    @Json(name = "last_name") @Nullable String lastName,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "group_id") @Nullable Long groupId,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "closest_task_at") @Nullable Instant closestTaskAt,
    @Json(name = "is_deleted") @Nullable Boolean deleted,
    @Json(name = "is_unsorted") @Nullable Boolean unsorted,
    @Json(name = "account_id") @Nullable Long accountId,
    @Json(name = "custom_fields_values") @Nullable List<CustomField> customFieldsValues,
    @Json(name = "_embedded") @Nullable Embedded embedded,
    @Json(name = "tags_to_add") @Nullable List<Tag> tagsToAdd,
    @Json(name = "tags_to_delete") @Nullable List<Tag> tagsToDelete,
    @Json(name = "request_id") @Nullable String requestId,
    @Nullable Extras extras) implements CrmEntity {

  /** Copies the lists. */
  public Contact {
    customFieldsValues = Models.copy(customFieldsValues);
    tagsToAdd = Models.copy(tagsToAdd);
    tagsToDelete = Models.copy(tagsToDelete);
  }

  /** Returns a builder for a new contact or an update. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this contact's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns its linked companies; empty when none were sent. */
  public List<EntityLink> companies() {
    return Embedded.companiesOf(embedded);
  }

  /** Returns its linked leads (read with {@code with=leads}); empty when none were sent. */
  public List<EntityLink> leads() {
    return Embedded.leadsOf(embedded);
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

  /** Builds a {@link Contact}. Not thread-safe. */
  public static final class Builder {
    private final EntityFields common;
    private @Nullable String firstName;
    private @Nullable String lastName;
    private @Nullable Boolean unsorted;
    private final List<EntityLink> companies = new ArrayList<>();

    private Builder() {
      common = new EntityFields();
    }

    private Builder(Contact c) {
      common = new EntityFields(c);
      common.copyWriteOptions(c.tagsToAdd, c.tagsToDelete, c.requestId);
      firstName = c.firstName;
      lastName = c.lastName;
      common.responsibleUserId = c.responsibleUserId;
      common.groupId = c.groupId;
      common.createdBy = c.createdBy;
      common.updatedBy = c.updatedBy;
      common.createdAt = c.createdAt;
      common.updatedAt = c.updatedAt;
      common.closestTaskAt = c.closestTaskAt;
      common.deleted = c.deleted;
      unsorted = c.unsorted;
      common.accountId = c.accountId;
      companies.addAll(c.companies());
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
     * Sets the full name (beside the first and last names).
     *
     * @param name the full name
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
     * Sets the first name.
     *
     * @param firstName the first name
     * @return this builder
     */
    public Builder firstName(@Nullable String firstName) {
      this.firstName = firstName;
      return this;
    }

    /**
     * Sets the last name.
     *
     * @param lastName the last name
     * @return this builder
     */
    public Builder lastName(@Nullable String lastName) {
      this.lastName = lastName;
      return this;
    }

    /**
     * Sets from the unsorted inbox.
     *
     * @param unsorted from the unsorted inbox
     * @return this builder
     */
    public Builder unsorted(@Nullable Boolean unsorted) {
      this.unsorted = unsorted;
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

    /** Builds the contact. */
    public Contact build() {
      EntityFields c = common;
      return new Contact(c.id, c.name, firstName, lastName, c.responsibleUserId, c.groupId,
          c.createdBy, c.updatedBy, c.createdAt, c.updatedAt, c.closestTaskAt, c.deleted,
          unsorted, c.accountId, c.customFields,
          Embedded.of(c.tags, List.of(), companies, c.embeddedBase),
          EntityFields.listOrNull(c.tagsToAdd), EntityFields.listOrNull(c.tagsToDelete),
          c.requestId, c.extras);
    }
  }
}
