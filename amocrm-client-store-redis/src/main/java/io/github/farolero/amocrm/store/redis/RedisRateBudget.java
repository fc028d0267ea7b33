package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A {@link RateBudget} in Redis: every process of an integration, on any host, takes its turns
 * from one count kept in the Redis server the application already runs.
 *
 * <pre>{@code
 * AmoCrmClient client = AmoCrmClient.builder()
 *     ...
 *     .rateBudget(RedisRateBudget.of("redis://redis.internal:6379")
 *         .withFallback(RateBudget.Fallback.localShare(4)))
 *     .build();
 * }</pre>
 *
 * <p>Each operation is one Lua script, run atomically by Redis in one round trip ({@code EVALSHA};
 * the script is sent again only when a server does not have it yet): a request costs two round
 * trips, a take before it is sent and a release when its answer arrives. Every time is Redis's
 * own ({@code TIME} inside the script), so the hosts' clocks need not agree. One hash per scope,
 * {@code <prefix>{<scope key>}} (the braces are a Redis Cluster hash tag); it expires a while
 * after the last turn, pause or ban it holds has ended, so idle scopes leave nothing behind.
 *
 * <p><b>Servers.</b> {@link #of(String)} connects to one server from a URI
 * ({@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://} for TLS), with a
 * pool of its own that {@link #close()} closes. For Sentinel or Cluster, make Jedis's
 * {@code RedisSentinelClient} or {@code RedisClusterClient} (or any other
 * {@link UnifiedJedis}) and pass it to {@link #builder(UnifiedJedis)}: the budget uses it and
 * never closes it. On a failover Redis may lose the last writes (its replication is
 * asynchronous): a few turns may be granted twice in that window.
 *
 * <p><b>Redis down.</b> A take that cannot reach Redis throws a {@link RateBudgetException}, and
 * the client applies the {@link #fallback()}: by default the request fails and is not sent; with
 * {@link RateBudget.Fallback#localShare(int)} it is sent under that share of the limit, counted in
 * the JVM.
 *
 * <p><b>Lease.</b> A turn never released (its process was killed) frees its slot after the lease,
 * two minutes unless set. The client releases a turn when the response's headers arrive, which
 * OkHttp's timeouts bound far below that; a request that outlives the lease may let one more
 * request into its window, and its release logs a warning.
 *
 * <p>Thread-safe; {@link #tryTake} never waits beyond one round trip. {@link #toString()} names
 * the server without credentials.
 */
public final class RedisRateBudget implements RateBudget, AutoCloseable {

  /** The key prefix unless {@link Builder#keyPrefix} sets another. */
  public static final String DEFAULT_KEY_PREFIX = "amocrm:budget:";

  /** The lease unless {@link Builder#lease} sets another. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(RedisRateBudget.class);

  /** Connect, command and pool-wait timeout of a client made from a URI. */
  private static final Duration URI_TIMEOUT = Duration.ofSeconds(2);

  /** How long a scope's hash outlives the last time it holds. */
  private static final long EXPIRY_MARGIN_MILLIS = TimeUnit.MINUTES.toMillis(1);

  private static final RedisRateBudgetScripts.Script TAKE =
      new RedisRateBudgetScripts.Script(RedisRateBudgetScripts.TAKE);
  private static final RedisRateBudgetScripts.Script RELEASE =
      new RedisRateBudgetScripts.Script(RedisRateBudgetScripts.RELEASE);
  private static final RedisRateBudgetScripts.Script HOLD =
      new RedisRateBudgetScripts.Script(RedisRateBudgetScripts.HOLD);

  private final UnifiedJedis redis;
  private final boolean ownsClient;
  private final String name;
  private final String keyPrefix;
  private final Duration lease;
  private final Fallback fallback;

  private RedisRateBudget(UnifiedJedis redis, boolean ownsClient, String name, String keyPrefix,
      Duration lease, Fallback fallback) {
    this.redis = redis;
    this.ownsClient = ownsClient;
    this.name = name;
    this.keyPrefix = keyPrefix;
    this.lease = lease;
    this.fallback = fallback;
  }

  /**
   * Returns a budget on the Redis server at {@code uri}, with the default key prefix, lease and
   * fallback ({@link RateBudget.Fallback#fail()}). It connects on first use (so it can be made
   * while Redis is down), through a pool of its own that {@link #close()} closes; commands time
   * out after 2 seconds.
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...}
   *     for TLS
   * @return the budget
   * @throws IllegalArgumentException if {@code uri} is not such a URI (the message does not
   *     repeat it: it may hold a password)
   */
  public static RedisRateBudget of(String uri) {
    return builder(uri).build();
  }

  /**
   * Returns a builder of a budget on the Redis server at {@code uri}, as {@link #of(String)}
   * makes, with other options.
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://...}
   * @return the builder
   * @throws IllegalArgumentException if {@code uri} is not such a URI (the message does not
   *     repeat it)
   */
  public static Builder builder(String uri) {
    Objects.requireNonNull(uri, "uri == null");
    return new Builder(null, RedisUris.parse(uri));
  }

  /**
   * Returns a builder of a budget on {@code redis}, a client the caller made and closes (for
   * Sentinel, Cluster, or settings of its own); the budget never closes it.
   *
   * @param redis the client, such as a {@code RedisClient}, {@code RedisSentinelClient} or
   *     {@code RedisClusterClient}
   * @return the builder
   */
  public static Builder builder(UnifiedJedis redis) {
    return new Builder(Objects.requireNonNull(redis, "redis == null"), null);
  }

  @Override
  public Take tryTake(Scope scope, RateLimit limit) {
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(limit, "limit == null");
    String key = key(scope);
    String token = UUID.randomUUID().toString();
    long windowMicros = micros(limit.window());
    List<?> reply;
    try {
      reply = (List<?>) TAKE.run(redis, key, List.of(Integer.toString(limit.requests()),
          Long.toString(windowMicros), Long.toString(micros(lease)), token,
          Long.toString(lease.toMillis() + limit.window().toMillis() + EXPIRY_MARGIN_MILLIS)));
    } catch (JedisException e) {
      throw failure("could not take a turn", e);
    }
    long status = (Long) reply.get(0);
    long value = (Long) reply.get(1);
    if (status == 0) {
      return Take.granted(new RedisTurn(this, scope, key, (int) value, token, limit.window()));
    }
    if (status == 2) {
      return Take.banned(Duration.ofNanos(value * 1000));
    }
    return Take.waitFor(Duration.ofNanos(Math.max(value * 1000, TimeUnit.MILLISECONDS.toNanos(1))));
  }

  @Override
  public void pause(Scope scope, Duration pause) {
    hold(scope, "paused", pause);
  }

  @Override
  public void ban(Scope scope, Duration coolDown) {
    hold(scope, "banned", coolDown);
  }

  private void hold(Scope scope, String field, Duration d) {
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(d, "duration == null");
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative: " + d);
    }
    try {
      HOLD.run(redis, key(scope), List.of(field, Long.toString(micros(d)),
          Long.toString(d.toMillis() + EXPIRY_MARGIN_MILLIS)));
    } catch (JedisException e) {
      throw failure("could not record a " + (field.equals("paused") ? "pause" : "ban"), e);
    }
  }

  /** Returns false if the slot was no longer the turn's: its lease had run out. */
  private boolean release(RedisTurn turn) {
    Object r;
    try {
      r = RELEASE.run(redis, turn.key, List.of(Integer.toString(turn.slot), turn.token,
          Long.toString(micros(turn.window)),
          Long.toString(turn.window.toMillis() + EXPIRY_MARGIN_MILLIS)));
    } catch (JedisException e) {
      throw failure("could not release a turn", e);
    }
    if (((Long) r) == 0) {
      log.warn("A turn of {} was released after the rate budget's lease ({}) ran out: its request"
          + " outlived the lease, and one more request may have entered that window; make the"
          + " lease longer than a request can take", turn.scope, lease);
      return false;
    }
    return true;
  }

  /**
   * Returns what the client does while Redis cannot be reached; {@link RateBudget.Fallback#fail()}
   * unless set.
   *
   * @return the fallback
   */
  @Override
  public Fallback fallback() {
    return fallback;
  }

  /**
   * Returns this budget with another fallback, on the same client (closing either closes a
   * client {@link #of(String)} made).
   *
   * @param fallback what the client does while Redis cannot be reached
   * @return the budget
   */
  @Override
  public RedisRateBudget withFallback(Fallback fallback) {
    Objects.requireNonNull(fallback, "fallback == null");
    return new RedisRateBudget(redis, ownsClient, name, keyPrefix, lease, fallback);
  }

  /** Returns the lease: how long a turn never released holds its slot. */
  public Duration lease() {
    return lease;
  }

  /**
   * Closes the client if {@link #of(String)} made it; a client passed to
   * {@link #builder(UnifiedJedis)} stays open (its owner closes it).
   */
  @Override
  public void close() {
    if (ownsClient) {
      redis.close();
    }
  }

  /** Names the server (without credentials), the key prefix, the lease and the fallback. */
  @Override
  public String toString() {
    return "RedisRateBudget{" + name + ", key prefix " + keyPrefix + ", lease " + lease
        + ", when down: " + fallback + "}";
  }

  String key(Scope scope) {
    return keyPrefix + "{" + scope.key() + "}";
  }

  private RateBudgetException failure(String what, JedisException e) {
    return new RateBudgetException("Redis rate budget at " + name + ": " + what + " ("
        + e.getClass().getSimpleName() + ")", e);
  }

  private static long micros(Duration d) {
    return TimeUnit.NANOSECONDS.toMicros(d.toNanos());
  }

  /** A granted turn: its slot and the token that proves it still holds it. */
  private static final class RedisTurn implements Turn {
    private final RedisRateBudget budget;
    private final Scope scope;
    private final String key;
    private final int slot;
    private final String token;
    private final Duration window;
    private final AtomicBoolean released = new AtomicBoolean();

    RedisTurn(RedisRateBudget budget, Scope scope, String key, int slot, String token,
        Duration window) {
      this.budget = budget;
      this.scope = scope;
      this.key = key;
      this.slot = slot;
      this.token = token;
      this.window = window;
    }

    @Override
    public void release() {
      if (!released.compareAndSet(false, true)) {
        return; // released before: its slot may be someone else's by now
      }
      try {
        budget.release(this);
      } catch (RuntimeException e) {
        released.set(false); // not released: a later call may try again
        throw e;
      }
    }

    @Override
    public String toString() {
      return "RedisRateBudget.Turn{" + scope + ", slot " + slot + "}";
    }
  }

  /**
   * Builds a {@link RedisRateBudget} on a URI or on a client the caller made. Not thread-safe; the
   * budget it builds is.
   */
  public static final class Builder {
    private final @Nullable UnifiedJedis redis;
    private final RedisUris.@Nullable Target target;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration lease = DEFAULT_LEASE;
    private Fallback fallback = Fallback.fail();

    private Builder(@Nullable UnifiedJedis redis, RedisUris.@Nullable Target target) {
      this.redis = redis;
      this.target = target;
    }

    /**
     * Sets the prefix of the scopes' keys; default {@code amocrm:budget:}. Budgets
     * that share a count use the same prefix.
     *
     * @param keyPrefix the prefix, without braces (they mark the Redis Cluster hash tag), at most
     *     200 characters
     * @return this builder
     * @throws IllegalArgumentException if it holds a brace or is longer than 200 characters
     */
    public Builder keyPrefix(String keyPrefix) {
      Objects.requireNonNull(keyPrefix, "keyPrefix == null");
      if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException("keyPrefix holds a brace: " + keyPrefix);
      }
      if (keyPrefix.length() > 200) {
        throw new IllegalArgumentException("keyPrefix is longer than 200 characters");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * Sets how long a turn that is never released (its process died) holds its slot; default
     * {@link RedisRateBudget#DEFAULT_LEASE}. Make it longer than a request can take (a request
     * that outlives it may let one more into its window).
     *
     * @param lease the lease, at least one millisecond
     * @return this builder
     * @throws IllegalArgumentException if it is shorter than one millisecond
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease == null");
      if (lease.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("lease is shorter than 1 ms: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * Sets what the client does while Redis cannot be reached; default
     * {@link RateBudget.Fallback#fail()}.
     *
     * @param fallback the fallback
     * @return this builder
     */
    public Builder fallback(Fallback fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback == null");
      return this;
    }

    /**
     * Builds the budget. On a URI, it makes a pool of its own (connecting on first use, commands
     * timing out after 2 seconds) that {@link RedisRateBudget#close()} closes; on a client the
     * caller made, it uses that client and never closes it.
     *
     * @return the budget
     */
    public RedisRateBudget build() {
      if (target != null) {
        return new RedisRateBudget(RedisUris.connect(target, URI_TIMEOUT,
            "amocrm-client-rate-budget"), true, "redis://" + target.safeAddress(), keyPrefix,
            lease, fallback);
      }
      UnifiedJedis client = Objects.requireNonNull(redis);
      String type = client.getClass().getSimpleName();
      return new RedisRateBudget(client, false, type.isEmpty() ? "a UnifiedJedis" : type,
          keyPrefix, lease, fallback);
    }
  }
}
