package io.github.farolero.amocrm.store.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Reads a Redis URI and makes the client of a store or budget built from one. Never repeats the
 * URI in an error: it may carry a password.
 */
final class RedisUris {

  /** Enough connections for a busy application's threads; each operation holds one briefly. */
  private static final int POOL_SIZE = 16;

  private RedisUris() {}

  /** What a URI names. {@link #toString()} leaves the password out. */
  static final class Target {
    private final HostAndPort address;
    private final int database;
    private final boolean ssl;
    private final @Nullable String user;
    private final @Nullable String password;

    Target(HostAndPort address, int database, boolean ssl, @Nullable String user,
        @Nullable String password) {
      this.address = address;
      this.database = database;
      this.ssl = ssl;
      this.user = user;
      this.password = password;
    }

    @Nullable String password() {
      return password;
    }

    /** {@code host:port/db}, with {@code tls} for {@code rediss://}; no credentials. */
    String safeAddress() {
      return address.getHost() + ":" + address.getPort() + "/" + database + (ssl ? " tls" : "");
    }

    @Override
    public String toString() {
      return safeAddress();
    }
  }

  /**
   * Parses {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://...}.
   *
   * @throws IllegalArgumentException if it is not such a URI; the message never repeats it
   */
  static Target parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the Redis URI is not a valid URI"
          + " (not shown: it may hold a password)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("the Redis URI must start with redis:// or rediss://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the Redis URI names no host"
          + " (redis://[[user]:password@]host[:port][/database])");
    }
    int database = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        database = -1;
      }
      if (database < 0) {
        throw new IllegalArgumentException("the Redis URI's path must be a database number");
      }
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    String user = uri.getUserInfo() == null ? null : JedisURIHelper.getUser(uri);
    String password = uri.getUserInfo() == null ? null : JedisURIHelper.getPassword(uri);
    return new Target(new HostAndPort(uri.getHost(), port), database, scheme.equals("rediss"),
        user == null || user.isEmpty() ? null : user,
        password == null || password.isEmpty() ? null : password);
  }

  /**
   * Makes a pooled client. It connects on first use; the pool's wait for a free connection and
   * each command are bounded by {@code timeout}.
   */
  static UnifiedJedis connect(Target t, Duration timeout) {
    return connect(t, timeout, "amocrm-client-token-store");
  }

  /** As {@link #connect(Target, Duration)}, naming the connections {@code clientName}. */
  static UnifiedJedis connect(Target t, Duration timeout, String clientName) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis)
        .socketTimeoutMillis(millis)
        .database(t.database)
        .ssl(t.ssl)
        .clientName(clientName)
        // A set protocol: without one, Jedis connects while it is built to ask the server, and a
        // store must build while Redis is down. RESP2 is what every server speaks.
        .resp2();
    if (t.user != null) {
      config.user(t.user);
    }
    if (t.password != null) {
      config.password(t.password);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMinIdle(0);
    pool.setMaxWait(timeout);
    pool.setTestWhileIdle(true);
    return RedisClient.builder()
        .hostAndPort(t.address)
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
  }
}
