package io.github.farolero.amocrm.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One element of an event's {@code value_before} or {@code value_after}: what a field held before
 * or after the change. amoCRM sends each as an object with one key naming its kind
 * ({@code {"lead_status":{"id":142,"pipeline_id":3}}}); the common kinds are read into the records
 * below, every other kind is kept as {@link Other} with its raw JSON, never an error.
 *
 * <pre>{@code
 * for (Event e : client.events().stream(EventsFilter.builder()
 *     .types("lead_status_changed").build()).toList()) {
 *   e.after(EventValue.LeadStatus.class).ifPresent(s -> moved(e.entityId(), s.id()));
 * }
 * }</pre>
 *
 * <p>Reading is lenient: ids as strings or numbers, a field that cannot be read is null. Every
 * implementation is an immutable record, thread-safe.
 */
public sealed interface EventValue {

  /** Returns the key amoCRM names this kind with, such as {@code lead_status}. */
  String key();

  /**
   * A lead's stage: {@code lead_status} ({@code lead_status_changed}).
   *
   * @param id the stage (status) id
   * @param pipelineId its pipeline
   */
  record LeadStatus(@Nullable Long id, @Nullable Long pipelineId) implements EventValue {
    @Override
    public String key() {
      return "lead_status";
    }
  }

  /**
   * The responsible user: {@code responsible_user} ({@code entity_responsible_changed}).
   *
   * @param id the user's id
   */
  record ResponsibleUser(@Nullable Long id) implements EventValue {
    @Override
    public String key() {
      return "responsible_user";
    }
  }

  /**
   * One value of a custom field: {@code custom_field_value} ({@code custom_field_value_changed}
   * and {@code custom_field_<ID>_value_changed}). A multi-value field gives one element per value.
   *
   * @param fieldId the field
   * @param fieldType the field's type as a number (events number types; field definitions name
   *     them)
   * @param enumId the option or enum id, null for a field without options
   * @param text the value as text
   */
  record FieldValue(@Nullable Long fieldId, @Nullable Integer fieldType, @Nullable Long enumId,
      @Nullable String text) implements EventValue {
    @Override
    public String key() {
      return "custom_field_value";
    }
  }

  /**
   * The name: {@code name_field_value} ({@code name_field_changed}).
   *
   * @param name the name
   */
  record Name(@Nullable String name) implements EventValue {
    @Override
    public String key() {
      return "name_field_value";
    }
  }

  /**
   * A lead's budget: {@code sale_field_value} ({@code sale_field_changed}).
   *
   * @param sale the budget, as amoCRM wrote it ({@code 1500}, {@code "1500.50"})
   */
  record Sale(@Nullable String sale) implements EventValue {
    @Override
    public String key() {
      return "sale_field_value";
    }

    /** Returns the budget as a number, or null if it is not one. */
    public java.math.@Nullable BigDecimal amount() {
      if (sale == null) {
        return null;
      }
      try {
        return new java.math.BigDecimal(sale.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /**
   * An entity linked or unlinked: {@code link} or {@code unlink}, each holding {@code entity}
   * ({@code entity_linked}, {@code contact_linked}, {@code lead_unlinked}...).
   *
   * @param unlinked true for {@code unlink}
   * @param entityId the other entity's id
   * @param entityType its type, such as {@code lead} or {@code contact}
   */
  record Link(boolean unlinked, @Nullable Long entityId, @Nullable String entityType)
      implements EventValue {
    @Override
    public String key() {
      return unlinked ? "unlink" : "link";
    }
  }

  /**
   * A note: {@code note} ({@code lead_added}, {@code common_note_added}, calls, SMS...).
   *
   * @param id the note's id
   */
  record Note(@Nullable Long id) implements EventValue {
    @Override
    public String key() {
      return "note";
    }
  }

  /**
   * Any other kind ({@code tag}, {@code task_deadline}, {@code message}, kinds amoCRM adds later),
   * kept as amoCRM sent it.
   *
   * @param key the kind's key; empty for an element that was not an object
   * @param json the value under the key (the element itself if it was not an object), as JSON
   */
  record Other(String key, String json) implements EventValue {
    /** Checks the components. */
    public Other {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(json, "json == null");
    }
  }
}
