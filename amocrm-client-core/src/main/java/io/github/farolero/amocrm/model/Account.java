package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The account the client is authorized for: {@code GET /api/v4/account}.
 *
 * <p>The details after {@code amojoId} come only when asked for with {@code
 * client.accountWith(AccountWith...)}; otherwise they are null (a list or map: empty). amoCRM sends
 * some of them at the top level and some under {@code _embedded}; both are read.
 *
 * @param id the account id
 * @param name the account's name
 * @param subdomain the subdomain, as in {@code subdomain.amocrm.ru}
 * @param createdAt when the account was created
 * @param currentUserId the user the token acts as
 * @param country the country code, such as {@code RU}
 * @param currency the currency code, such as {@code RUB}
 * @param amojoId the account's id in amoCRM's chat service ({@code with=amojo_id})
 * @param uuid the account's UUID, if amoCRM sent it
 * @param version amoCRM's version of the account ({@code with=version})
 * @param driveUrl the base URL of the account's file storage ({@code with=drive_url})
 * @param apiFilterEnabled whether filtering by API is switched on for the account ({@code
 *     with=is_api_filter_enabled})
 * @param amojoRights what users may do in the chats ({@code with=amojo_rights})
 * @param usersGroups the groups of users ({@code with=users_groups}); empty if not asked
 * @param taskTypes the task types ({@code with=task_types}); empty if not asked
 * @param entityNames the entities' names by entity ({@code leads}, ...) and then by language
 *     ({@code ru}, {@code en}, ...) ({@code with=entity_names}); empty if not asked
 * @param datetimeSettings the account's date and time formats and time zone ({@code
 *     with=datetime_settings})
 */
public record Account(
    @Json(name = "id") long id,
    @Json(name = "name") @Nullable String name,
    @Json(name = "subdomain") @Nullable String subdomain,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "current_user_id") @Nullable Long currentUserId,
    @Json(name = "country") @Nullable String country,
    @Json(name = "currency") @Nullable String currency,
    @Json(name = "amojo_id") @Nullable String amojoId,
    @Json(name = "uuid") @Nullable String uuid,
    @Json(name = "version") @Nullable Long version,
    @Json(name = "drive_url") @Nullable String driveUrl,
    @Json(name = "is_api_filter_enabled") @Nullable Boolean apiFilterEnabled,
    @Json(name = "amojo_rights") @Nullable AmojoRights amojoRights,
    @Json(name = "users_groups") List<UserGroup> usersGroups,
    @Json(name = "task_types") List<TaskType> taskTypes,
    @Json(name = "entity_names") Map<String, Map<String, EntityName>> entityNames,
    @Json(name = "datetime_settings") @Nullable DatetimeSettings datetimeSettings) {

  /**
   * Copies the lists and maps, keeping their order and leaving out null entries; a null one (not
   * asked for, or not sent) reads as empty.
   */
  public Account {
    usersGroups = usersGroups == null ? List.of() : Models.copy(usersGroups);
    taskTypes = taskTypes == null ? List.of() : Models.copy(taskTypes);
    Map<String, Map<String, EntityName>> names = new LinkedHashMap<>();
    if (entityNames != null) {
      entityNames.forEach((entity, byLanguage) -> {
        if (entity != null && byLanguage != null) {
          Map<String, EntityName> languages = new LinkedHashMap<>();
          byLanguage.forEach((language, entityName) -> {
            if (language != null && entityName != null) {
              languages.put(language, entityName);
            }
          });
          names.put(entity, Collections.unmodifiableMap(languages));
        }
      });
    }
    entityNames = Collections.unmodifiableMap(names);
  }

  /**
   * An account with the basic fields only, as {@code GET /api/v4/account} without {@code with}
   * answers.
   *
   * @param id the account id
   * @param name the account's name
   * @param subdomain the subdomain
   * @param createdAt when the account was created
   * @param currentUserId the user the token acts as
   * @param country the country code
   * @param currency the currency code
   * @param amojoId the account's id in amoCRM's chat service
   */
  public Account(long id, @Nullable String name, @Nullable String subdomain,
      @Nullable Instant createdAt, @Nullable Long currentUserId, @Nullable String country,
      @Nullable String currency, @Nullable String amojoId) {
    this(id, name, subdomain, createdAt, currentUserId, country, currency, amojoId, null, null,
        null, null, null, List.of(), List.of(), Map.of(), null);
  }

  /**
   * What the account's users may do in amoCRM's chats.
   *
   * @param canDirect whether users may write to each other directly
   * @param canCreateGroups whether users may create group chats
   */
  public record AmojoRights(
      @Json(name = "can_direct") @Nullable Boolean canDirect,
      @Json(name = "can_create_groups") @Nullable Boolean canCreateGroups) {}

  /**
   * A group of the account's users (a department).
   *
   * @param id the group's id ({@code 0} for the default group)
   * @param name its name
   * @param uuid its UUID, if any
   */
  public record UserGroup(
      @Json(name = "id") @Nullable Long id,
      @Json(name = "name") @Nullable String name,
      @Json(name = "uuid") @Nullable String uuid) {}

  /**
   * A task type of the account: the built-in ones ({@code FOLLOW_UP}, {@code MEETING}) and the
   * account's own.
   *
   * @param id the type's id, the {@code task_type_id} of a task
   * @param name its name
   * @param color its color, such as {@code #ff0000}, if any
   * @param iconId its icon, if any
   * @param code the code of a built-in type, such as {@code FOLLOW_UP}; null for the account's own
   */
  public record TaskType(
      @Json(name = "id") @Nullable Long id,
      @Json(name = "name") @Nullable String name,
      @Json(name = "color") @Nullable String color,
      @Json(name = "icon_id") @Nullable Long iconId,
      @Json(name = "code") @Nullable String code) {}

  /**
   * How an entity is named in one language, such as a lead ("сделка") in Russian.
   *
   * @param gender the grammatical gender, such as {@code f}, if the language has one
   * @param singular the singular forms
   * @param plural the plural forms
   */
  public record EntityName(
      @Json(name = "gender") @Nullable String gender,
      @Json(name = "singular_form") @Nullable WordForms singular,
      @Json(name = "plural_form") @Nullable WordForms plural) {}

  /**
   * The forms of a name by grammatical case; a language without cases has only {@code
   * defaultForm}.
   *
   * @param defaultForm the dictionary form (nominative)
   * @param genitive the genitive
   * @param dative the dative
   * @param accusative the accusative
   * @param instrumental the instrumental
   * @param prepositional the prepositional
   */
  public record WordForms(
      @Json(name = "default") @Nullable String defaultForm,
      @Json(name = "genitive") @Nullable String genitive,
      @Json(name = "dative") @Nullable String dative,
      @Json(name = "accusative") @Nullable String accusative,
      @Json(name = "instrumental") @Nullable String instrumental,
      @Json(name = "prepositional") @Nullable String prepositional) {}

  /**
   * The account's date and time settings. The patterns are PHP {@code date()} patterns, as amoCRM
   * sends them ({@code d.m.Y H:i}).
   *
   * @param datePattern the pattern of a date with time
   * @param shortDatePattern the pattern of a short date
   * @param shortTimePattern the pattern of a short time
   * @param dateFormat the date format (amoCRM's documentation spells the key {@code
   *     date_formant}; both spellings are read)
   * @param timeFormat the time format
   * @param timezone the time zone, such as {@code Europe/Moscow}
   * @param timezoneOffset the zone's offset, such as {@code +03:00}
   */
  public record DatetimeSettings(
      @Json(name = "date_pattern") @Nullable String datePattern,
      @Json(name = "short_date_pattern") @Nullable String shortDatePattern,
      @Json(name = "short_time_pattern") @Nullable String shortTimePattern,
      @Json(name = "date_format") @Nullable String dateFormat,
      @Json(name = "time_format") @Nullable String timeFormat,
      @Json(name = "timezone") @Nullable String timezone,
      @Json(name = "timezone_offset") @Nullable String timezoneOffset) {}
}
