package io.github.farolero.amocrm.webhook;

import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One event of a webhook: an entity, what happened to it, and its fields as amoCRM sent them
 * ({@code leads[status][0][...]} is one {@link WebhookEntity#LEADS} {@link WebhookAction#STATUS}
 * event).
 *
 * <p>{@link #fields()} holds every field as sent, every value a string: a group (such as
 * {@code custom_fields} or an unsorted lead's {@code source_data}) is a {@code Map<String,
 * Object>} in the body's order, with list indices as keys ({@code "0"}, {@code "1"}); a key sent
 * more than once is a {@code List<String>} of all its values. The typed accessors read it
 * leniently: a value that is missing or cannot be read as the type is null, never an exception.
 * A repeated key reads as its last value, as PHP reads it ({@link #strings(String)} has all).
 *
 * <pre>{@code
 * for (WebhookEvent e : webhook.events()) {
 *   if (e.entity() == WebhookEntity.LEADS && e.action() == WebhookAction.STATUS) {
 *     log.info("lead {} moved from {} to {}", e.id(), e.oldStatusId(), e.statusId());
 *   }
 * }
 * }</pre>
 *
 * @param entity the kind of entity; {@link WebhookEntity#COMPANIES} also for a company sent under
 *     {@code contacts} with {@code type=company}
 * @param entityName the body's name for the entity group, as sent ({@code leads}, {@code task},
 *     {@code contacts} for a company too)
 * @param action what happened
 * @param actionName the body's name for the action, as sent
 * @param fields every field of the entity as sent (see above); copied, immutable
 */
public record WebhookEvent(
    WebhookEntity entity,
    String entityName,
    WebhookAction action,
    String actionName,
    Map<String, Object> fields) {

  /**
   * Checks and copies.
   *
   * @throws IllegalArgumentException if {@code fields} holds something other than strings,
   *     lists of strings and maps of those
   */
  public WebhookEvent {
    Objects.requireNonNull(entity, "entity == null");
    Objects.requireNonNull(entityName, "entityName == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(actionName, "actionName == null");
    fields = Values.frozen(Objects.requireNonNull(fields, "fields == null"));
  }

  /** Returns the entity's id ({@code id}), or null. */
  public @Nullable Long id() {
    return longValue("id");
  }

  /** Returns the entity's name ({@code name}), or null. */
  public @Nullable String name() {
    return string("name");
  }

  /** Returns a lead's status ({@code status_id}), or null. */
  public @Nullable Long statusId() {
    return longValue("status_id");
  }

  /** Returns a lead's pipeline ({@code pipeline_id}), or null. */
  public @Nullable Long pipelineId() {
    return longValue("pipeline_id");
  }

  /** Returns a lead's status before a status change ({@code old_status_id}), or null. */
  public @Nullable Long oldStatusId() {
    return longValue("old_status_id");
  }

  /** Returns a lead's pipeline before a status change ({@code old_pipeline_id}), or null. */
  public @Nullable Long oldPipelineId() {
    return longValue("old_pipeline_id");
  }

  /** Returns a lead's price ({@code price}), or null. */
  public @Nullable BigDecimal price() {
    return Values.toDecimal(string("price"));
  }

  /** Returns the responsible user ({@code responsible_user_id}), or null. */
  public @Nullable Long responsibleUserId() {
    return longValue("responsible_user_id");
  }

  /** Returns the responsible user before a change ({@code old_responsible_user_id}), or null. */
  public @Nullable Long oldResponsibleUserId() {
    return longValue("old_responsible_user_id");
  }

  /** Returns the account's id ({@code account_id}), or null. */
  public @Nullable Long accountId() {
    return longValue("account_id");
  }

  /**
   * Returns when the entity was created: {@code created_at}, else the older {@code date_create};
   * unix seconds or {@code "2017-07-20 15:00:00"} (read as UTC; see {@link #instant(String,
   * ZoneId)}). Null if absent or unreadable.
   */
  public @Nullable Instant createdAt() {
    Instant at = instant("created_at");
    return at != null ? at : instant("date_create");
  }

  /**
   * Returns when the entity was last changed: {@code updated_at}, else the older
   * {@code last_modified}; read as {@link #createdAt()} is. Null if absent or unreadable.
   */
  public @Nullable Instant updatedAt() {
    Instant at = instant("updated_at");
    return at != null ? at : instant("last_modified");
  }

  /**
   * Returns a field's text: the value as sent, the last one of a repeated key; null if absent or
   * a group.
   *
   * @param key a key of {@link #fields()}, such as {@code text}
   * @return the value, or null
   */
  public @Nullable String string(String key) {
    return Values.scalar(fields.get(key));
  }

  /**
   * Returns every value of a field sent more than once (one value if sent once; none if absent
   * or a group).
   *
   * @param key a key of {@link #fields()}
   * @return the values in the body's order; immutable
   */
  public List<String> strings(String key) {
    return Values.all(fields.get(key));
  }

  /**
   * Returns a field as a whole number ({@code "142"}, {@code " 142 "}, {@code "142.0"}), or null.
   *
   * @param key a key of {@link #fields()}
   * @return the number, or null if absent or not a whole number
   */
  public @Nullable Long longValue(String key) {
    return Values.toLong(string(key));
  }

  /**
   * Returns a field as a boolean: {@code "1"}, {@code "true"}, {@code "on"}, {@code "yes"} are
   * true; {@code "0"}, {@code "false"}, {@code "off"}, {@code "no"} false; anything else null.
   *
   * @param key a key of {@link #fields()}, such as {@code is_deleted}
   * @return the boolean, or null
   */
  public @Nullable Boolean bool(String key) {
    return Values.toBoolean(string(key));
  }

  /**
   * Returns a field as a moment, a zone-less date-time read as UTC; see {@link #instant(String,
   * ZoneId)}.
   *
   * @param key a key of {@link #fields()}, such as {@code complete_till}
   * @return the moment, or null
   */
  public @Nullable Instant instant(String key) {
    return instant(key, ZoneOffset.UTC);
  }

  /**
   * Returns a field as a moment: unix seconds ({@code "1615845600"}), a date-time such as a
   * task's {@code "2017-07-20 15:00:00"} or a date {@code "2017-07-20"} (both in {@code zone},
   * the account's), or an ISO date-time with an offset.
   *
   * @param key a key of {@link #fields()}
   * @param zone the zone of a date-time without one
   * @return the moment, or null if absent or unreadable
   */
  public @Nullable Instant instant(String key, ZoneId zone) {
    return Values.toInstant(string(key), Objects.requireNonNull(zone, "zone == null"));
  }

  /**
   * Returns a group of fields, such as {@code source_data} of an unsorted lead.
   *
   * @param key a key of {@link #fields()}
   * @return the group (see {@link #fields()} for its shape), or null if absent or not a group
   */
  @SuppressWarnings("unchecked")
  public @Nullable Map<String, Object> group(String key) {
    return fields.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  /**
   * Returns the entity's custom fields ({@code custom_fields[N][...]}) as the model's types:
   * {@code [id]}, {@code [code]} and {@code [name]} of each, and its values in order. A webhook
   * does not say a field's type, so a value is read as:
   * <ul>
   *   <li>{@code [values][M][value]} with {@code [enum]}: the option's id and label,
   *       {@link CustomFieldValue.Select}, or {@link CustomFieldValue.Multitext} for the
   *       {@code PHONE} and {@code EMAIL} fields;
   *   <li>{@code [values][M][value]} alone: {@link CustomFieldValue.Text} (numbers, checkboxes
   *       ({@code "1"}/{@code "0"}) and dates too: read them with {@link #customFieldText(long)}
   *       and {@link #customFieldInstant(long)});
   *   <li>{@code [values][M]} with no {@code [value]} (the older shape of a date field): a
   *       {@link CustomFieldValue.Date} if it is unix seconds, else {@link CustomFieldValue.Text}.
   * </ul>
   * A field with neither id nor code is left out (it stays in {@link #fields()}).
   *
   * @return the fields in the body's order; immutable
   */
  public List<CustomField> customFields() {
    Map<String, Object> all = group("custom_fields");
    if (all == null) {
      all = group("custom_fields_values");
    }
    if (all == null) {
      return List.of();
    }
    List<CustomField> out = new ArrayList<>();
    for (Object f : all.values()) {
      if (f instanceof Map<?, ?> field) {
        CustomField cf = customField(field);
        if (cf != null) {
          out.add(cf);
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Returns the custom field with this id.
   *
   * @param fieldId the field's id
   * @return the field, or empty if the event does not carry it
   */
  public Optional<CustomField> customField(long fieldId) {
    for (CustomField f : customFields()) {
      if (f.fieldId() != null && f.fieldId() == fieldId) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the first value of a custom field as text, whatever its kind (an option's label, a
   * date field's seconds).
   *
   * @param fieldId the field's id
   * @return the text, or empty
   */
  public Optional<String> customFieldText(long fieldId) {
    return customField(fieldId).flatMap(CustomField::text);
  }

  /**
   * Returns the first value of a date custom field as a moment, in either of amoCRM's shapes
   * ({@code [values][0]=1615845600} or {@code [values][0][value]=1615845600}), also from
   * {@code "2021-03-16"} or {@code "2021-03-16 00:00:00"} (read as UTC).
   *
   * @param fieldId the field's id
   * @return the moment, or empty if the field is absent or its value is not a date
   */
  public Optional<Instant> customFieldInstant(long fieldId) {
    Optional<CustomField> field = customField(fieldId);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    for (CustomFieldValue v : field.get().values()) {
      if (v instanceof CustomFieldValue.Date d) {
        return Optional.of(d.instant());
      }
      if (v instanceof CustomFieldValue.Text t) {
        return Optional.ofNullable(Values.toInstant(t.value(), ZoneOffset.UTC));
      }
    }
    return Optional.empty();
  }

  private static @Nullable CustomField customField(Map<?, ?> field) {
    Long id = Values.toLong(Values.scalar(field.get("id")));
    String code = Values.scalar(field.get("code"));
    if (code != null && code.isBlank()) {
      code = null;
    }
    if (id == null && code == null) {
      return null;
    }
    boolean multitext = code != null
        && (code.equalsIgnoreCase("PHONE") || code.equalsIgnoreCase("EMAIL"));
    List<CustomFieldValue> values = new ArrayList<>();
    Object raw = field.get("values");
    List<Object> entries = new ArrayList<>();
    if (raw instanceof Map<?, ?> m) {
      entries.addAll(m.values());
    } else if (raw != null) {
      entries.add(raw);
    }
    for (Object entry : entries) {
      CustomFieldValue v = value(entry, multitext);
      if (v != null) {
        values.add(v);
      }
    }
    return new CustomField(id, code, Values.scalar(field.get("name")), null, values);
  }

  private static @Nullable CustomFieldValue value(Object entry, boolean multitext) {
    if (!(entry instanceof Map<?, ?> v)) {
      // The older shape: [values][M]=1615845600, a date field's value with no [value] key.
      String s = Values.scalar(entry);
      if (s == null) {
        return null;
      }
      Long seconds = s.strip().matches("-?\\d{1,12}") ? Values.toLong(s) : null;
      return seconds != null ? new CustomFieldValue.Date(seconds) : new CustomFieldValue.Text(s);
    }
    String value = Values.scalar(v.get("value"));
    String enumText = Values.scalar(v.get("enum"));
    if (enumText == null) {
      enumText = Values.scalar(v.get("enum_id"));
    }
    Long enumId = Values.toLong(enumText);
    String enumCode = enumId == null && enumText != null && !enumText.isBlank()
        ? enumText.strip().toUpperCase(Locale.ROOT) : null;
    if (multitext && value != null) {
      return new CustomFieldValue.Multitext(value, enumCode, enumId);
    }
    if (enumId != null) {
      return new CustomFieldValue.Select(enumId, value);
    }
    return value == null ? null : new CustomFieldValue.Text(value);
  }
}
