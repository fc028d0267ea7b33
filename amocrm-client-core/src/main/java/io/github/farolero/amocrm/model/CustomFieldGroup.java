package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * A group of custom fields (a tab of an entity's card): {@code GET
 * /api/v4/{entity}/custom_fields/groups}.
 *
 * @param id the group's id, a string such as {@code leads_1586274834}
 * @param name its name
 * @param sort its position
 * @param entityType the entity type it belongs to
 * @param predefined true for a group amoCRM made, which cannot be changed
 * @param type its type, such as {@code statistic} for a predefined one, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CustomFieldGroup(
    @Nullable String id,
    @Nullable String name,
    @Nullable Long sort,
    @Json(name = "entity_type") @Nullable String entityType,
    @Json(name = "is_predefined") @Nullable Boolean predefined,
    @Nullable String type,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the group's id, a string such as {@code leads_1586274834}
   * @param name its name
   * @param sort its position
   * @param entityType the entity type it belongs to
   * @param predefined true for a group amoCRM made, which cannot be changed
   * @param type its type, such as {@code statistic} for a predefined one, or null
   */
  public CustomFieldGroup(
      @Nullable String id,
      @Nullable String name,
      @Nullable Long sort,
      @Nullable String entityType,
      @Nullable Boolean predefined,
      @Nullable String type) {
    this(id, name, sort, entityType, predefined, type, null);
  }
}
