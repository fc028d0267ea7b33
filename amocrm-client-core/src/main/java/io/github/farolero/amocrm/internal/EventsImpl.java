package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Events;
import io.github.farolero.amocrm.api.EventsFilter;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.model.Event;
import io.github.farolero.amocrm.model.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** {@code /api/v4/events}: the list, one event, the types. Thread-safe. */
final class EventsImpl extends PagedListing<Event> implements Events {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

  private final JsonAdapter<EventType> typeAdapter = ModelJson.adapter(EventType.class);

  EventsImpl(ApiTransport transport) {
    super(transport, "events", "events", ModelJson.adapter(Event.class), EventsFilter.MAX_LIMIT);
  }

  @Override
  public Optional<Event> get(String id) {
    Objects.requireNonNull(id, "id == null");
    if (!ID.matcher(id).matches()) {
      // Checked, not escaped: an id is a path segment, and amoCRM's ids are plain.
      throw new IllegalArgumentException("an event id is 1 to 100 letters, digits, _ or -: '"
          + shown(id) + "'");
    }
    return transport.find(transport.url("events/" + id), adapter);
  }

  @Override
  public List<EventType> types() {
    return types(transport.url("events/types"));
  }

  @Override
  public List<EventType> types(String languageCode) {
    Objects.requireNonNull(languageCode, "languageCode == null");
    if (!LANGUAGE.matcher(languageCode).matches()) {
      throw new IllegalArgumentException("a language code is 2 or 3 lower-case letters: '"
          + shown(languageCode) + "'");
    }
    return types(transport.url("events/types").newBuilder()
        .addQueryParameter("language_code", languageCode).build());
  }

  /** Every page of the types: amoCRM answers them in one, but follows a next link if given. */
  private List<EventType> types(HttpUrl first) {
    PagedListing<EventType> listing = new PagedListing<>(transport, "events/types",
        "events_types", typeAdapter, null) {
      @Override
      HttpUrl firstUrl(ListRequest request) {
        return first;
      }
    };
    List<EventType> out = new ArrayList<>();
    listing.iterator(ListRequest.all()).forEachRemaining(out::add);
    return out;
  }

  /** The start of a refused argument, for its message: a message never carries a whole input. */
  static String shown(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "… (" + value.length()
        + " characters)";
  }
}
