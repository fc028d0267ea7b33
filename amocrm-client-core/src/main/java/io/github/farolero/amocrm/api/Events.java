package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Event;
import io.github.farolero.amocrm.model.EventType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The account's events ({@code /api/v4/events}): list them with an {@link EventsFilter} (or a
 * plain {@link ListRequest}), read one by id, list the event types.
 *
 * <pre>{@code
 * EventsFilter deletions = EventsFilter.builder()
 *     .types("lead_deleted", "contact_deleted")
 *     .createdBetween(since, Instant.now())
 *     .build();
 * client.events().stream(deletions).forEach(e -> forget(e.entityType(), e.entityId()));
 * }</pre>
 *
 * <p>amoCRM keeps events for a limited time only, and pages them 100 at a time at most. Thread-safe.
 */
public interface Events extends Listing<Event> {

  /**
   * Returns one event, as {@link Entities#get} returns an entity.
   *
   * @param id the event's id, such as {@code 01pz58t6p04ymgsgfbmfyfy1mf}
   * @return the event; empty if amoCRM does not have it (or no longer keeps it: events are kept
   *     for a limited time), that is for 404 and 204
   * @throws IllegalArgumentException if the id is blank or not made of letters, digits, {@code _}
   *     and {@code -} (amoCRM's ids are)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<Event> get(String id);

  /**
   * Returns the account's event types, named in the language of the user the client acts for.
   *
   * @return the types; empty if amoCRM has none
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  List<EventType> types();

  /**
   * Returns the account's event types, named in a language.
   *
   * @param languageCode {@code en}, {@code es}, {@code ru} or {@code pt}
   * @return the types; empty if amoCRM has none
   * @throws IllegalArgumentException if the code is not two or three lower-case letters
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  List<EventType> types(String languageCode);

  /**
   * Returns one page of the events a filter selects.
   *
   * @param filter the filter
   * @return the page
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  default Page<Event> page(EventsFilter filter) {
    return page(filter.toRequest());
  }

  /**
   * Returns a lazy stream over every event a filter selects, from its page on.
   *
   * @param filter the filter
   * @return the stream; its terminal operations throw what fetching a page throws
   */
  default Stream<Event> stream(EventsFilter filter) {
    return stream(filter.toRequest());
  }
}
