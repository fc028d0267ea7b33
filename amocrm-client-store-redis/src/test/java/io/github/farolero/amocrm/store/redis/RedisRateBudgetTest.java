package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.testkit.RateBudgetContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link RedisRateBudget} against a real Redis: the contract suite on the shared server, and what
 * is Redis's own: two clients (as two processes would) share one count, the times are Redis's
 * clock, the wait hint, the keys and their expiry, one script call per operation, a server that
 * lost its scripts, and nothing of a password in names or errors.
 */
class RedisRateBudgetTest extends RateBudgetContract {

  private final Map<RateBudget, UnifiedJedis> clients = new IdentityHashMap<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private RedisServers.@Nullable Private privateServer;

  private static UnifiedJedis client(String uri) {
    return RedisClient.create(URI.create(uri));
  }

  @Override
  protected RateBudget createBudget(Duration lease) {
    UnifiedJedis redis = client(RedisServers.sharedUri());
    RedisRateBudget b = RedisRateBudget.builder(redis).lease(lease).build();
    clients.put(b, redis);
    return b;
  }

  @Override
  protected void close(RateBudget budget) {
    UnifiedJedis redis = clients.remove(budget);
    if (redis != null) {
      redis.close();
    }
    if (budget instanceof AutoCloseable) {
      try {
        ((AutoCloseable) budget).close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Forgets the one scope the contract does not make unique per run (the account scope of its
   * domain, in scopesAreIndependent): an earlier run's turn there would still be held on this
   * shared server.
   */
  @BeforeEach
  void forgetTheContractsAccountScope() {
    try (UnifiedJedis redis = client(RedisServers.sharedUri())) {
      redis.del(RedisRateBudget.DEFAULT_KEY_PREFIX + "{"
          + RateBudget.Scope.account("contract.amocrm.ru").key() + "}");
    }
  }

  /** Swaps in a budget on a private server that worked, then stops that server. */
  @Override
  protected void makeUnavailable(RateBudget current) throws Exception {
    close(current);
    privateServer = new RedisServers.Private().start();
    RedisRateBudget onPrivate = RedisRateBudget.of(privateServer.uri());
    budget = onPrivate;
    RateBudget.Take take = onPrivate.tryTake(scope(), RateLimit.perSecond(7));
    assertThat(take.turn()).as("the private server answers before it is stopped").isNotNull();
    privateServer.stop();
  }

  @AfterEach
  void closeExtras() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    if (privateServer != null) {
      privateServer.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private static RateBudget.Scope scope() {
    return RateBudget.Scope.integration("redis-" + UUID.randomUUID(), "redis.amocrm.ru");
  }

  private static RateLimit limit(int requests, Duration window) {
    return new RateLimit(requests, window, Duration.ofMinutes(1));
  }

  private static long redisMicros(UnifiedJedis redis) {
    // Redis's TIME in microseconds (a Lua number holds it exactly).
    return (Long) redis.eval("local t = redis.call('TIME') return t[1] * 1000000 + t[2]");
  }

  @Test
  void twoClientsLikeTwoProcessesShareOneCount() throws Exception {
    String uri = RedisServers.sharedUri();
    RedisRateBudget a = closing(RedisRateBudget.of(uri));
    RedisRateBudget b = closing(RedisRateBudget.of(uri));
    RateBudget.Scope scope = scope();
    RateLimit limit = limit(3, Duration.ofSeconds(10));
    assertThat(a.tryTake(scope, limit).turn()).isNotNull();
    assertThat(b.tryTake(scope, limit).turn()).isNotNull();
    assertThat(a.tryTake(scope, limit).turn()).isNotNull();
    assertThat(b.tryTake(scope, limit).turn()).as("the fourth, through the other client").isNull();
    assertThat(a.tryTake(scope, limit).turn()).isNull();

    // Many threads alternating between the two clients never hold more than the limit.
    List<long[]> held = RateBudgetContract.takeAndReleaseConcurrently(alternating(a, b), 3,
        Duration.ofMillis(100), 8, 10);
    assertThat(RateBudgetContract.mostHeldAtOnce(held, TimeUnit.MILLISECONDS.toNanos(100)))
        .isLessThanOrEqualTo(3);
  }

  @Test
  void controlTwoBudgetsThatDoNotShareAKeyExceedTheLimit() throws Exception {
    String uri = RedisServers.sharedUri();
    UnifiedJedis redis = closing(client(uri));
    RateBudget a = RedisRateBudget.builder(redis).keyPrefix("amocrm:budget-a:").build();
    RateBudget b = RedisRateBudget.builder(redis).keyPrefix("amocrm:budget-b:").build();
    List<long[]> held = RateBudgetContract.takeAndReleaseConcurrently(alternating(a, b), 3,
        Duration.ofMillis(100), 8, 10);
    assertThat(RateBudgetContract.mostHeldAtOnce(held, TimeUnit.MILLISECONDS.toNanos(100)))
        .as("the window check sees two counts of 3").isGreaterThan(3);
  }

  /** Sends every other take to the other budget; a turn is released through its own. */
  private static RateBudget alternating(RateBudget a, RateBudget b) {
    AtomicInteger n = new AtomicInteger();
    return new RateBudget() {
      @Override
      public Take tryTake(Scope scope, RateLimit limit) {
        return (n.getAndIncrement() % 2 == 0 ? a : b).tryTake(scope, limit);
      }

      @Override
      public void pause(Scope scope, Duration pause) {
        a.pause(scope, pause);
      }

      @Override
      public void ban(Scope scope, Duration coolDown) {
        a.ban(scope, coolDown);
      }
    };
  }

  @Test
  void timesAreRedisClockAndTheHashExpiresAfterWhatItHolds() {
    UnifiedJedis redis = closing(client(RedisServers.sharedUri()));
    Duration lease = Duration.ofHours(1);
    RedisRateBudget b = RedisRateBudget.builder(redis).lease(lease).build();
    RateBudget.Scope scope = scope();
    String key = "amocrm:budget:{" + scope.key() + "}";
    assertThat(b.key(scope)).isEqualTo(key);

    long before = redisMicros(redis);
    RateBudget.Turn turn = b.tryTake(scope, limit(2, Duration.ofSeconds(5))).turn();
    long after = redisMicros(redis);
    assertThat(turn).isNotNull();
    Map<String, String> hash = redis.hgetAll(key);
    assertThat(hash).containsOnlyKeys("f0", "o0");
    long takenAt = Long.parseLong(hash.get("f0")) - TimeUnit.HOURS.toMicros(1);
    assertThat(takenAt).as("free_at - lease is Redis's TIME during the take")
        .isBetween(before, after);
    assertThat(redis.pttl(key)).as("expires after lease + window")
        .isGreaterThan(lease.toMillis() + 5_000 - 10_000)
        .isLessThanOrEqualTo(lease.toMillis() + 5_000 + 60_000);

    before = redisMicros(redis);
    turn.release();
    after = redisMicros(redis);
    hash = redis.hgetAll(key);
    assertThat(hash).containsOnlyKeys("f0");
    long releasedAt = Long.parseLong(hash.get("f0")) - TimeUnit.SECONDS.toMicros(5);
    assertThat(releasedAt).as("free_at - window is Redis's TIME during the release")
        .isBetween(before, after);
    assertThat(redis.pttl(key)).as("a release never shortens the expiry")
        .isGreaterThan(lease.toMillis());

    // A pause written by hand on Redis's clock is read on Redis's clock.
    RateBudget.Scope other = scope();
    redis.hset(b.key(other), "paused", Long.toString(redisMicros(redis) + 30_000_000L));
    RateBudget.Take take = b.tryTake(other, limit(5, Duration.ofSeconds(1)));
    assertThat(take.turn()).isNull();
    assertThat(take.waitTime()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    b.ban(other, Duration.ofMinutes(10));
    assertThat(redis.pttl(b.key(other))).as("a ban's hash outlives the ban")
        .isGreaterThan(Duration.ofMinutes(10).toMillis() - 10_000);
  }

  @Test
  void theWaitHintOnAFullScopeIsAtMostTheWindow() {
    UnifiedJedis redis = closing(client(RedisServers.sharedUri()));
    // Turns held (not released) free at the lease, an hour off; each may be released at any
    // moment, and its slot is free one window after that: the hint is the window, not the lease.
    RedisRateBudget b = RedisRateBudget.builder(redis).lease(Duration.ofHours(1)).build();
    RateBudget.Scope scope = scope();
    Duration window = Duration.ofMillis(800);
    RateBudget.Turn first = b.tryTake(scope, limit(2, window)).turn();
    assertThat(b.tryTake(scope, limit(2, window)).turn()).isNotNull();
    RateBudget.Take full = b.tryTake(scope, limit(2, window));
    assertThat(full.turn()).isNull();
    assertThat(full.waitTime()).isPositive().isLessThanOrEqualTo(window);

    first.release();
    RateBudget.Take stillFull = b.tryTake(scope, limit(2, window));
    assertThat(stillFull.turn()).isNull();
    assertThat(stillFull.waitTime()).isPositive().isLessThanOrEqualTo(window);
  }

  @Test
  void aReleaseAfterTheLeaseRanOutLeavesTheNewHoldersSlotAlone() throws Exception {
    UnifiedJedis redis = closing(client(RedisServers.sharedUri()));
    RedisRateBudget b = RedisRateBudget.builder(redis).lease(Duration.ofMillis(300)).build();
    RateBudget.Scope scope = scope();
    RateLimit limit = limit(1, Duration.ofMillis(50));
    RateBudget.Turn late = b.tryTake(scope, limit).turn(); // its request outlives the lease
    assertThat(late).isNotNull();
    RateBudget.Turn next = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (next == null && System.nanoTime() - deadline < 0) {
      RateBudget.Take take = b.tryTake(scope, limit);
      next = take.turn();
      if (next == null) {
        Thread.sleep(Math.max(1, Math.min(take.waitTime().toMillis(), 20)));
      }
    }
    assertThat(next).as("the slot, once the lease ran out").isNotNull();
    String owner = redis.hget(b.key(scope), "o0");

    late.release(); // finds the slot another's: changes nothing (and logs a warning)
    assertThat(redis.hget(b.key(scope), "o0")).isEqualTo(owner);
    assertThat(b.tryTake(scope, limit).turn()).as("still held by the new turn").isNull();
    next.release();
    assertThat(redis.hget(b.key(scope), "o0")).isNull();
  }

  @Test
  void eachOperationIsOneScriptCallAndALostScriptIsSentAgain() throws Exception {
    privateServer = new RedisServers.Private().start();
    UnifiedJedis admin = closing(client(privateServer.uri()));
    RedisRateBudget b = closing(RedisRateBudget.of(privateServer.uri()));
    RateBudget.Scope scope = scope();
    RateLimit limit = limit(100, Duration.ofMillis(1));
    // Loads the scripts on the new server (EVALSHA: NOSCRIPT, then EVAL).
    b.tryTake(scope, limit).turn().release();
    b.pause(scope(), Duration.ofMillis(1));
    admin.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");

    for (int i = 0; i < 50; i++) {
      b.tryTake(scope, limit).turn().release();
    }
    b.pause(scope, Duration.ofMillis(1));
    b.ban(scope(), Duration.ofMillis(1));
    Map<String, Long> calls = commandCalls(admin);
    // INFO counts the commands a script runs too: each of the 102 scripts read Redis's clock once.
    assertThat(calls).as("take + release per request, one call per pause or ban")
        .containsEntry("evalsha", 102L).containsEntry("time", 102L).doesNotContainKey("eval");

    admin.scriptFlush();
    admin.sendCommand(Protocol.Command.CONFIG, "RESETSTAT");
    RateBudget.Turn turn = b.tryTake(scope, limit).turn();
    assertThat(turn).as("a server that lost the script gets it again").isNotNull();
    turn.release();
    assertThat(commandCalls(admin)).containsEntry("eval", 2L);
  }

  /** Calls per command since the last CONFIG RESETSTAT, from INFO commandstats. */
  private static Map<String, Long> commandCalls(UnifiedJedis admin) {
    Map<String, Long> calls = new HashMap<>();
    for (String line : admin.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        int at = line.indexOf("calls=") + "calls=".length();
        calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
      }
    }
    return calls;
  }

  @Test
  void aPasswordNeverShowsInItsNameOrErrors() {
    // Nothing listens on port 1: the take fails at once.
    RedisRateBudget b = closing(RedisRateBudget.of("redis://user:s3cret-pw@127.0.0.1:1/2"));
    assertThat(b.toString()).doesNotContain("s3cret").contains("127.0.0.1:1/2");
    assertThat(b.withFallback(RateBudget.Fallback.localShare(4)).toString())
        .doesNotContain("s3cret").contains("local share 1/4");
    Throwable thrown = catchThrowable(
        () -> b.tryTake(scope(), RateLimit.perSecond(7)));
    assertThat(thrown).isInstanceOf(RateBudgetException.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
    }
    assertThatThrownBy(() -> RedisRateBudget.of("http://user:s3cret-pw@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    assertThatThrownBy(() -> RedisRateBudget.of("redis://:s3cret-pw@host/x y"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @Test
  void closesTheClientItMadeButNeverOneItWasGiven() {
    String uri = RedisServers.sharedUri();
    UnifiedJedis given = closing(client(uri));
    RedisRateBudget.builder(given).build().close();
    assertThat(given.ping()).isEqualTo("PONG");

    RedisRateBudget own = RedisRateBudget.of(uri);
    assertThat(own.tryTake(scope(), RateLimit.perSecond(7)).turn()).isNotNull();
    own.close();
    assertThatThrownBy(() -> own.tryTake(scope(), RateLimit.perSecond(7)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void theBuilderChecksItsOptions() {
    UnifiedJedis redis = closing(client(RedisServers.sharedUri()));
    RedisRateBudget.Builder builder = RedisRateBudget.builder(redis);
    assertThatThrownBy(() -> builder.keyPrefix("a{b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.lease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.fallback(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("fallback == null");
    RedisRateBudget b = builder.keyPrefix("x:").lease(Duration.ofSeconds(30))
        .fallback(RateBudget.Fallback.localShare(2)).build();
    assertThat(b.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.fallback()).isEqualTo(RateBudget.Fallback.localShare(2));
    assertThat(b.key(scope())).startsWith("x:{integration:");
    assertThat(closing(RedisRateBudget.of("redis://127.0.0.1:1")).fallback())
        .isEqualTo(RateBudget.Fallback.fail());
  }
}
