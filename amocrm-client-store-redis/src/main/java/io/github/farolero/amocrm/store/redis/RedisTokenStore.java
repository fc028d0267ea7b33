package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.ScanResult;

/**
 * A {@link TokenStore} in the Redis an application already runs. Its lock is a cluster-wide lease
 * in Redis, so every process and host sharing the Redis refreshes a grant once per expiry.
 *
 * <pre>{@code
 * RedisTokenStore store = RedisTokenStore.of(System.getenv("REDIS_URI")); // redis://host:6379
 * AmoCrmClient client = AmoCrmClient.builder()...tokenStore(store).build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Keys:</b> {@code <prefix>{<grant id>}:token}, a hash holding the record and its
 *       version, and {@code <prefix>{<grant id>}:lock}, the lease. The prefix is {@value
 *       #DEFAULT_KEY_PREFIX} by default; the braces make the grant id a Redis Cluster hash tag,
 *       so all keys of one grant live in one slot. Keys never expire, except the lease.
 *   <li><b>Writes</b> are a compare-and-set on the version in one Lua script: a record is written
 *       only if nothing is stored or the stored version is older; otherwise {@link
 *       TokenVersionConflictException}. Redis runs the script whole, so no reader sees half a
 *       write and no two writers of one version both win.
 *   <li><b>The lock</b> ({@link #locker()}) is a lease per grant: {@code SET <lock key> <owner>
 *       NX PX <lease>} with a random owner value, released by a script that deletes the key only
 *       if it still holds that owner. A holder that dies frees it when the lease runs out, by
 *       Redis's clock.
 *   <li><b>Failures</b> (Redis unreachable, timed out, read-only replica, wrong password) throw
 *       {@link TokenStoreException} (a {@link io.github.farolero.amocrm.store.TokenStoreTimeoutException}
 *       when Redis did not answer within the command timeout), distinct from "absent", so a {@link
 *       io.github.farolero.amocrm.store.CompositeTokenStore} with a file member keeps the client
 *       working while Redis is down and repairs the Redis record when it is back.
 *   <li><b>Encryption</b> of the record with {@link TokenCipher} is optional; the grant key is the
 *       associated data, so a record copied onto another grant does not decrypt.
 *   <li><b>Secrets:</b> tokens and the URI's password never appear in logs, exception messages
 *       or {@link #toString()}.
 * </ul>
 *
 * <p><b>Sentinel and Cluster:</b> build a Jedis {@code RedisSentinelClient} or {@code
 * RedisClusterClient} yourself and pass it to {@link #builder(UnifiedJedis)}; the store closes
 * only a client it created itself.
 *
 * <p>Building the store does not talk to Redis: an application starts while Redis is down.
 * Thread-safe.
 */
public final class RedisTokenStore implements TokenStore, AutoCloseable {

  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = RedisKeys.DEFAULT_PREFIX;

  /** The default command timeout of a client the store creates. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(RedisTokenStore.class);
  private static final int SCAN_BATCH = 500;

  private final UnifiedJedis redis;
  private final boolean ownsClient;
  private final RedisUris.@Nullable Target target;
  private final RedisKeys keys;
  private final @Nullable TokenCipher cipher;
  private final @Nullable Duration commandTimeout;
  private final StoreInfo info;
  private final List<String> secrets;
  private final RedisLeaseLocker locker;

  private RedisTokenStore(Builder b) {
    this.keys = new RedisKeys(b.keyPrefix);
    this.cipher = b.cipher;
    if (b.uri != null) {
      this.target = RedisUris.parse(b.uri);
      this.commandTimeout = b.commandTimeout;
      this.redis = RedisUris.connect(target, b.commandTimeout);
      this.ownsClient = true;
    } else {
      this.target = null;
      this.commandTimeout = null;
      this.redis = Objects.requireNonNull(b.client);
      this.ownsClient = false;
    }
    this.info = new StoreInfo(b.name != null ? b.name : "redis:" + keys.prefix(), true, true);
    this.secrets = target == null || target.password() == null ? List.of()
        : List.of(target.password());
    this.locker = new RedisLeaseLocker(redis, keys, info.name(), secrets, commandTimeout);
  }

  /**
   * Returns a store on a Redis URI with the defaults: key prefix {@value #DEFAULT_KEY_PREFIX}, no
   * encryption, a 5-second command timeout.
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for
   *     TLS
   * @return the store; close it to close its connections
   * @throws IllegalArgumentException if the URI is not such a URI (the message never repeats it)
   */
  public static RedisTokenStore of(String uri) {
    return builder(uri).build();
  }

  /**
   * Returns a builder for a store that creates its own client (a connection pool) from a URI.
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for
   *     TLS; checked at {@link Builder#build()}
   * @return the builder
   */
  public static Builder builder(String uri) {
    Builder b = new Builder();
    b.uri = Objects.requireNonNull(uri, "uri == null");
    return b;
  }

  /**
   * Returns a builder for a store on a client of yours: a Jedis {@code RedisClient} (standalone),
   * {@code RedisSentinelClient} (Sentinel) or {@code RedisClusterClient} (Cluster). The store
   * never closes it; its timeouts, pool and credentials are the client's.
   *
   * @param client the client
   * @return the builder
   */
  public static Builder builder(UnifiedJedis client) {
    Builder b = new Builder();
    b.client = Objects.requireNonNull(client, "client == null");
    return b;
  }

  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    List<String> fields;
    try {
      fields = redis.hmget(keys.token(key), "version", "record");
    } catch (JedisException e) {
      throw failure("read", key, e, secrets);
    }
    String version = fields.size() > 0 ? fields.get(0) : null;
    String stored = fields.size() > 1 ? fields.get(1) : null;
    if (version == null && stored == null) {
      return Optional.empty();
    }
    if (version == null || stored == null) {
      throw damaged(key, "the version or the record is missing");
    }
    String json;
    if (cipher != null) {
      json = cipher.decrypt(stored, key);
    } else if (TokenCipher.isCiphertext(stored)) {
      throw new TokenDecryptionException("tokens of " + key + " in " + info.name()
          + " are encrypted, but no token encryption key is configured", null);
    } else {
      json = stored;
    }
    TokenRecord record;
    try {
      record = TokenRecord.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw damaged(key, e.getMessage());
    }
    if (!record.key().equals(key)) {
      throw damaged(key, "the record names another grant");
    }
    if (!Long.toString(record.version()).equals(version)) {
      throw damaged(key, "the record's version differs from the key's");
    }
    return Optional.of(record);
  }

  @Override
  public void write(TokenRecord record) {
    Objects.requireNonNull(record, "record == null");
    GrantKey key = record.key();
    String json = record.toJson();
    String value = cipher == null ? json : cipher.encrypt(json, key);
    Object answer;
    try {
      answer = redis.eval(RedisScripts.COMPARE_AND_SET, List.of(keys.token(key)),
          List.of(Long.toString(record.version()), value));
    } catch (JedisException e) {
      List<String> cut = new ArrayList<>(secrets);
      cut.add(record.accessToken());
      if (record.refreshToken() != null) {
        cut.add(record.refreshToken());
      }
      cut.add(value);
      throw failure("write", key, e, cut);
    }
    if (answer == null) {
      return;
    }
    long stored;
    try {
      stored = Long.parseLong(answer.toString());
    } catch (NumberFormatException e) {
      throw damaged(key, "the stored version is not a number");
    }
    throw new TokenVersionConflictException(info.name(), key, record.version(), stored);
  }

  /** Deletes the record; a running lease of the grant is kept (its holder keeps the lock). */
  @Override
  public boolean delete(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    try {
      return redis.del(keys.token(key)) > 0;
    } catch (JedisException e) {
      throw failure("delete", key, e, secrets);
    }
  }

  /**
   * Lists the grants with a record, by {@code SCAN} over the key prefix (over every primary of a
   * Cluster). Keys under the prefix that do not name a grant are skipped.
   */
  @Override
  public List<GrantKey> keys() {
    Set<GrantKey> found = new HashSet<>();
    try {
      ScanIteration scan = redis.scanIteration(SCAN_BATCH, keys.tokenPattern());
      while (!scan.isIterationCompleted()) {
        ScanResult<String> batch = scan.nextBatch();
        for (String redisKey : batch.getResult()) {
          GrantKey key = keys.grantOfTokenKey(redisKey);
          if (key != null) {
            found.add(key);
          } else {
            log.warn("token store {} skipped a key that does not name a grant", info.name());
          }
        }
      }
    } catch (JedisException e) {
      throw RedisFailures.wrap("Redis token store " + info.name() + " could not list its grants",
          e, secrets, commandTimeout);
    }
    return List.copyOf(found);
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  /** Returns the cluster-wide lease lock ({@link io.github.farolero.amocrm.store.LockScope#CLUSTER}). */
  @Override
  public Optional<GrantLocker> locker() {
    return Optional.of(locker);
  }

  /**
   * Closes the client if the store created it (from a URI); a client passed to {@link
   * #builder(UnifiedJedis)} stays open.
   */
  @Override
  public void close() {
    if (ownsClient) {
      redis.close();
    }
  }

  /** Names the store, the server (never the password) and the key's fingerprint, if any. */
  @Override
  public String toString() {
    return "RedisTokenStore{" + info.name()
        + (target == null ? ", client given" : ", " + target.safeAddress())
        + (cipher == null ? "" : ", encrypted with key " + cipher.keyFingerprint()) + '}';
  }

  private TokenStoreException failure(String verb, GrantKey key, JedisException e,
      List<String> cut) {
    return RedisFailures.wrap("Redis token store " + info.name() + " could not " + verb + " "
        + key, e, cut, commandTimeout);
  }

  private TokenStoreException damaged(GrantKey key, @Nullable String why) {
    return new TokenStoreException("Redis token store " + info.name() + " holds a damaged record"
        + " for " + key + ": " + why);
  }

  /** Builds a {@link RedisTokenStore}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable String uri;
    private @Nullable UnifiedJedis client;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private @Nullable TokenCipher cipher;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private @Nullable String name;

    private Builder() {}

    /**
     * Sets the prefix of every key. Default {@value RedisTokenStore#DEFAULT_KEY_PREFIX}. Use one
     * per application (or per environment) sharing a Redis.
     *
     * @param keyPrefix printable ASCII without spaces or braces, at most 200 characters; may be
     *     empty
     * @return this builder
     * @throws IllegalArgumentException if the prefix has other characters
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = RedisKeys.checkPrefix(keyPrefix);
      return this;
    }

    /**
     * Encrypts the records. Default none. Once set, every record must be encrypted: an
     * unencrypted one, or one encrypted with another key, fails to load with {@link
     * TokenDecryptionException} (never garbage tokens).
     *
     * @param cipher the cipher, such as {@code TokenCipher.fromEnvironment(System.getenv(),
     *     TokenCipher.DEFAULT_KEY_VARIABLE)}
     * @return this builder
     */
    public Builder cipher(TokenCipher cipher) {
      this.cipher = Objects.requireNonNull(cipher, "cipher == null");
      return this;
    }

    /**
     * Sets how long to wait for a connection and for each command's answer before the operation
     * fails with {@link io.github.farolero.amocrm.store.TokenStoreTimeoutException}. Default 5
     * seconds. Only for a store built from a URI: a client of yours keeps its own timeouts.
     *
     * @param timeout more than zero, at most a day
     * @return this builder
     * @throws IllegalStateException if the builder was made with a client
     */
    public Builder commandTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "commandTimeout == null");
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("commandTimeout must be > 0 and <= 1 day: " + timeout);
      }
      if (client != null) {
        throw new IllegalStateException("commandTimeout applies to a client the store creates;"
            + " set the timeouts in your client's JedisClientConfig");
      }
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * Sets the store's name in logs and errors. Default {@code redis:<key prefix>}. Never put a
     * URI here: URIs can carry passwords.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Builds the store. Does not talk to Redis.
     *
     * @return the store
     * @throws IllegalArgumentException if the URI is not a {@code redis://} or {@code rediss://}
     *     URI with a host (the message never repeats it)
     */
    public RedisTokenStore build() {
      return new RedisTokenStore(this);
    }
  }
}
