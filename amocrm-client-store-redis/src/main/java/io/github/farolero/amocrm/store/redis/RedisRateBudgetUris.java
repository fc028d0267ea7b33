package io.github.farolero.amocrm.store.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Reads the URI of {@link RedisRateBudget#of(String)} and makes its client. Never repeats the URI
 * in an error or a name: it may carry a password.
 */
final class RedisRateBudgetUris {

  /** Each take or release holds a connection for one round trip; enough for a busy JVM. */
  private static final int POOL_SIZE = 16;

  /** Connect, command and pool-wait timeout of a client made from a URI. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private RedisRateBudgetUris() {}

  /** A parsed URI: the client and a name without credentials. */
  static final class Connection {
    final UnifiedJedis client;
    final String name;

    Connection(UnifiedJedis client, String name) {
      this.client = client;
      this.name = name;
    }
  }

  /**
   * Parses {@code redis://[[user]:password@]host[:port][/database]} (or {@code rediss://} for TLS)
   * and makes a pooled client that connects on first use.
   *
   * @throws IllegalArgumentException if it is not such a URI; the message never repeats it
   */
  static Connection connect(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the Redis URI is not a valid URI (not shown: it may hold a password)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("the Redis URI must start with redis:// or rediss://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(
          "the Redis URI names no host (redis://[[user]:password@]host[:port][/database])");
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
    boolean ssl = scheme.equals("rediss");
    HostAndPort address = new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    int millis = (int) TIMEOUT.toMillis();
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(millis)
        .socketTimeoutMillis(millis)
        .database(database)
        .ssl(ssl)
        .clientName("amocrm-client-rate-budget")
        // A set protocol: without one Jedis connects while it is built (to ask the server), and a
        // budget must be made while Redis is down. Every server speaks RESP2.
        .resp2();
    if (uri.getUserInfo() != null) {
      String user = JedisURIHelper.getUser(uri);
      String password = JedisURIHelper.getPassword(uri);
      if (user != null && !user.isEmpty()) {
        config.user(user);
      }
      if (password != null && !password.isEmpty()) {
        config.password(password);
      }
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    pool.setMinIdle(0);
    pool.setMaxWait(TIMEOUT);
    UnifiedJedis client = RedisClient.builder()
        .hostAndPort(address)
        .clientConfig(config.build())
        .poolConfig(pool)
        .build();
    String name = scheme + "://" + address.getHost() + ":" + address.getPort() + "/" + database;
    return new Connection(client, name);
  }
}
