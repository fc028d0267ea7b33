package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenStoreTimeoutException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import io.github.farolero.amocrm.testkit.TokenStoreContract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The store contract against the shared Redis server (through a {@link RedisProxy} that a test
 * can cut, so "Redis down" is a real broken connection), plus what is particular to the Redis
 * store: the key layout, the compare-and-set script, the lease's owner token, failures that name
 * no secret. Each test has a key prefix of its own.
 */
class RedisTokenStoreTest extends TokenStoreContract {

  private static @Nullable UnifiedJedis raw;

  protected String prefix;
  protected RedisProxy proxy;

  /** The cipher of the stores under test; the encrypted variant overrides it. */
  protected @Nullable TokenCipher cipher() {
    return null;
  }

  static UnifiedJedis raw() {
    if (raw == null) {
      raw = RedisClient.create(java.net.URI.create(RedisServers.sharedUri()));
    }
    return raw;
  }

  @AfterAll
  static void closeRaw() {
    if (raw != null) {
      raw.close();
      raw = null;
    }
  }

  @Override
  protected TokenStore createStore() throws Exception {
    String shared = RedisServers.sharedUri();
    raw();
    prefix = "test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    proxy = new RedisProxy(shared);
    return builder(proxy.uri()).build();
  }

  /** A builder on the test's prefix and cipher. */
  protected RedisTokenStore.Builder builder(String uri) {
    RedisTokenStore.Builder b = RedisTokenStore.builder(uri).keyPrefix(prefix)
        .commandTimeout(Duration.ofSeconds(2));
    TokenCipher c = cipher();
    return c == null ? b : b.cipher(c);
  }

  @Override
  protected void makeUnavailable(TokenStore store) {
    proxy.down(true);
  }

  @Override
  protected void closeStore(TokenStore store) throws Exception {
    ((RedisTokenStore) store).close();
    proxy.close();
    // Leave the shared server as found: drop this test's keys.
    redis.clients.jedis.ScanIteration scan = raw().scanIteration(500,
        RedisKeys.escapeGlob(prefix) + "*");
    while (!scan.isIterationCompleted()) {
      for (String k : scan.nextBatch().getResult()) {
        raw().del(k);
      }
    }
  }

  private RedisTokenStore redis() {
    return (RedisTokenStore) store;
  }

  // --- Layout ------------------------------------------------------------------------------------

  @Test
  void allKeysOfAGrantShareOneHashTagAndSlot() {
    GrantKey key = GrantKey.of("tagged.amocrm.ru", "client-1");
    store.write(record(key, 1));
    String tokenKey = prefix + "{tagged.amocrm.ru/client-1}:token";
    String lockKey = prefix + "{tagged.amocrm.ru/client-1}:lock";
    assertThat(raw().exists(tokenKey)).isTrue();
    assertThat(raw().hget(tokenKey, "version")).isEqualTo("1");
    assertThat(raw().hget(tokenKey, "written_ms")).matches("\\d{13}");
    try (GrantLock lock = store.locker().orElseThrow().acquire(key, Duration.ofMinutes(1),
        Duration.ofSeconds(5))) {
      assertThat(raw().exists(lockKey)).isTrue();
    }
    assertThat(JedisClusterCRC16.getSlot(tokenKey)).isEqualTo(JedisClusterCRC16.getSlot(lockKey));
    // Negative control: without the braces the two keys of this grant fall in different slots.
    assertThat(JedisClusterCRC16.getSlot(tokenKey.replace("{", "").replace("}", "")))
        .isNotEqualTo(JedisClusterCRC16.getSlot(lockKey.replace("{", "").replace("}", "")));
  }

  @Test
  void storesWithAnotherPrefixDoNotSeeEachOther() throws Exception {
    GrantKey key = GrantKey.of("prefixed.amocrm.ru");
    store.write(record(key, 1));
    // A prefix with glob characters must match literally in SCAN: "test:x*" is not "test:x1".
    String globby = prefix + "g*[1]:";
    String plain = prefix + "g1:";
    try (RedisTokenStore a = RedisTokenStore.builder(proxy.uri()).keyPrefix(globby).build();
        RedisTokenStore b = RedisTokenStore.builder(proxy.uri()).keyPrefix(plain).build()) {
      assertThat(a.load(key)).isEmpty();
      b.write(record(GrantKey.of("other.amocrm.ru"), 1));
      assertThat(a.keys()).isEmpty();
      assertThat(b.keys()).containsExactly(GrantKey.of("other.amocrm.ru"));
      a.write(record(GrantKey.of("third.amocrm.ru"), 1));
      assertThat(a.keys()).containsExactly(GrantKey.of("third.amocrm.ru"));
    }
    assertThat(store.keys()).containsExactly(key);
  }

  // --- Compare-and-set ----------------------------------------------------------------------------

  @Test
  void twoWritersThatReadOneVersionHaveOneWinnerAndTheLoserChangesNothing() {
    GrantKey key = GrantKey.of("cas.amocrm.ru");
    store.write(record(key, 1));
    TokenRecord read = store.load(key).orElseThrow();
    TokenRecord first = record(key, read.version() + 1);
    TokenRecord second = record(key, read.version() + 1);
    store.write(first);
    String rawBefore = raw().hget(prefix + "{cas.amocrm.ru}:token", "record");
    assertThatThrownBy(() -> store.write(second))
        .isInstanceOfSatisfying(TokenVersionConflictException.class, e -> {
          assertThat(e.storedVersion()).isEqualTo(2);
          assertThat(e.attemptedVersion()).isEqualTo(2);
        });
    assertThat(store.load(key)).contains(first);
    assertThat(raw().hget(prefix + "{cas.amocrm.ru}:token", "record")).isEqualTo(rawBefore);
    // Negative control: the same write with the next version is taken, so the refusal above was
    // the version check and not a store that refuses every second write.
    TokenRecord third = record(key, 3);
    store.write(third);
    assertThat(store.load(key)).contains(third);
  }

  @Test
  void versionsAboveTwoToThe53AreComparedExactly() {
    GrantKey key = GrantKey.of("big.amocrm.ru");
    long big = (1L << 53) + 1;
    TokenRecord base = record(key, 1);
    store.write(base.withVersion(big));
    // As doubles 2^53 and 2^53 + 1 are one number: a script comparing numbers would take the
    // first write below, or refuse the third.
    assertThatThrownBy(() -> store.write(base.withVersion(big - 1)))
        .isInstanceOf(TokenVersionConflictException.class);
    assertThatThrownBy(() -> store.write(base.withVersion(big)))
        .isInstanceOf(TokenVersionConflictException.class);
    store.write(base.withVersion(big + 1));
    assertThat(store.load(key).orElseThrow().version()).isEqualTo(big + 1);
    store.write(base.withVersion(Long.MAX_VALUE));
    assertThat(store.load(key).orElseThrow().version()).isEqualTo(Long.MAX_VALUE);
  }

  // --- Lease --------------------------------------------------------------------------------------

  @Test
  void leaseCarriesARandomOwnerAndAReleaseNeverDeletesAnotherOwnersLease() {
    GrantKey key = GrantKey.of("owner.amocrm.ru");
    String lockKey = prefix + "{owner.amocrm.ru}:lock";
    assertThat(store.locker().orElseThrow().scope()).isEqualTo(LockScope.CLUSTER);
    GrantLock mine = store.locker().orElseThrow().acquire(key, Duration.ofSeconds(30),
        Duration.ofSeconds(5));
    String owner = raw().get(lockKey);
    assertThat(owner).matches(ProcessHandle.current().pid() + "@.+#[0-9a-f]{32}");
    long pttl = raw().pttl(lockKey);
    assertThat(pttl).isPositive().isLessThanOrEqualTo(30_000);
    // Control: a release by the owner deletes the lease.
    mine.close();
    assertThat(raw().exists(lockKey)).isFalse();

    GrantLock stale = store.locker().orElseThrow().acquire(key, Duration.ofSeconds(30),
        Duration.ofSeconds(5));
    String staleOwner = raw().get(lockKey);
    // The stale holder's lease ran out and another process took the lock (simulated directly).
    raw().del(lockKey);
    String other = "999@elsewhere#" + "0".repeat(32);
    raw().set(lockKey, other);
    stale.close();
    assertThat(raw().get(lockKey)).as("another owner's lease is untouched").isEqualTo(other);
    assertThat(staleOwner).isNotEqualTo(owner).isNotEqualTo(other);
    raw().del(lockKey);
  }

  // --- Encryption ---------------------------------------------------------------------------------

  @Test
  void rawRecordHoldsTheTokensOnlyWhenNotEncrypted() {
    TokenRecord r = record(GrantKey.of("raw.amocrm.ru"), 1);
    store.write(r);
    String stored = raw().hget(prefix + "{raw.amocrm.ru}:token", "record");
    if (cipher() == null) {
      assertThat(stored).contains(r.accessToken()).contains(r.refreshToken());
    } else {
      assertThat(stored).startsWith("v1:").doesNotContain(r.accessToken())
          .doesNotContain(r.refreshToken()).doesNotContain("CANARY");
    }
  }

  // --- Failures -----------------------------------------------------------------------------------

  @Test
  void damagedRecordIsAFailureNotAbsent() {
    raw().hset(prefix + "{damaged.amocrm.ru}:token", Map.of("version", "2", "record", "{not json"));
    assertThatThrownBy(() -> store.load(GrantKey.of("damaged.amocrm.ru")))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("damaged");
    raw().set(prefix + "{wrongtype.amocrm.ru}:token", "a string");
    assertThatThrownBy(() -> store.load(GrantKey.of("wrongtype.amocrm.ru")))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("another type");
  }

  @Test
  void redisDownFailsClearlyAndNamesNoPasswordOrToken() throws Exception {
    String password = "Pa55-" + UUID.randomUUID();
    try (RedisTokenStore withPassword = builder(
        "redis://app:" + password + "@127.0.0.1:" + proxy.uri().replaceAll(".*:", "") + "/3")
        .build()) {
      assertThat(withPassword.toString()).doesNotContain(password).contains("127.0.0.1")
          .contains("/3");
      proxy.down(true);
      TokenRecord r = record(GrantKey.of("down.amocrm.ru"), 1);
      assertThatThrownBy(() -> withPassword.write(r))
          .isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("cannot be reached")
          .satisfies(e -> assertNoSecret(e, password, r.accessToken(), r.refreshToken()));
      assertThatThrownBy(() -> withPassword.load(r.key()))
          .isInstanceOf(TokenStoreException.class)
          .satisfies(e -> assertNoSecret(e, password));
      assertThatThrownBy(() -> withPassword.locker().orElseThrow().acquire(r.key(),
          Duration.ofSeconds(1), Duration.ofSeconds(1)))
          .isInstanceOf(TokenStoreException.class)
          .satisfies(e -> assertNoSecret(e, password));
      proxy.down(false);
      // Up again, the server refuses the password (it has none): a clear failure, no password.
      assertThatThrownBy(() -> withPassword.load(r.key()))
          .isInstanceOf(TokenStoreException.class)
          .satisfies(e -> assertNoSecret(e, password));
    }
  }

  @Test
  void redisThatStopsAnsweringEndsInATimeout() {
    try (RedisTokenStore quick = builder(proxy.uri()).commandTimeout(Duration.ofMillis(300))
        .build()) {
      proxy.silent(true);
      assertThatThrownBy(() -> quick.load(GrantKey.of("hung.amocrm.ru")))
          .isInstanceOfSatisfying(TokenStoreTimeoutException.class,
              e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300)))
          .hasMessageContaining("did not answer in time");
    }
  }

  @Test
  void badUrisAreRefusedWithoutRepeatingThem() {
    String secret = "Very-Secret-" + UUID.randomUUID();
    for (String uri : new String[] {"http://:" + secret + "@h:1", "redis://:" + secret + "@:1",
        "redis://:" + secret + "@h:1/x", "redis://:" + secret + "@h:1 2"}) {
      assertThatThrownBy(() -> RedisTokenStore.of(uri))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertNoSecret(e, secret));
    }
    assertThatThrownBy(() -> RedisTokenStore.builder(proxy.uri()).keyPrefix("a{b}:"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTokenStore.builder(raw()).commandTimeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void buildingTheStoreDoesNotTalkToRedis() {
    proxy.down(true);
    try (RedisTokenStore built = builder(proxy.uri()).build()) {
      assertThat(proxy.accepted()).as("connections while building").isZero();
      assertThatThrownBy(() -> built.load(GrantKey.of("later.amocrm.ru")))
          .isInstanceOf(TokenStoreException.class);
      assertThat(proxy.accepted()).as("the control: a load does connect").isPositive();
    }
  }

  @Test
  void closeClosesOnlyAClientTheStoreCreated() {
    GrantKey key = GrantKey.of("close.amocrm.ru");
    try (RedisClient mine = RedisClient.create(java.net.URI.create(proxy.uri()))) {
      RedisTokenStore onMine = RedisTokenStore.builder(mine).keyPrefix(prefix).build();
      assertThat(onMine.toString()).contains("client given");
      onMine.close();
      assertThat(mine.ping()).as("the user's client stays open").isEqualTo("PONG");
      assertThat(onMine.load(key)).isEmpty();
    }
    RedisTokenStore own = builder(proxy.uri()).build();
    assertThat(own.load(key)).isEmpty();
    own.close();
    assertThatThrownBy(() -> own.load(key)).isInstanceOf(RuntimeException.class);
  }

  private static void assertNoSecret(Throwable e, String... secrets) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    for (String s : secrets) {
      assertThat(trace.toString()).doesNotContain(s).doesNotContain(s.substring(0, 8));
    }
  }
}
