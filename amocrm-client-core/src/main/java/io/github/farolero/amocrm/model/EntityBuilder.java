package io.github.farolero.amocrm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The setters that {@link Lead.Builder}, {@link Contact.Builder} and {@link Company.Builder} share:
 * the fields every amoCRM entity has, its custom field values and its tags. Not thread-safe.
 *
 * <p>Package-private on purpose: callers only ever see the public subclasses, and Javadoc lists
 * these public methods on each of them. The self type {@code B} makes every setter return the
 * subclass, so a chain may mix these setters and the subclass's own in any order. What differs
 * between the entities (the linked entities, and any setter whose meaning differs) stays in the
 * subclass.
 *
 * @param <B> the concrete builder
 */
abstract class EntityBuilder<B extends EntityBuilder<B>> {
  // Package-private rather than private: each subclass's build() and copy constructor read and
  // set them directly, which keeps the setters free of any getter/setter plumbing.
  @Nullable Long id;
  @Nullable String name;
  @Nullable Long responsibleUserId;
  @Nullable Long groupId;
  @Nullable Long createdBy;
  @Nullable Long updatedBy;
  @Nullable Instant createdAt;
  @Nullable Instant updatedAt;
  @Nullable Instant closestTaskAt;
  @Nullable Boolean deleted;
  @Nullable Long accountId;
  @Nullable List<CustomField> customFields;
  final List<Tag> tags = new ArrayList<>();

  EntityBuilder() {}

  /** Returns this builder as its concrete type; each subclass returns {@code this}. */
  abstract B self();

  /**
   * Sets the id (set for an update).
   *
   * @param id the id (set for an update)
   * @return this builder
   */
  public B id(@Nullable Long id) {
    this.id = id;
    return self();
  }

  /**
   * Sets the name.
   *
   * @param name the name
   * @return this builder
   */
  public B name(@Nullable String name) {
    this.name = name;
    return self();
  }

  /**
   * Sets the responsible user.
   *
   * @param userId the responsible user
   * @return this builder
   */
  public B responsibleUserId(@Nullable Long userId) {
    this.responsibleUserId = userId;
    return self();
  }

  /**
   * Sets the group.
   *
   * @param groupId the group
   * @return this builder
   */
  public B groupId(@Nullable Long groupId) {
    this.groupId = groupId;
    return self();
  }

  /**
   * Sets who created it.
   *
   * @param userId who created it
   * @return this builder
   */
  public B createdBy(@Nullable Long userId) {
    this.createdBy = userId;
    return self();
  }

  /**
   * Sets who changed it.
   *
   * @param userId who changed it
   * @return this builder
   */
  public B updatedBy(@Nullable Long userId) {
    this.updatedBy = userId;
    return self();
  }

  /**
   * Sets when it was created.
   *
   * @param at when it was created
   * @return this builder
   */
  public B createdAt(@Nullable Instant at) {
    this.createdAt = at;
    return self();
  }

  /**
   * Sets when it was changed.
   *
   * @param at when it was changed
   * @return this builder
   */
  public B updatedAt(@Nullable Instant at) {
    this.updatedAt = at;
    return self();
  }

  /**
   * Sets the nearest task's due time.
   *
   * @param at the nearest task's due time
   * @return this builder
   */
  public B closestTaskAt(@Nullable Instant at) {
    this.closestTaskAt = at;
    return self();
  }

  /**
   * Sets in the trash.
   *
   * @param deleted in the trash
   * @return this builder
   */
  public B deleted(@Nullable Boolean deleted) {
    this.deleted = deleted;
    return self();
  }

  /**
   * Sets the account.
   *
   * @param accountId the account
   * @return this builder
   */
  public B accountId(@Nullable Long accountId) {
    this.accountId = accountId;
    return self();
  }

  /**
   * Adds a custom field's values.
   *
   * @param field the field
   * @return this builder
   */
  public B customField(CustomField field) {
    Objects.requireNonNull(field, "field == null");
    if (customFields == null) {
      customFields = new ArrayList<>();
    }
    customFields.add(field);
    return self();
  }

  /**
   * Replaces the custom field values; null sends none.
   *
   * @param fields the fields
   * @return this builder
   */
  public B customFields(@Nullable List<CustomField> fields) {
    this.customFields = fields == null ? null : new ArrayList<>(fields);
    return self();
  }

  /**
   * Adds a tag by name.
   *
   * @param name the tag's name
   * @return this builder
   */
  public B tag(String name) {
    tags.add(Tag.named(name));
    return self();
  }
}
