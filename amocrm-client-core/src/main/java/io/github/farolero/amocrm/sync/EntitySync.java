package io.github.farolero.amocrm.sync;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Lead;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An incremental sync of leads, contacts or companies by {@code updated_at}: each {@link #run}
 * hands the app every entity changed since the last run, in batches, and saves the
 * {@link Watermark} after each batch the app handled.
 *
 * <pre>{@code
 * EntitySync<Lead> sync = EntitySync.leads(client)
 *     .store(watermarks)                 // the app's WatermarkStore
 *     .key("example.amocrm.ru/leads")
 *     .build();
 * sync.run(batch -> batch.forEach(lead -> upsert(lead)));   // call it every minute or so
 * }</pre>
 *
 * <h2>How it reads</h2>
 * Each request asks for {@code filter[updated_at][from]} = the watermark's second (inclusive) and
 * {@code [to]} = now minus the settle time, ordered by {@code updated_at} ascending, page 1 only
 * (page numbers shift when entities change during the sync; the next read starts at the new
 * watermark instead). Entities at the watermark's second that were already delivered are
 * recognised by their ids and left out. When a whole page holds one second (more entities share
 * it than a page holds), that second is read on its own ({@code [from]} = {@code [to]} = it,
 * ordered by id) page after page, and read again until two passes count the same number of
 * entities: an entity that changed during a pass moved to a later second (and is read there), and
 * could have shifted another one across a page boundary; a pass in which nothing moved has seen
 * them all. Only then does the watermark leave that second.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li><b>At least once.</b> Every entity changed since the watermark is handed to the handler at
 *       least once, in its state at the time it was read; an entity changed again later is handed
 *       again. The watermark is saved only after the handler returned: if the handler throws or
 *       the process dies, the batch is handed again on the next run. Make the handler idempotent
 *       (an upsert by id).
 *   <li><b>Settle time.</b> Entities changed in the last {@link Builder#settle settle} interval
 *       (default 5 s) are left for the next run, so that a change amoCRM stamps a moment late, or
 *       a clock that differs from amoCRM's by less than that, is not stepped over. Keep it above
 *       the clock difference between the app and amoCRM.
 *   <li><b>Deletions</b> do not show here (a deleted entity leaves the list): read them with
 *       {@link EventSync#deletions}.
 * </ul>
 *
 * <p>Thread-safe, but runs of one key must not overlap (two would both deliver, and the older
 * watermark could be saved last): run it from one scheduler.
 *
 * @param <T> the entity type
 */
public final class EntitySync<T> {

  /** Passes over one crowded second before a run gives up on it for now. */
  static final int MAX_PASSES = 8;

  private final Listing<T> listing;
  private final Function<T, @Nullable Long> idOf;
  private final Function<T, @Nullable Instant> updatedAtOf;
  private final WatermarkStore store;
  private final String key;
  private final Duration settle;
  private final Clock clock;
  private final int pageSize;
  private final Watermark initial;
  private final List<String> with;

  private EntitySync(Builder<T> b) {
    this.listing = b.listing;
    this.idOf = b.idOf;
    this.updatedAtOf = b.updatedAtOf;
    this.store = Objects.requireNonNull(b.store, "store is required");
    this.key = b.key;
    this.settle = b.settle;
    this.clock = b.clock;
    this.pageSize = b.pageSize;
    this.initial = b.initial;
    this.with = List.copyOf(b.with);
  }

  /**
   * Returns a builder for a sync of leads; its default key is {@code leads}.
   *
   * @param client the client
   * @return the builder
   */
  public static Builder<Lead> leads(AmoCrmClient client) {
    return new Builder<>(client.leads(), Lead::id, Lead::updatedAt, "leads");
  }

  /**
   * Returns a builder for a sync of contacts; its default key is {@code contacts}.
   *
   * @param client the client
   * @return the builder
   */
  public static Builder<Contact> contacts(AmoCrmClient client) {
    return new Builder<>(client.contacts(), Contact::id, Contact::updatedAt, "contacts");
  }

  /**
   * Returns a builder for a sync of companies; its default key is {@code companies}.
   *
   * @param client the client
   * @return the builder
   */
  public static Builder<Company> companies(AmoCrmClient client) {
    return new Builder<>(client.companies(), Company::id, Company::updatedAt, "companies");
  }

  /**
   * Returns a builder for a sync of any list that filters by {@code updated_at} like leads do.
   *
   * @param listing the list
   * @param id an item's id
   * @param updatedAt an item's {@code updated_at}
   * @param key the default key
   * @param <T> the item type
   * @return the builder
   */
  public static <T> Builder<T> of(Listing<T> listing, Function<T, @Nullable Long> id,
      Function<T, @Nullable Instant> updatedAt, String key) {
    return new Builder<>(listing, id, updatedAt, key);
  }

  /** Returns the key its watermark is saved under. */
  public String key() {
    return key;
  }

  /**
   * Reads everything changed since the saved watermark (or the builder's start), up to now minus
   * the settle time, and hands it to the handler in batches of at most a page; saves the
   * watermark after each batch. An exception from the handler, the store or amoCRM stops the run
   * and propagates; what was handed before it stays handled, the rest comes next run.
   *
   * @param handler handles one batch; must be idempotent (see the contract above)
   * @return what the run did
   */
  public SyncResult run(Consumer<List<T>> handler) {
    Objects.requireNonNull(handler, "handler == null");
    Run run = new Run(handler, store.load(key).orElse(initial));
    return run.go();
  }

  @Override
  public String toString() {
    return "EntitySync{key=" + key + ", settle=" + settle + ", pageSize=" + pageSize + '}';
  }

  /** One run's state. Not thread-safe. */
  private final class Run {
    private final Consumer<List<T>> handler;
    private final long upper;
    private Watermark w;
    private int delivered;
    private int requests;

    Run(Consumer<List<T>> handler, Watermark start) {
      this.handler = handler;
      this.upper = clock.instant().minus(settle).getEpochSecond();
      this.w = start;
    }

    SyncResult go() {
      while (w.from().getEpochSecond() <= upper) {
        long from = w.from().getEpochSecond();
        Page<T> page = fetch(from, upper, "updated_at", 1);
        List<T> items = page.items();
        if (items.isEmpty()) {
          return done(true);
        }
        boolean full = items.size() >= pageSize;
        if (full && second(items.get(items.size() - 1), from) == from
            && second(items.get(0), from) == from) {
          if (!crowded(from)) {
            return done(false);
          }
          continue;
        }
        List<T> fresh = new ArrayList<>();
        long last = from;
        Set<String> atLast = new HashSet<>(w.seen());
        for (T item : items) {
          long s = second(item, from);
          String id = idText(item);
          if (s < from || s > upper || (s == from && w.hasSeen(id))) {
            continue; // outside what was asked, or delivered already
          }
          fresh.add(item);
          if (s > last) {
            last = s;
            atLast.clear();
          }
          if (s == last) {
            atLast.add(id);
          }
        }
        Watermark before = w;
        deliver(fresh, new Watermark(Instant.ofEpochSecond(last), atLast));
        if (!full || !page.hasNext() || w.equals(before)) {
          // Everything up to the upper bound was on this page; or a full page gave nothing new
          // (items past the bound: amoCRM ignored it), which reading again would not change.
          return done(true);
        }
      }
      return done(true);
    }

    /**
     * Reads one second that fills pages, by id, until a pass sees as many entities as the one
     * before (nothing moved away during it, so nothing was shifted past); then moves the watermark
     * past it. False if it gave up after {@link #MAX_PASSES} (the second keeps changing).
     */
    private boolean crowded(long second) {
      Set<String> seen = new HashSet<>(w.seen());
      int previous = -1;
      for (int pass = 0; pass < MAX_PASSES; pass++) {
        int count = 0;
        for (int p = 1; ; p++) {
          Page<T> page = fetch(second, second, "id", p);
          List<T> items = page.items();
          count += items.size();
          List<T> fresh = new ArrayList<>();
          for (T item : items) {
            String id = idText(item);
            if (second(item, second) == second && !seen.contains(id)) {
              fresh.add(item);
            }
          }
          if (!fresh.isEmpty()) {
            fresh.forEach(item -> seen.add(idText(item)));
            deliver(fresh, new Watermark(Instant.ofEpochSecond(second), seen));
          }
          if (items.size() < pageSize || !page.hasNext()) {
            break;
          }
        }
        if (count == previous) {
          // Every entity at this second was delivered; none can arrive there any more (it is
          // past the upper bound's settle time).
          w = Watermark.at(Instant.ofEpochSecond(second + 1));
          store.save(key, w);
          return true;
        }
        previous = count;
      }
      return false;
    }

    private void deliver(List<T> fresh, Watermark next) {
      if (!fresh.isEmpty()) {
        handler.accept(List.copyOf(fresh));
        delivered += fresh.size();
      }
      if (!next.equals(w)) {
        store.save(key, next); // only after the handler returned: at least once
        w = next;
      }
    }

    private Page<T> fetch(long from, long to, String order, int page) {
      ListRequest.Builder r = ListRequest.builder()
          .limit(pageSize)
          .filterRange("updated_at", Instant.ofEpochSecond(from), Instant.ofEpochSecond(to))
          .order(order, ListRequest.Direction.ASC);
      if (page > 1) {
        r.page(page);
      }
      if (!with.isEmpty()) {
        r.with(with.toArray(new String[0]));
      }
      requests++;
      return listing.page(r.build());
    }

    private SyncResult done(boolean caughtUp) {
      return new SyncResult(delivered, requests, w, caughtUp);
    }

    /** An item's second; one without {@code updated_at} counts as at the watermark's. */
    private long second(T item, long fallback) {
      Instant at = updatedAtOf.apply(item);
      return at == null ? fallback : at.getEpochSecond();
    }

    private String idText(T item) {
      Long id = idOf.apply(item);
      return id == null ? "" : id.toString();
    }
  }

  /**
   * Builds an {@link EntitySync}. Setters check their arguments at once. Not thread-safe.
   *
   * @param <T> the entity type
   */
  public static final class Builder<T> {
    private final Listing<T> listing;
    private final Function<T, @Nullable Long> idOf;
    private final Function<T, @Nullable Instant> updatedAtOf;
    private @Nullable WatermarkStore store;
    private String key;
    private Duration settle = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private int pageSize = ListRequest.MAX_LIMIT;
    private Watermark initial = Watermark.start();
    private final List<String> with = new ArrayList<>();

    private Builder(Listing<T> listing, Function<T, @Nullable Long> idOf,
        Function<T, @Nullable Instant> updatedAtOf, String key) {
      this.listing = Objects.requireNonNull(listing, "listing == null");
      this.idOf = Objects.requireNonNull(idOf, "id == null");
      this.updatedAtOf = Objects.requireNonNull(updatedAtOf, "updatedAt == null");
      this.key = checkKey(key);
    }

    /**
     * Sets where the watermark is kept. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder<T> store(WatermarkStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * Sets the key the watermark is saved under. Default the entity type ({@code leads}); set
     * one per account when a store serves several.
     *
     * @param key 1 to 200 characters
     * @return this builder
     * @throws IllegalArgumentException if blank or longer
     */
    public Builder<T> key(String key) {
      this.key = checkKey(key);
      return this;
    }

    /**
     * Sets how recent a change must be to wait for the next run. Default 5 seconds.
     *
     * @param settle zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder<T> settle(Duration settle) {
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
    public Builder<T> clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets how many entities one request asks for. Default 250, amoCRM's most.
     *
     * @param pageSize 2 to 250
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder<T> pageSize(int pageSize) {
      if (pageSize < 2 || pageSize > ListRequest.MAX_LIMIT) {
        throw new IllegalArgumentException("pageSize must be 2 to " + ListRequest.MAX_LIMIT
            + ": " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Sets where a cursor with no saved watermark starts. Default the Unix epoch: everything.
     *
     * @param start the first second to read
     * @return this builder
     */
    public Builder<T> startAt(Instant start) {
      this.initial = Watermark.at(Objects.requireNonNull(start, "start == null"));
      return this;
    }

    /**
     * Includes related entities in what is read ({@code with}), such as {@code contacts}.
     *
     * @param relations the relations
     * @return this builder
     */
    public Builder<T> with(String... relations) {
      ListRequest.builder().with(relations); // checks them
      with.addAll(List.of(relations));
      return this;
    }

    /**
     * Builds the sync.
     *
     * @return the sync
     * @throws IllegalStateException if no store was set
     */
    public EntitySync<T> build() {
      if (store == null) {
        throw new IllegalStateException("store is required: call store(WatermarkStore)");
      }
      return new EntitySync<>(this);
    }

    static String checkKey(String key) {
      Objects.requireNonNull(key, "key == null");
      if (key.isBlank() || key.length() > 200) {
        throw new IllegalArgumentException("key must be 1 to 200 characters, not blank");
      }
      return key;
    }
  }
}
