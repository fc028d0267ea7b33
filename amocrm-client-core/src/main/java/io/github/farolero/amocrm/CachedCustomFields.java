package io.github.farolero.amocrm;

import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.EntityType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The custom field definitions of one entity type, as {@link ReferenceData} cached them: a
 * snapshot with lookups by id, code and name, to map a sync's own data onto field ids and option
 * ids. Reading it sends no request. Codes (such as {@code PHONE}, {@code EMAIL}) are matched
 * ignoring case; names exactly. Where two fields share a code or a name, the first in amoCRM's
 * order wins. Immutable and thread-safe.
 */
public final class CachedCustomFields {

  private final EntityType entityType;
  private final List<CustomFieldDefinition> all;
  private final Map<Long, CustomFieldDefinition> byId = new HashMap<>();
  private final Map<String, CustomFieldDefinition> byCode = new HashMap<>();
  private final Map<String, CustomFieldDefinition> byName = new HashMap<>();

  CachedCustomFields(EntityType entityType, List<CustomFieldDefinition> fields) {
    this.entityType = entityType;
    this.all = List.copyOf(fields);
    for (CustomFieldDefinition f : all) {
      if (f.id() != null) {
        byId.putIfAbsent(f.id(), f);
      }
      if (f.code() != null) {
        byCode.putIfAbsent(f.code().toUpperCase(Locale.ROOT), f);
      }
      if (f.name() != null) {
        byName.putIfAbsent(f.name(), f);
      }
    }
  }

  /** Returns the entity type these fields belong to. */
  public EntityType entityType() {
    return entityType;
  }

  /** Returns every definition, in amoCRM's order. */
  public List<CustomFieldDefinition> all() {
    return all;
  }

  /**
   * Returns the field with this id.
   *
   * @param id the field's id
   * @return the definition, if there is one
   */
  public Optional<CustomFieldDefinition> byId(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Returns the field with this code, such as {@code PHONE}; case is ignored.
   *
   * @param code the code
   * @return the definition, if there is one
   */
  public Optional<CustomFieldDefinition> byCode(String code) {
    Objects.requireNonNull(code, "code == null");
    return Optional.ofNullable(byCode.get(code.toUpperCase(Locale.ROOT)));
  }

  /**
   * Returns the field with this name.
   *
   * @param name the name, exactly as in the account
   * @return the definition, if there is one
   */
  public Optional<CustomFieldDefinition> byName(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name == null")));
  }

  @Override
  public String toString() {
    return "CachedCustomFields{" + entityType + ", " + all.size() + " fields}";
  }
}
