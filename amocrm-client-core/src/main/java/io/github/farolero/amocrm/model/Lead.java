package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A lead (deal). Read from {@code GET /api/v4/leads}; written by {@code add} (no id) and
 * {@code update} (with id). Every field is nullable: amoCRM omits or nulls many, and a field left
 * null is not sent, so an update changes only what was set.
 *
 * <pre>{@code
 * Lead lead = Lead.builder().name("Website order").price(1500L)
 *     .pipelineId(pipelineId).statusId(statusId)
 *     .customField(CustomField.text(12345, "utm: spring"))
 *     .tag("web").build();
 * Lead raise = Lead.builder().id(42L).price(2000L).build();   // an update of the price only
 * }</pre>
 *
 * @param id the lead's id; null for a new one
 * @param name the name
 * @param price the budget
 * @param responsibleUserId the responsible user
 * @param groupId the responsible user's group
 * @param statusId the stage
 * @param pipelineId the pipeline
 * @param lossReasonId why it was lost
 * @param createdBy who created it (0 for the API or robots)
 * @param updatedBy who changed it last
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param closedAt when it was closed
 * @param closestTaskAt the due time of its nearest task
 * @param deleted true if it is in the trash
 * @param score its score
 * @param accountId the account
 * @param laborCost labor cost (sent by some accounts, undocumented)
 * @param customFieldsValues its custom field values, or null when it has none
 * @param embedded tags and linked entities, or null
 * @param sourceId the source it came from (see {@link #source()})
 * @param priceModifiedByRobot true if a robot set its budget last (read with
 *     {@code with=is_price_modified_by_robot}; answer-only, never sent)
 * @param tagsToAdd tags an update (or add) adds, keeping the others ({@code tags_to_add}), or
 *     null; never read
 * @param tagsToDelete tags an update removes ({@code tags_to_delete}), or null; never read
 * @param requestId the caller's {@code request_id}: amoCRM echoes it in its answer, and the
 *     {@code SaveResult} of this input carries it; null for none (never read)
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Lead(
    @Nullable Long id,
    @Nullable String name,
    @Nullable Long price,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "group_id") @Nullable Long groupId,
    @Json(name = "status_id") @Nullable Long statusId,
    @Json(name = "pipeline_id") @Nullable Long pipelineId,
    @Json(name = "loss_reason_id") @Nullable Long lossReasonId,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "closed_at") @Nullable Instant closedAt,
    @Json(name = "closest_task_at") @Nullable Instant closestTaskAt,
    @Json(name = "is_deleted") @Nullable Boolean deleted,
    @Nullable Long score,
    @Json(name = "account_id") @Nullable Long accountId,
    @Json(name = "labor_cost") @Nullable Long laborCost,
    @Json(name = "custom_fields_values") @Nullable List<CustomField> customFieldsValues,
    @Json(name = "_embedded") @Nullable Embedded embedded,
    @Json(name = "source_id") @Nullable Long sourceId,
    @Json(name = "is_price_modified_by_robot") @Nullable Boolean priceModifiedByRobot,
    @Json(name = "tags_to_add") @Nullable List<Tag> tagsToAdd,
    @Json(name = "tags_to_delete") @Nullable List<Tag> tagsToDelete,
    @Json(name = "request_id") @Nullable String requestId,
    @Nullable Extras extras) implements CrmEntity {

  /** Copies the lists. */
  public Lead {
    customFieldsValues = Models.copy(customFieldsValues);
    tagsToAdd = Models.copy(tagsToAdd);
    tagsToDelete = Models.copy(tagsToDelete);
  }

  /** Returns a builder for a new lead or an update. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this lead's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns its linked contacts (read with {@code with=contacts}); empty when none were sent. */
  public List<EntityLink> contacts() {
    return Embedded.contactsOf(embedded);
  }

  /** Returns its linked companies; empty when none were sent. */
  public List<EntityLink> companies() {
    return Embedded.companiesOf(embedded);
  }

  /**
   * Returns why it was lost ({@code _embedded.loss_reason}, read with {@code with=loss_reason}),
   * or null when amoCRM did not send it.
   */
  public @Nullable LossReason lossReason() {
    return Embedded.lossReasonOf(embedded);
  }

  /**
   * Returns its linked catalog elements (read with {@code with=catalog_elements}); empty when
   * none were sent.
   */
  public List<LinkedCatalogElement> catalogElements() {
    return Embedded.catalogElementsOf(embedded);
  }

  /** Returns its source ({@code _embedded.source}), or null when amoCRM did not send it. */
  public @Nullable LeadSource source() {
    return Embedded.sourceOf(embedded);
  }

  /** Builds a {@link Lead}. Not thread-safe. */
  public static final class Builder {
    private final EntityFields common;
    private @Nullable Long price;
    private @Nullable Long statusId;
    private @Nullable Long pipelineId;
    private @Nullable Long lossReasonId;
    private @Nullable Instant closedAt;
    private @Nullable Long score;
    private @Nullable Long laborCost;
    private @Nullable Long sourceId;
    private @Nullable Boolean priceModifiedByRobot;
    private final List<EntityLink> contacts = new ArrayList<>();
    private final List<EntityLink> companies = new ArrayList<>();

    private Builder() {
      common = new EntityFields();
    }

    private Builder(Lead l) {
      common = new EntityFields(l);
      common.copyWriteOptions(l.tagsToAdd, l.tagsToDelete, l.requestId);
      price = l.price;
      common.responsibleUserId = l.responsibleUserId;
      common.groupId = l.groupId;
      statusId = l.statusId;
      pipelineId = l.pipelineId;
      lossReasonId = l.lossReasonId;
      common.createdBy = l.createdBy;
      common.updatedBy = l.updatedBy;
      common.createdAt = l.createdAt;
      common.updatedAt = l.updatedAt;
      closedAt = l.closedAt;
      common.closestTaskAt = l.closestTaskAt;
      common.deleted = l.deleted;
      score = l.score;
      common.accountId = l.accountId;
      laborCost = l.laborCost;
      sourceId = l.sourceId;
      priceModifiedByRobot = l.priceModifiedByRobot;
      contacts.addAll(l.contacts());
      companies.addAll(l.companies());
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
     * Sets the budget.
     *
     * @param price the budget
     * @return this builder
     */
    public Builder price(@Nullable Long price) {
      this.price = price;
      return this;
    }

    /**
     * Sets the stage.
     *
     * @param statusId the stage
     * @return this builder
     */
    public Builder statusId(@Nullable Long statusId) {
      this.statusId = statusId;
      return this;
    }

    /**
     * Sets the pipeline.
     *
     * @param pipelineId the pipeline
     * @return this builder
     */
    public Builder pipelineId(@Nullable Long pipelineId) {
      this.pipelineId = pipelineId;
      return this;
    }

    /**
     * Sets why it was lost.
     *
     * @param lossReasonId why it was lost
     * @return this builder
     */
    public Builder lossReasonId(@Nullable Long lossReasonId) {
      this.lossReasonId = lossReasonId;
      return this;
    }

    /**
     * Sets when it was closed.
     *
     * @param at when it was closed
     * @return this builder
     */
    public Builder closedAt(@Nullable Instant at) {
      this.closedAt = at;
      return this;
    }

    /**
     * Sets the score.
     *
     * @param score the score
     * @return this builder
     */
    public Builder score(@Nullable Long score) {
      this.score = score;
      return this;
    }

    /**
     * Sets labor cost.
     *
     * @param laborCost labor cost
     * @return this builder
     */
    public Builder laborCost(@Nullable Long laborCost) {
      this.laborCost = laborCost;
      return this;
    }

    /**
     * Sets the source it came from.
     *
     * @param sourceId the source's id
     * @return this builder
     */
    public Builder sourceId(@Nullable Long sourceId) {
      this.sourceId = sourceId;
      return this;
    }

    /**
     * Links an existing contact.
     *
     * @param contactId the contact's id
     * @param main true for the main contact
     * @return this builder
     */
    public Builder contact(long contactId, boolean main) {
      contacts.add(new EntityLink(contactId, main ? Boolean.TRUE : null));
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

    /** Builds the lead. */
    public Lead build() {
      EntityFields c = common;
      return new Lead(c.id, c.name, price, c.responsibleUserId, c.groupId, statusId, pipelineId,
          lossReasonId, c.createdBy, c.updatedBy, c.createdAt, c.updatedAt, closedAt,
          c.closestTaskAt, c.deleted, score, c.accountId, laborCost, c.customFields,
          Embedded.of(c.tags, contacts, companies, c.embeddedBase), sourceId,
          priceModifiedByRobot,
          EntityFields.listOrNull(c.tagsToAdd), EntityFields.listOrNull(c.tagsToDelete),
          c.requestId, c.extras);
    }
  }
}
