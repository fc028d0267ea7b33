package io.github.farolero.amocrm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the builders of {@link Lead}, {@link Contact} and {@link Company} share: the fields every
 * such entity has, its custom field values and its tags. Not thread-safe.
 *
 * <p>Each builder holds one and has its own public setters that return the builder's own type.
 * A shared generic base class would make the setters return its erasure in the bytecode (what
 * Kotlin, reflection and binary compatibility see), and a public one would add a type to the API
 * for no caller's use; the setters are one line each, so they are written out instead.
 */
final class EntityFields {
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
  @Nullable Extras extras;
  @Nullable Embedded embeddedBase;
  final List<Tag> tags = new ArrayList<>();
  final List<Tag> tagsToAdd = new ArrayList<>();
  final List<Tag> tagsToDelete = new ArrayList<>();
  @Nullable String requestId;

  EntityFields() {}

  /** Starts from an entity's custom field values and tags; the caller copies the rest. */
  EntityFields(CrmEntity e) {
    id = e.id();
    name = e.name();
    customFields = e.customFieldsValues() == null ? null : new ArrayList<>(e.customFieldsValues());
    tags.addAll(e.tags());
    extras = e.extras();
    embeddedBase = e.embedded();
  }

  void addCustomField(CustomField field) {
    Objects.requireNonNull(field, "field == null");
    if (customFields == null) {
      customFields = new ArrayList<>();
    }
    customFields.add(field);
  }

  void setCustomFields(@Nullable List<CustomField> fields) {
    customFields = fields == null ? null : new ArrayList<>(fields);
  }

  void copyWriteOptions(@Nullable List<Tag> add, @Nullable List<Tag> delete,
      @Nullable String rid) {
    if (add != null) {
      tagsToAdd.addAll(add);
    }
    if (delete != null) {
      tagsToDelete.addAll(delete);
    }
    requestId = rid;
  }

  void addTagToAdd(Tag tag) {
    tagsToAdd.add(byIdOrName(tag));
  }

  void addTagToDelete(Tag tag) {
    tagsToDelete.add(byIdOrName(tag));
  }

  /** A tag as {@code tags_to_add}/{@code tags_to_delete} take it: its id, else its name. */
  private static Tag byIdOrName(Tag tag) {
    Objects.requireNonNull(tag, "tag == null");
    if (tag.id() != null) {
      return Tag.ofId(tag.id());
    }
    if (tag.name() == null) {
      throw new IllegalArgumentException("a tag to add or delete needs an id or a name");
    }
    return Tag.named(tag.name());
  }

  static @Nullable List<Tag> listOrNull(List<Tag> tags) {
    return tags.isEmpty() ? null : List.copyOf(tags);
  }

  void addTag(String name) {
    tags.add(Tag.named(name));
  }
}
