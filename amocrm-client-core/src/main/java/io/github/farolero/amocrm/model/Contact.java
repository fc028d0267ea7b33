package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    @Json(name = "_embedded") @Nullable Embedded embedded) {

  /** Copies the list. */
  public Contact {
    customFieldsValues = Models.copy(customFieldsValues);
  }

  /** Returns a builder for a new contact or an update. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this contact's values. */
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
   * @return the field, if the contact has values for it
   */
  public Optional<CustomField> customField(long fieldId) {
    return Models.field(customFieldsValues, fieldId);
  }

  /**
   * Returns the values of the custom field with this code.
   *
   * @param fieldCode such as {@code PHONE} or {@code EMAIL}
   * @return the field, if the contact has values for it
   */
  public Optional<CustomField> customField(String fieldCode) {
    return Models.field(customFieldsValues, fieldCode);
  }

  /** Returns its tags; empty when none were sent. */
  public List<Tag> tags() {
    return Embedded.tagsOf(embedded);
  }

  /** Returns its linked companies; empty when none were sent. */
  public List<EntityLink> companies() {
    return Embedded.companiesOf(embedded);
  }

  /** Returns its linked leads (read with {@code with=leads}); empty when none were sent. */
  public List<EntityLink> leads() {
    return Embedded.leadsOf(embedded);
  }

  /** Builds a {@link Contact}. Not thread-safe. */
  public static final class Builder extends EntityBuilder<Builder> {
    private @Nullable String firstName;
    private @Nullable String lastName;
    private @Nullable Boolean unsorted;
    private final List<EntityLink> companies = new ArrayList<>();

    private Builder() {}

    private Builder(Contact c) {
      id = c.id;
      name = c.name;
      firstName = c.firstName;
      lastName = c.lastName;
      responsibleUserId = c.responsibleUserId;
      groupId = c.groupId;
      createdBy = c.createdBy;
      updatedBy = c.updatedBy;
      createdAt = c.createdAt;
      updatedAt = c.updatedAt;
      closestTaskAt = c.closestTaskAt;
      deleted = c.deleted;
      unsorted = c.unsorted;
      accountId = c.accountId;
      customFields = c.customFieldsValues == null ? null : new ArrayList<>(c.customFieldsValues);
      tags.addAll(c.tags());
      companies.addAll(c.companies());
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the full name.
     *
     * @param name the full name
     * @return this builder
     */
    @Override
    public Builder name(@Nullable String name) {
      // Overridden only for the Javadoc: a contact's name is its full name, beside first and last.
      return super.name(name);
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

    /** Builds the contact. */
    public Contact build() {
      return new Contact(id, name, firstName, lastName, responsibleUserId, groupId, createdBy,
          updatedBy, createdAt, updatedAt, closestTaskAt, deleted, unsorted, accountId,
          customFields, Embedded.of(tags, List.of(), companies));
    }
  }
}
