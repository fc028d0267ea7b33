package io.github.farolero.amocrm.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A custom field to add, or the changes to one: the body of {@code POST} and {@code PATCH
 * /api/v4/{entity}/custom_fields}. A null field is not sent (on a change: left as it is).
 *
 * <pre>{@code
 * CustomFieldDraft draft = CustomFieldDraft.of("select", "Channel")
 *     .withCode("CHANNEL")
 *     .withEnums(List.of(CustomFieldDraft.Option.of("Web"), CustomFieldDraft.Option.of("Phone")));
 * }</pre>
 *
 * @param type the field's type, such as {@code text}, {@code select}, {@code multiselect},
 *     {@code date}; required to add one, and cannot be changed
 * @param name its name (required to add one)
 * @param code its code, unique within the entity type
 * @param sort its position
 * @param enums the options of a select-like field: on a change the full new list (an option with
 *     its id is kept, one without is added, one left out is removed)
 * @param requiredStatuses the pipeline statuses a lead may only enter with this field filled
 * @param settings the type's own settings as amoCRM documents them (such as a {@code
 *     chained_list}'s {@code catalogs}); sent as given
 * @param apiOnly true if only the API may change it
 * @param groupId the group (tab) it is shown in
 * @param remind for a birthday field: {@code never}, {@code day}, {@code week} or {@code month}
 */
public record CustomFieldDraft(
    @Nullable String type,
    @Nullable String name,
    @Nullable String code,
    @Nullable Long sort,
    @Nullable List<Option> enums,
    @Nullable List<RequiredStatus> requiredStatuses,
    @Nullable Map<String, Object> settings,
    @Nullable Boolean apiOnly,
    @Nullable String groupId,
    @Nullable String remind) {

  /** Copies the collections. */
  public CustomFieldDraft {
    enums = enums == null ? null : List.copyOf(enums);
    requiredStatuses = requiredStatuses == null ? null : List.copyOf(requiredStatuses);
    settings = settings == null ? null
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /**
   * Returns a draft of a new field.
   *
   * @param type its type, such as {@code text} or {@code select}
   * @param name its name
   * @return the draft
   */
  public static CustomFieldDraft of(String type, String name) {
    return new CustomFieldDraft(Objects.requireNonNull(type, "type == null"),
        Objects.requireNonNull(name, "name == null"), null, null, null, null, null, null, null,
        null);
  }

  /**
   * Returns an empty change, to fill with the {@code with} methods.
   *
   * @return the draft
   */
  public static CustomFieldDraft change() {
    return new CustomFieldDraft(null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Returns a copy with another name.
   *
   * @param name the name, or null to leave it
   * @return the copy
   */
  public CustomFieldDraft withName(@Nullable String name) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy with another code.
   *
   * @param code the code, or null to leave it
   * @return the copy
   */
  public CustomFieldDraft withCode(@Nullable String code) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy with another position.
   *
   * @param sort the position, or null to leave it
   * @return the copy
   */
  public CustomFieldDraft withSort(@Nullable Long sort) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy with these options.
   *
   * @param enums the options, or null to leave them
   * @return the copy
   */
  public CustomFieldDraft withEnums(@Nullable List<Option> enums) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy with these required statuses.
   *
   * @param requiredStatuses the statuses, or null to leave them
   * @return the copy
   */
  public CustomFieldDraft withRequiredStatuses(@Nullable List<RequiredStatus> requiredStatuses) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy with these settings.
   *
   * @param settings the settings, or null to leave them
   * @return the copy
   */
  public CustomFieldDraft withSettings(@Nullable Map<String, Object> settings) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy that only the API may, or may not, change.
   *
   * @param apiOnly true for API only, or null to leave it
   * @return the copy
   */
  public CustomFieldDraft withApiOnly(@Nullable Boolean apiOnly) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy in another group.
   *
   * @param groupId the group's id, or null to leave it
   * @return the copy
   */
  public CustomFieldDraft withGroupId(@Nullable String groupId) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * Returns a copy with another reminder (birthday fields).
   *
   * @param remind {@code never}, {@code day}, {@code week} or {@code month}, or null to leave it
   * @return the copy
   */
  public CustomFieldDraft withRemind(@Nullable String remind) {
    return new CustomFieldDraft(type, name, code, sort, enums, requiredStatuses, settings,
        apiOnly, groupId, remind);
  }

  /**
   * An option of a select-like field.
   *
   * @param id the option's id to keep an existing one, or null for a new one
   * @param value its label
   * @param sort its position, or null
   */
  public record Option(@Nullable Long id, String value, @Nullable Long sort) {

    /** Checks the arguments. */
    public Option {
      Objects.requireNonNull(value, "value == null");
    }

    /**
     * Returns a new option.
     *
     * @param value its label
     * @return the option
     */
    public static Option of(String value) {
      return new Option(null, value, null);
    }
  }

  /**
   * A status a lead may only enter with the field filled.
   *
   * @param pipelineId the pipeline
   * @param statusId the status
   */
  public record RequiredStatus(long pipelineId, long statusId) {}
}
