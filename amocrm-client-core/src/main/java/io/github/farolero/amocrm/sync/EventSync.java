package io.github.farolero.amocrm.sync;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.api.Events;
import io.github.farolero.amocrm.api.EventsFilter;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.model.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An incremental read of the events feed ({@code GET /api/v4/events}) by {@code created_at}: each
 * {@link #run} hands the app the events of chosen types that happened since the last run. Its main
 * use is deletions, which the entity lists do not show:
 *
 * <pre>{@code
 * EventSync deletions = EventSync.deletions(client).store(watermarks).build();
 * deletions.run(batch -> batch.forEach(e -> forget(e.entityType(), e.entityId())));
 * }</pre>
 *
 * <p>A run reads the window from the watermark's second to now minus the settle time (default 5
 * s), every page of it; events do not change once written, so the pages do not shift. Events at
 * the watermark's second that were delivered are known by id and left out. The watermark is saved
 * once the whole window was handled, so a crash mid-window hands the window's events again: at
 * least once. amoCRM keeps events for a limited time only: run it more often than that.
 *
 * <p>Thread-safe, but runs of one key must not overlap.
 */
public final class EventSync {

  private final Events events;
  private final List<String> types;
  private final List<String> entities;
  private final WatermarkStore store;
  private final String key;
  private final Duration settle;
  private final Clock clock;
  private final Watermark initial;

  private EventSync(Builder b) {
    this.events = b.events;
    this.types = List.copyOf(b.types);
    this.entities = List.copyOf(b.entities);
    this.store = Objects.requireNonNull(b.store, "store is required");
    this.key = b.key;
    this.settle = b.settle;
    this.clock = b.clock;
    this.initial = b.initial;
  }

  /**
   * Returns a builder for a read of some event types; its default key is {@code events}.
   *
   * @param client the client
   * @param types the event types, such as {@code lead_status_changed}; none for all
   * @return the builder
   */
  public static Builder of(AmoCrmClient client, String... types) {
    return new Builder(client.events(), types, "events");
  }

  /**
   * Returns a builder for a read of the deletions of leads, contacts and companies
   * ({@code lead_deleted}, {@code contact_deleted}, {@code company_deleted}); its default key is
   * {@code deletions}.
   *
   * @param client the client
   * @return the builder
   */
  public static Builder deletions(AmoCrmClient client) {
    return new Builder(client.events(),
        new String[] {"lead_deleted", "contact_deleted", "company_deleted"}, "deletions");
  }

  /** Returns the key its watermark is saved under. */
  public String key() {
    return key;
  }

  /**
   * Reads the events since the saved watermark (or the builder's start) up to now minus the
   * settle time and hands them to the handler in batches of at most a page (100); saves the watermark when
   * the window is done. An exception stops the run and propagates; the window comes again next
   * run.
   *
   * @param handler handles one batch; must be idempotent
   * @return what the run did
   */
  public SyncResult run(Consumer<List<Event>> handler) {
    Objects.requireNonNull(handler, "handler == null");
    Watermark w = store.load(key).orElse(initial);
    long from = w.from().getEpochSecond();
    long upper = clock.instant().minus(settle).getEpochSecond();
    if (from > upper) {
      return new SyncResult(0, 0, w, true);
    }
    EventsFilter.Builder filter = EventsFilter.builder()
        .createdBetween(Instant.ofEpochSecond(from), Instant.ofEpochSecond(upper))
        .limit(EventsFilter.MAX_LIMIT);
    if (!types.isEmpty()) {
      filter.types(types.toArray(new String[0]));
    }
    if (!entities.isEmpty()) {
      filter.entities(entities.toArray(new String[0]));
    }
    Set<String> atUpper = new HashSet<>(from == upper ? w.seen() : Set.of());
    int delivered = 0;
    int requests = 0;
    for (int p = 1; ; p++) {
      // Page numbers are safe here: events do not change, and new ones land past the window.
      Page<Event> page = events.page(filter.page(p).build());
      requests++;
      List<Event> batch = new ArrayList<>();
      for (Event e : page.items()) {
        String id = e.id() == null ? "" : e.id();
        long at = e.createdAt() == null ? from : e.createdAt().getEpochSecond();
        if (at < from || at > upper || (at == from && w.hasSeen(id))) {
          continue;
        }
        if (at == upper) {
          atUpper.add(id);
        }
        batch.add(e);
      }
      if (!batch.isEmpty()) {
        handler.accept(List.copyOf(batch));
        delivered += batch.size();
      }
      if (!page.hasNext() || page.isEmpty()) {
        break;
      }
    }
    // The next window starts at this one's last second again: an event stamped then but
    // visible only later is not stepped over; the ones delivered are known by id.
    Watermark next = new Watermark(Instant.ofEpochSecond(upper), atUpper);
    store.save(key, next);
    return new SyncResult(delivered, requests, next, true);
  }

  @Override
  public String toString() {
    return "EventSync{key=" + key + ", types=" + types + '}';
  }

  /** Builds an {@link EventSync}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private final Events events;
    private final List<String> types;
    private final List<String> entities = new ArrayList<>();
    private @Nullable WatermarkStore store;
    private String key;
    private Duration settle = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private Watermark initial = Watermark.start();

    private Builder(Events events, String[] types, String key) {
      this.events = Objects.requireNonNull(events, "events == null");
      EventsFilter.builder().types(types); // checks them
      this.types = List.of(types);
      this.key = key;
    }

    /**
     * Sets where the watermark is kept. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(WatermarkStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * Sets the key the watermark is saved under.
     *
     * @param key 1 to 200 characters
     * @return this builder
     * @throws IllegalArgumentException if blank or longer
     */
    public Builder key(String key) {
      this.key = EntitySync.Builder.checkKey(key);
      return this;
    }

    /**
     * Reads only the events of some entity types ({@code lead}, {@code contact}...).
     *
     * @param entityTypes the entity types
     * @return this builder
     */
    public Builder entities(String... entityTypes) {
      EventsFilter.builder().entities(entityTypes); // checks them
      entities.addAll(List.of(entityTypes));
      return this;
    }

    /**
     * Sets how recent an event must be to wait for the next run. Default 5 seconds.
     *
     * @param settle zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder settle(Duration settle) {
      Objects.requireNonNull(settle, "settle == null");
      if (settle.isNegative()) {
        throw new IllegalArgumentException("settle < 0: " + settle);
      }
      this.settle = settle;
      return this;
    }

    /**
     * Sets the clock "now" is read from. Default the system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets where a cursor with no saved watermark starts. Default the Unix epoch: every event
     * amoCRM still keeps.
     *
     * @param start the first second to read
     * @return this builder
     */
    public Builder startAt(Instant start) {
      this.initial = Watermark.at(Objects.requireNonNull(start, "start == null"));
      return this;
    }

    /**
     * Builds the sync.
     *
     * @return the sync
     * @throws IllegalStateException if no store was set
     */
    public EventSync build() {
      if (store == null) {
        throw new IllegalStateException("store is required: call store(WatermarkStore)");
      }
      return new EventSync(this);
    }
  }
}
