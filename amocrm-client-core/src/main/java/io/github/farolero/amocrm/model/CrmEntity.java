package io.github.farolero.amocrm.model;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Lead}, {@link Contact} and {@link Company} have in common: an id, a name, the
 * account's custom field values and tags. Code that syncs any of them (reads a field by its id or
 * code, copies tags) can take a {@code CrmEntity}; each record implements the abstract methods
 * with its components and inherits the rest.
 *
 * <pre>{@code
 * static Optional<String> utm(CrmEntity entity) {
 *   return entity.customField("UTM_SOURCE").flatMap(CustomField::text);
 * }
 * }</pre>
 *
 * <p>Sealed: implemented only by those three immutable records, thread-safe like them.
 */
public sealed interface CrmEntity permits Lead, Contact, Company {

  /** Returns the entity's id; null for one not yet added. */
  @Nullable Long id();

  /** Returns the name (a contact's full name). */
  @Nullable String name();

  /** Returns the custom field values as amoCRM sent them: null when it sent none. */
  @Nullable List<CustomField> customFieldsValues();

  /** Returns the tags and linked entities as amoCRM sent them ({@code _embedded}), or null. */
  @Nullable Embedded embedded();

  /** Returns what amoCRM sent that the record has no component for, or null (see {@link Extras}). */
  @Nullable Extras extras();

  /** Returns its custom field values; empty when it has none. */
  default List<CustomField> customFields() {
    return Models.fields(customFieldsValues());
  }

  /**
   * Returns the values of one custom field.
   *
   * @param fieldId the field's id
   * @return the field, if the entity has values for it
   */
  default Optional<CustomField> customField(long fieldId) {
    return Models.field(customFieldsValues(), fieldId);
  }

  /**
   * Returns the values of the custom field with this code.
   *
   * @param fieldCode such as {@code PHONE} or {@code EMAIL}
   * @return the field, if the entity has values for it
   */
  default Optional<CustomField> customField(String fieldCode) {
    return Models.field(customFieldsValues(), fieldCode);
  }

  /** Returns its tags; empty when none were sent. */
  default List<Tag> tags() {
    return Embedded.tagsOf(embedded());
  }
}
