package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An event of the account's audit log ({@code GET /api/v4/events}): a lead was created, a
 * status changed, a field was edited, an entity was deleted. amoCRM's event ids are strings.
 *
 * <p>{@code valueBefore} and {@code valueAfter} say what changed, typed for the common kinds (see
 * {@link EventValue}); both are empty lists when amoCRM sent {@code []}, nothing or something
 * unreadable. Deletions ({@code lead_deleted}, {@code contact_deleted}...) are visible only here:
 * deleted entities leave the lists.
 *
 * @param id the event's id (a string)
 * @param type the event type, such as {@code lead_added} or {@code lead_status_changed}
 * @param entityId the entity it is about
 * @param entityType that entity's type, such as {@code lead}
 * @param createdBy who caused it
 * @param createdAt when it happened
 * @param accountId the account
 * @param valueBefore what the field held before; empty when amoCRM sent none
 * @param valueAfter what it holds after; empty when amoCRM sent none
 */
public record Event(
    @Nullable String id,
    @Nullable String type,
    @Json(name = "entity_id") @Nullable Long entityId,
    @Json(name = "entity_type") @Nullable String entityType,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "account_id") @Nullable Long accountId,
    @Json(name = "value_before") List<EventValue> valueBefore,
    @Json(name = "value_after") List<EventValue> valueAfter) {

  /** Copies the lists; null reads as empty. */
  public Event {
    valueBefore = valueBefore == null ? List.of() : List.copyOf(valueBefore);
    valueAfter = valueAfter == null ? List.of() : List.copyOf(valueAfter);
  }

  /**
   * An event without values, as this record was before it carried them.
   *
   * @param id the event's id
   * @param type the event type
   * @param entityId the entity it is about
   * @param entityType that entity's type
   * @param createdBy who caused it
   * @param createdAt when it happened
   * @param accountId the account
   */
  public Event(@Nullable String id, @Nullable String type, @Nullable Long entityId,
      @Nullable String entityType, @Nullable Long createdBy, @Nullable Instant createdAt,
      @Nullable Long accountId) {
    this(id, type, entityId, entityType, createdBy, createdAt, accountId, List.of(), List.of());
  }

  /**
   * Returns the first element of {@code value_before} of a kind.
   *
   * @param kind such as {@code EventValue.LeadStatus.class}
   * @param <T> the kind
   * @return the value, if there is one of that kind
   */
  public <T extends EventValue> Optional<T> before(Class<T> kind) {
    return first(valueBefore, kind);
  }

  /**
   * Returns the first element of {@code value_after} of a kind.
   *
   * @param kind such as {@code EventValue.ResponsibleUser.class}
   * @param <T> the kind
   * @return the value, if there is one of that kind
   */
  public <T extends EventValue> Optional<T> after(Class<T> kind) {
    return first(valueAfter, kind);
  }

  private static <T extends EventValue> Optional<T> first(List<EventValue> values, Class<T> kind) {
    for (EventValue v : values) {
      if (kind.isInstance(v)) {
        return Optional.of(kind.cast(v));
      }
    }
    return Optional.empty();
  }
}
