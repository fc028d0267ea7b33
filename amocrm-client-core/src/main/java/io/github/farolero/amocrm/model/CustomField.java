package io.github.farolero.amocrm.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The values of one custom field of an entity ({@code custom_fields_values[]}), named by id or by
 * code ({@code PHONE}, {@code EMAIL}).
 *
 * <pre>{@code
 * Lead.builder().name("Deal")
 *     .customField(CustomField.text(12345, "from the website"))
 *     .customField(CustomField.multiselect(12346, 501, 502))
 *     .build();
 * Contact.builder().name("Ann")
 *     .customField(CustomField.phone("+79990000000", "WORK"))
 *     .build();
 * }</pre>
 *
 * <p>An empty list of values clears the field when written. Immutable.
 *
 * @param fieldId the field's id, or null when named by code
 * @param fieldCode the field's code, or null
 * @param fieldName the field's name as read, or null
 * @param fieldType the field's type as read (such as {@code multitext}), or null
 * @param values the values; empty clears the field
 */
public record CustomField(
    @Nullable Long fieldId,
    @Nullable String fieldCode,
    @Nullable String fieldName,
    @Nullable String fieldType,
    List<CustomFieldValue> values) {

  /**
   * Checks and copies.
   *
   * @throws IllegalArgumentException if neither id nor code is given
   */
  public CustomField {
    if (fieldId == null && fieldCode == null) {
      throw new IllegalArgumentException("a custom field needs a fieldId or a fieldCode");
    }
    values = List.copyOf(values);
  }

  /**
   * Returns field {@code fieldId} with these values.
   *
   * @param fieldId the field's id
   * @param values the values; none clears the field
   * @return the field
   */
  public static CustomField of(long fieldId, CustomFieldValue... values) {
    return new CustomField(fieldId, null, null, null, List.of(values));
  }

  /**
   * Returns field {@code fieldId} cleared: written as {@code "values": null}, which empties the
   * field on amoCRM's side.
   *
   * @param fieldId the field's id
   * @return the field, with no values
   */
  public static CustomField cleared(long fieldId) {
    return new CustomField(fieldId, null, null, null, List.of());
  }

  /**
   * Returns the field with code {@code fieldCode} with these values.
   *
   * @param fieldCode such as {@code PHONE}
   * @param values the values; none clears the field
   * @return the field
   */
  public static CustomField ofCode(String fieldCode, CustomFieldValue... values) {
    Objects.requireNonNull(fieldCode, "fieldCode == null");
    return new CustomField(null, fieldCode, null, null, List.of(values));
  }

  /**
   * Returns a text field's value.
   *
   * @param fieldId the field's id
   * @param text the text
   * @return the field
   */
  public static CustomField text(long fieldId, String text) {
    return of(fieldId, new CustomFieldValue.Text(text));
  }

  /**
   * Returns a numeric field's value.
   *
   * @param fieldId the field's id
   * @param number the number
   * @return the field
   */
  public static CustomField numeric(long fieldId, BigDecimal number) {
    return of(fieldId, new CustomFieldValue.Numeric(number));
  }

  /**
   * Returns a numeric field's value.
   *
   * @param fieldId the field's id
   * @param number the number
   * @return the field
   */
  public static CustomField numeric(long fieldId, long number) {
    return numeric(fieldId, BigDecimal.valueOf(number));
  }

  /**
   * Returns a checkbox field's value.
   *
   * @param fieldId the field's id
   * @param checked checked or not
   * @return the field
   */
  public static CustomField checkbox(long fieldId, boolean checked) {
    return of(fieldId, new CustomFieldValue.Checkbox(checked));
  }

  /**
   * Returns a select (or radio button) field's choice.
   *
   * @param fieldId the field's id
   * @param enumId the option's id
   * @return the field
   */
  public static CustomField select(long fieldId, long enumId) {
    return of(fieldId, CustomFieldValue.Select.of(enumId));
  }

  /**
   * Returns a multiselect field's choices.
   *
   * @param fieldId the field's id
   * @param enumIds the options' ids
   * @return the field
   */
  public static CustomField multiselect(long fieldId, long... enumIds) {
    List<CustomFieldValue> values = new ArrayList<>();
    for (long id : enumIds) {
      values.add(CustomFieldValue.Select.of(id));
    }
    return new CustomField(fieldId, null, null, null, values);
  }

  /**
   * Returns a date field's value (midnight UTC of the date).
   *
   * @param fieldId the field's id
   * @param date the date
   * @return the field
   */
  public static CustomField date(long fieldId, LocalDate date) {
    return of(fieldId, CustomFieldValue.Date.of(date));
  }

  /**
   * Returns a date-time field's value.
   *
   * @param fieldId the field's id
   * @param moment the moment
   * @return the field
   */
  public static CustomField dateTime(long fieldId, Instant moment) {
    return of(fieldId, CustomFieldValue.Date.of(moment));
  }

  /**
   * Returns the standard {@code PHONE} field of a contact or company with one number.
   *
   * @param number the phone number
   * @param enumCode its kind: {@code WORK}, {@code WORKDD}, {@code MOB}, {@code FAX},
   *     {@code HOME} or {@code OTHER}
   * @return the field
   */
  public static CustomField phone(String number, String enumCode) {
    return ofCode("PHONE", CustomFieldValue.Multitext.of(number, enumCode));
  }

  /**
   * Returns the standard {@code EMAIL} field of a contact or company with one address.
   *
   * @param address the email address
   * @param enumCode its kind: {@code WORK}, {@code PRIV} or {@code OTHER}
   * @return the field
   */
  public static CustomField email(String address, String enumCode) {
    return ofCode("EMAIL", CustomFieldValue.Multitext.of(address, enumCode));
  }

  /** Returns the first value as text: a text, number, date (seconds), option label or entry. */
  public Optional<String> text() {
    for (CustomFieldValue v : values) {
      String s = null;
      if (v instanceof CustomFieldValue.Text t) {
        s = t.value();
      } else if (v instanceof CustomFieldValue.Numeric n) {
        s = n.value().toPlainString();
      } else if (v instanceof CustomFieldValue.Checkbox c) {
        s = Boolean.toString(c.value());
      } else if (v instanceof CustomFieldValue.Select sel) {
        s = sel.value();
      } else if (v instanceof CustomFieldValue.Date d) {
        s = Long.toString(d.epochSecond());
      } else if (v instanceof CustomFieldValue.Multitext m) {
        s = m.value();
      }
      if (s != null) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Returns the first numeric value. */
  public Optional<BigDecimal> number() {
    return values.stream().filter(v -> v instanceof CustomFieldValue.Numeric)
        .map(v -> ((CustomFieldValue.Numeric) v).value()).findFirst();
  }

  /** Returns the first date value. */
  public Optional<Instant> date() {
    return values.stream().filter(v -> v instanceof CustomFieldValue.Date)
        .map(v -> ((CustomFieldValue.Date) v).instant()).findFirst();
  }

  /** Returns the option ids of the select values, in order; immutable, as the record is. */
  public List<Long> enumIds() {
    List<Long> ids = new ArrayList<>();
    for (CustomFieldValue v : values) {
      if (v instanceof CustomFieldValue.Select s && s.enumId() != null) {
        ids.add(s.enumId());
      }
    }
    return List.copyOf(ids);
  }
}
