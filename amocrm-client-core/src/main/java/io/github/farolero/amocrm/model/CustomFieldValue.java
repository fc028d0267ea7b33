package io.github.farolero.amocrm.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One value of a custom field. amoCRM's field types map onto these few kinds; what a field's type
 * cannot be read as (a legal entity, a list of items...) is kept as {@link Other} JSON.
 *
 * <table>
 *   <caption>Field types and value kinds</caption>
 *   <tr><th>amoCRM {@code field_type}</th><th>value</th></tr>
 *   <tr><td>text, textarea, url, streetaddress, tracking_data</td><td>{@link Text}</td></tr>
 *   <tr><td>numeric, price, monetary</td><td>{@link Numeric}</td></tr>
 *   <tr><td>checkbox</td><td>{@link Checkbox}</td></tr>
 *   <tr><td>select, multiselect, radiobutton, category</td><td>{@link Select}</td></tr>
 *   <tr><td>date, date_time, birthday</td><td>{@link Date}</td></tr>
 *   <tr><td>multitext (phone, email), smart_address</td><td>{@link Multitext}</td></tr>
 *   <tr><td>legal_entity, items, chained_list, linked_entity, file, payer, supplier</td>
 *       <td>{@link Other}</td></tr>
 * </table>
 *
 * <p>A value read and written back is sent as amoCRM documents it for its type, whether or not
 * the field's type was read with it: a select's option as {@code {"enum_id":N}}; a text with an
 * option (a phone or email with {@code enum_id}, an address part), read where the field's type is
 * unknown, as a {@link Multitext} with both its text and its option, never as a bare option.
 *
 * <p>Reading tolerates amoCRM's variants: numbers as strings ({@code "12"}), {@code enum} where
 * requests use {@code enum_code}, dates as unix seconds or as {@code "2020-05-08"}. Immutable.
 */
public sealed interface CustomFieldValue {

  /**
   * A text value.
   *
   * @param value the text
   */
  record Text(String value) implements CustomFieldValue {
    /** Checks the argument. */
    public Text {
      Objects.requireNonNull(value, "value == null");
    }
  }

  /**
   * A number, exactly as amoCRM sent it (sent as a JSON number).
   *
   * @param value the number
   */
  record Numeric(BigDecimal value) implements CustomFieldValue {
    /** Checks the argument. */
    public Numeric {
      Objects.requireNonNull(value, "value == null");
    }
  }

  /**
   * A checkbox.
   *
   * @param value checked or not
   */
  record Checkbox(boolean value) implements CustomFieldValue {}

  /**
   * A choice of a select, multiselect, radio button or category field. Write it by
   * {@code enumId} (or by label when the id is unknown).
   *
   * @param enumId the option's id, or null
   * @param value the option's label, or null
   */
  record Select(@Nullable Long enumId, @Nullable String value) implements CustomFieldValue {
    /**
     * Checks that one of the two is given.
     *
     * @throws IllegalArgumentException if both are null
     */
    public Select {
      if (enumId == null && value == null) {
        throw new IllegalArgumentException("a select value needs an enumId or a value");
      }
    }

    /**
     * Returns the option with this id.
     *
     * @param enumId the option's id
     * @return the value
     */
    public static Select of(long enumId) {
      return new Select(enumId, null);
    }
  }

  /**
   * A date or a moment, as amoCRM stores it: unix seconds.
   *
   * @param epochSecond seconds since 1970-01-01T00:00:00Z
   */
  record Date(long epochSecond) implements CustomFieldValue {
    /**
     * Returns the date at midnight UTC, as amoCRM's own examples write dates.
     *
     * @param date the date
     * @return the value
     */
    public static Date of(LocalDate date) {
      return new Date(date.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }

    /**
     * Returns the moment.
     *
     * @param instant the moment
     * @return the value
     */
    public static Date of(Instant instant) {
      return new Date(instant.getEpochSecond());
    }

    /** Returns the moment. */
    public Instant instant() {
      return Instant.ofEpochSecond(epochSecond);
    }

    /**
     * Returns the calendar date in a zone (the account's).
     *
     * @param zone the zone
     * @return the date
     */
    public LocalDate localDate(ZoneId zone) {
      return instant().atZone(zone).toLocalDate();
    }
  }

  /**
   * One entry of a multitext field, such as a phone number or an email address (or one part of a
   * {@code smart_address}), with its kind. Written as {@code {"value":..,"enum_code":..}}, or
   * with {@code enum_id} when it has no code. The kinds:
   * {@code enumCode} {@code WORK}, {@code WORKDD}, {@code MOB}, {@code FAX}, {@code HOME},
   * {@code PRIV}, {@code OTHER} (amoCRM's codes), or the option's id.
   *
   * @param value the number or address
   * @param enumCode the kind's code, or null
   * @param enumId the kind's option id, or null
   */
  record Multitext(String value, @Nullable String enumCode, @Nullable Long enumId)
      implements CustomFieldValue {
    /** Checks the argument. */
    public Multitext {
      Objects.requireNonNull(value, "value == null");
    }

    /**
     * Returns an entry of the kind with this code.
     *
     * @param value the number or address
     * @param enumCode such as {@code WORK} or {@code MOB}
     * @return the value
     */
    public static Multitext of(String value, String enumCode) {
      return new Multitext(value, Objects.requireNonNull(enumCode, "enumCode == null"), null);
    }
  }

  /**
   * A value this client has no type for (a legal entity, items, a file, a linked entity...),
   * kept as the JSON amoCRM sent for it ({@code {"value": ...}} and its neighbours), and written
   * back as is. Build one to write such a field, in amoCRM's shape for its type:
   *
   * <pre>{@code
   * new CustomFieldValue.Other("{\"value\":{\"name\":\"Acme LLC\",\"vat_id\":\"7700000000\"}}")
   * }</pre>
   *
   * @param json one JSON object; whitespace outside strings is dropped (so a value read back is
   *     the same text)
   */
  record Other(String json) implements CustomFieldValue {
    /** Checks the argument and drops whitespace outside strings. */
    public Other {
      Objects.requireNonNull(json, "json == null");
      json = Models.compactJson(json);
    }
  }
}
