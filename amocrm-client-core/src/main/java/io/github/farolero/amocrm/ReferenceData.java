package io.github.farolero.amocrm;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.webhook.Webhook;
import io.github.farolero.amocrm.webhook.WebhookEntity;
import io.github.farolero.amocrm.webhook.WebhookEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.jspecify.annotations.Nullable;

/**
 * The reference data of one account, cached: the pipelines of leads with their statuses, the
 * custom field definitions of each entity type, the users, the account. A sync reads them to map
 * its own data (a stage name, a field code, a manager's email) onto amoCRM's ids, often on every
 * record; read from here, only the first read of each kind and each refresh cost a request.
 *
 * <pre>{@code
 * ReferenceData ref = ReferenceData.of(client);
 * long phoneField = ref.customFields(EntityType.CONTACTS).byCode("PHONE").orElseThrow().id();
 * long won = ref.pipelines().statusByName("Sales", "Won").orElseThrow().id();
 * }</pre>
 *
 * <p><b>Freshness.</b> Each kind is read again in the background once it is older than {@link
 * Settings.Builder#refreshAfterWrite(Duration)} and next read: that read and those during the
 * reload get the value held, and the new one replaces it when it arrives. A value never outlives
 * {@link Settings.Builder#expireAfterWrite(Duration)}: past it (because nothing read it, or every
 * reload failed), the next read fetches and waits, and fails with the request's exception if the
 * fetch fails. A failed background reload keeps the old value until then.
 *
 * <p><b>Changes in the account.</b> amoCRM tells of no change to pipelines, statuses, custom
 * fields or users: no webhook fires for them and no event of the events API records them. So
 * these caches go by time, and by what the application knows: {@link #invalidate(Kind)} or {@link
 * #invalidateAll()} after the application changed them itself, and {@link #onWebhook(Webhook)}
 * for what a webhook about leads, contacts, companies or customers shows in passing: a status,
 * pipeline, custom field or responsible user whose id is not in the cached data must be new, so
 * that kind is dropped and read again when next needed. A renamed or deleted one shows nothing
 * and waits for the refresh.
 *
 * <p>Thread-safe. One per account (see {@link AmoCrmClients#referenceData(String)}).
 */
public final class ReferenceData {

  /** The kinds of reference data. */
  public enum Kind {
    /** The pipelines of leads and their statuses. */
    PIPELINES,
    /** The custom field definitions, of every entity type. */
    CUSTOM_FIELDS,
    /** The users. */
    USERS,
    /** The account. */
    ACCOUNT
  }

  /** A cache entry's key: a kind, and for custom fields the entity type. */
  private record Key(Kind kind, @Nullable EntityType type) {}

  private static final Key PIPELINES = new Key(Kind.PIPELINES, null);
  private static final Key USERS = new Key(Kind.USERS, null);
  private static final Key ACCOUNT = new Key(Kind.ACCOUNT, null);

  private final AmoCrmClient client;
  private final LoadingCache<Key, Object> cache;

  private ReferenceData(AmoCrmClient client, Settings settings) {
    this.client = client;
    Caffeine<Object, Object> b = Caffeine.newBuilder()
        .expireAfterWrite(settings.expireAfterWrite)
        .ticker(settings.ticker)
        // The cache's own upkeep is cheap and runs on the reader's thread; only reloads, which
        // send requests, go to the settings' executor.
        .executor(Runnable::run);
    if (settings.refreshAfterWrite != null) {
      b.refreshAfterWrite(settings.refreshAfterWrite);
    }
    Executor reloads = settings.executor;
    this.cache = b.build(new CacheLoader<Key, Object>() {
      @Override
      public Object load(Key key) {
        return ReferenceData.this.load(key);
      }

      @Override
      public CompletableFuture<Object> asyncReload(Key key, Object old, Executor executor) {
        return CompletableFuture.supplyAsync(() -> ReferenceData.this.load(key), reloads);
      }
    });
  }

  /**
   * Returns the reference data of a client's account, with the {@linkplain Settings#defaults()
   * default settings}.
   *
   * @param client the account's client
   * @return its reference data, empty until first read
   */
  public static ReferenceData of(AmoCrmClient client) {
    return of(client, Settings.defaults());
  }

  /**
   * Returns the reference data of a client's account.
   *
   * @param client the account's client
   * @param settings how to cache
   * @return its reference data, empty until first read
   */
  public static ReferenceData of(AmoCrmClient client, Settings settings) {
    return new ReferenceData(Objects.requireNonNull(client, "client == null"),
        Objects.requireNonNull(settings, "settings == null"));
  }

  private Object load(Key key) {
    return switch (key.kind()) {
      case PIPELINES -> new CachedPipelines(client.pipelines().list());
      case CUSTOM_FIELDS -> {
        EntityType type = Objects.requireNonNull(key.type());
        yield new CachedCustomFields(type, client.customFields(type).stream().toList());
      }
      case USERS -> new CachedUsers(client.users().stream().toList());
      case ACCOUNT -> client.account();
    };
  }

  /**
   * Returns the pipelines and their statuses: {@code GET /api/v4/leads/pipelines} on the first
   * read, then from the cache.
   *
   * @return the pipelines
   * @throws io.github.farolero.amocrm.error.AmoCrmException if they had to be fetched and the
   *     request failed
   */
  public CachedPipelines pipelines() {
    return (CachedPipelines) cache.get(PIPELINES);
  }

  /**
   * Returns the custom field definitions of an entity type: {@code GET
   * /api/v4/{entity}/custom_fields} (every page) on the first read, then from the cache.
   *
   * @param type the entity type
   * @return its field definitions
   * @throws io.github.farolero.amocrm.error.AmoCrmException if they had to be fetched and the
   *     request failed
   */
  public CachedCustomFields customFields(EntityType type) {
    return (CachedCustomFields) cache.get(
        new Key(Kind.CUSTOM_FIELDS, Objects.requireNonNull(type, "type == null")));
  }

  /**
   * Returns the users: {@code GET /api/v4/users} (every page) on the first read, then from the
   * cache.
   *
   * @return the users
   * @throws io.github.farolero.amocrm.error.AmoCrmException if they had to be fetched and the
   *     request failed
   */
  public CachedUsers users() {
    return (CachedUsers) cache.get(USERS);
  }

  /**
   * Returns the account: {@code GET /api/v4/account} on the first read, then from the cache.
   *
   * @return the account
   * @throws io.github.farolero.amocrm.error.AmoCrmException if it had to be fetched and the
   *     request failed
   */
  public Account account() {
    return (Account) cache.get(ACCOUNT);
  }

  /**
   * Drops one kind (for {@link Kind#CUSTOM_FIELDS}, of every entity type): the next read fetches
   * it. Call it after changing that kind in the account.
   *
   * @param kind the kind
   */
  public void invalidate(Kind kind) {
    Objects.requireNonNull(kind, "kind == null");
    cache.asMap().keySet().removeIf(k -> k.kind() == kind);
  }

  /**
   * Drops the custom field definitions of one entity type.
   *
   * @param type the entity type
   */
  public void invalidateCustomFields(EntityType type) {
    cache.invalidate(new Key(Kind.CUSTOM_FIELDS, Objects.requireNonNull(type, "type == null")));
  }

  /** Drops everything: every next read fetches. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /**
   * Drops what a webhook shows to be out of date: a lead's status or pipeline, an entity's custom
   * field, or a responsible user whose id the cached data lacks (so it was added since). Only what
   * is cached is compared; nothing is fetched. Give it every webhook of this account, after or
   * beside handling it.
   *
   * @param webhook a webhook of this account
   * @return true if something was dropped
   */
  public boolean onWebhook(Webhook webhook) {
    Objects.requireNonNull(webhook, "webhook == null");
    boolean dropped = false;
    for (WebhookEvent e : webhook.events()) {
      dropped |= checkPipelines(e);
      dropped |= checkFields(e);
      dropped |= checkUsers(e);
    }
    return dropped;
  }

  private boolean checkPipelines(WebhookEvent e) {
    if (e.entity() != WebhookEntity.LEADS) {
      return false;
    }
    CachedPipelines cached = (CachedPipelines) cache.getIfPresent(PIPELINES);
    if (cached == null) {
      return false;
    }
    if (unknownStatus(cached, e.pipelineId(), e.statusId())
        || unknownStatus(cached, e.oldPipelineId(), e.oldStatusId())) {
      cache.invalidate(PIPELINES);
      return true;
    }
    return false;
  }

  private static boolean unknownStatus(CachedPipelines cached, @Nullable Long pipelineId,
      @Nullable Long statusId) {
    if (pipelineId == null) {
      return false;
    }
    Pipeline p = cached.byId(pipelineId).orElse(null);
    return p == null || (statusId != null && cached.status(pipelineId, statusId).isEmpty());
  }

  private boolean checkFields(WebhookEvent e) {
    EntityType type = switch (e.entity()) {
      case LEADS -> EntityType.LEADS;
      case CONTACTS -> EntityType.CONTACTS;
      case COMPANIES -> EntityType.COMPANIES;
      case CUSTOMERS -> EntityType.CUSTOMERS;
      default -> null;
    };
    if (type == null) {
      return false;
    }
    Key key = new Key(Kind.CUSTOM_FIELDS, type);
    CachedCustomFields cached = (CachedCustomFields) cache.getIfPresent(key);
    if (cached == null) {
      return false;
    }
    for (CustomField f : e.customFields()) {
      if (f.fieldId() != null && cached.byId(f.fieldId()).isEmpty()) {
        cache.invalidate(key);
        return true;
      }
    }
    return false;
  }

  private boolean checkUsers(WebhookEvent e) {
    Long user = e.responsibleUserId();
    if (user == null) {
      return false;
    }
    CachedUsers cached = (CachedUsers) cache.getIfPresent(USERS);
    if (cached != null && cached.byId(user).isEmpty()) {
      cache.invalidate(USERS);
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "ReferenceData{" + client.grantKey() + ", " + cache.estimatedSize() + " cached}";
  }

  /**
   * How {@link ReferenceData} caches: immutable, so one instance serves every account of an
   * {@link AmoCrmClients}. Thread-safe.
   */
  public static final class Settings {
    private static final Settings DEFAULTS = builder().build();

    private final Duration expireAfterWrite;
    private final @Nullable Duration refreshAfterWrite;
    private final Ticker ticker;
    private final Executor executor;

    private Settings(Builder b) {
      this.expireAfterWrite = b.expireAfterWrite;
      this.refreshAfterWrite = b.refreshAfterWrite;
      this.ticker = b.ticker;
      this.executor = b.executor;
    }

    /**
     * Returns the defaults: values live at most 1 hour and are read again in the background
     * after 10 minutes, on the {@link ForkJoinPool#commonPool() common pool}.
     *
     * @return the defaults
     */
    public static Settings defaults() {
      return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Returns how long a value lives at most. */
    public Duration expireAfterWrite() {
      return expireAfterWrite;
    }

    /** Returns after how long a read starts a background reload, if refreshes are on. */
    public Optional<Duration> refreshAfterWrite() {
      return Optional.ofNullable(refreshAfterWrite);
    }

    @Override
    public String toString() {
      return "ReferenceData.Settings{expireAfterWrite=" + expireAfterWrite
          + ", refreshAfterWrite=" + refreshAfterWrite + '}';
    }

    /**
     * Builds {@link Settings}. Setters check their argument at once; {@link #build()} checks that
     * the refresh comes before the expiry. Not thread-safe.
     */
    public static final class Builder {
      private Duration expireAfterWrite = Duration.ofHours(1);
      private @Nullable Duration refreshAfterWrite = Duration.ofMinutes(10);
      private Ticker ticker = Ticker.systemTicker();
      private Executor executor = ForkJoinPool.commonPool();

      private Builder() {}

      /**
       * Sets how long a value lives at most after it was fetched. Default 1 hour.
       *
       * @param ttl a positive duration
       * @return this builder
       * @throws IllegalArgumentException if {@code ttl} is zero or negative
       */
      public Builder expireAfterWrite(Duration ttl) {
        this.expireAfterWrite = positive(ttl, "expireAfterWrite");
        return this;
      }

      /**
       * Sets after how long a read starts a background reload (the read gets the value held).
       * Default 10 minutes.
       *
       * @param after a positive duration, shorter than {@link #expireAfterWrite(Duration)}
       * @return this builder
       * @throws IllegalArgumentException if {@code after} is zero or negative
       */
      public Builder refreshAfterWrite(Duration after) {
        this.refreshAfterWrite = positive(after, "refreshAfterWrite");
        return this;
      }

      /**
       * Turns background reloads off: values are fetched again only after they expire.
       *
       * @return this builder
       */
      public Builder noRefresh() {
        this.refreshAfterWrite = null;
        return this;
      }

      /**
       * Sets the time source. Default {@link Ticker#systemTicker()}; tests pass one they move.
       *
       * @param ticker the ticker
       * @return this builder
       */
      public Builder ticker(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker == null");
        return this;
      }

      /**
       * Sets where background reloads run. Default {@link ForkJoinPool#commonPool()}.
       *
       * @param executor the executor
       * @return this builder
       */
      public Builder executor(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor == null");
        return this;
      }

      /**
       * Builds the settings.
       *
       * @return the settings
       * @throws IllegalStateException if the refresh does not come before the expiry
       */
      public Settings build() {
        if (refreshAfterWrite != null && refreshAfterWrite.compareTo(expireAfterWrite) >= 0) {
          throw new IllegalStateException("refreshAfterWrite (" + refreshAfterWrite
              + ") must be shorter than expireAfterWrite (" + expireAfterWrite + ")");
        }
        return new Settings(this);
      }

      private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isZero() || d.isNegative()) {
          throw new IllegalArgumentException(name + " <= 0: " + d);
        }
        return d;
      }
    }
  }
}
