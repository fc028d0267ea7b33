package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The definition of a custom field of an entity type ({@code GET /api/v4/{entity}/custom_fields}):
 * what to write into {@link CustomField}s, including the option ids of select fields.
 *
 * @param id the field's id
 * @param name its name
 * @param type its type, such as {@code text}, {@code numeric}, {@code select}, {@code multitext}
 * @param code its code, such as {@code PHONE}, or null
 * @param sort its position
 * @param entityType the entity type it belongs to
 * @param apiOnly true if only the API may write it
 * @param groupId its group's id, or null
 * @param enums the options of a select, multiselect, radio button or multitext field, or null
 * @param requiredStatuses the stages a lead cannot move to while the field is empty, or null
 * @param hiddenStatuses the stages at which the field is hidden, or null
 * @param remind when a birthday field reminds ({@code never}, {@code day}, {@code week},
 *     {@code month}), or null
 * @param currency a monetary field's currency code, such as {@code RUB}, or null
 * @param settings the type's own settings (each key's JSON as sent), or null when amoCRM sent
 *     none or an empty list
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CustomFieldDefinition(
    @Nullable Long id,
    @Nullable String name,
    @Nullable String type,
    @Nullable String code,
    @Nullable Long sort,
    @Json(name = "entity_type") @Nullable String entityType,
    @Json(name = "is_api_only") @Nullable Boolean apiOnly,
    @Json(name = "group_id") @Nullable String groupId,
    @Nullable List<Option> enums,
    @Json(name = "required_statuses") @Nullable List<StatusRef> requiredStatuses,
    @Json(name = "hidden_statuses") @Nullable List<StatusRef> hiddenStatuses,
    @Nullable String remind,
    @Nullable String currency,
    @Nullable Extras settings,
    @Nullable Extras extras) {

  /** Copies the lists. */
  public CustomFieldDefinition {
    enums = Models.copy(enums);
    requiredStatuses = Models.copy(requiredStatuses);
    hiddenStatuses = Models.copy(hiddenStatuses);
  }

  /**
   * Returns the option with this label.
   *
   * @param value the label
   * @return the option, if there is one
   */
  public Optional<Option> option(String value) {
    return enums == null ? Optional.empty()
        : enums.stream().filter(o -> value.equals(o.value())).findFirst();
  }

  /**
   * An option of a select-like field.
   *
   * @param id the option's id: the {@code enum_id} to write
   * @param value its label (for multitext fields, the code such as {@code WORK})
   * @param sort its position
   * @param extras what amoCRM sent that this record has no component for, or null
   *     (see {@link Extras})
   */
  public record Option(@Nullable Long id, @Nullable String value, @Nullable Long sort,
      @Nullable Extras extras) {}
}
