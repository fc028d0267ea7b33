package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * Must-show: a Redis server (a private one, which saves nothing) stopped and started again during
 * a run, under a composite of the Redis store and a real {@code FileTokenStore}. The client keeps
 * working from the file member while Redis is down; Redis comes back EMPTY, and the composite
 * writes the newest record back into it (the repair).
 *
 * <p>Two deployments, as in the JDBC module's {@code DatabaseRestartCompositeTest}:
 *
 * <ul>
 *   <li>single host ({@code singleHost(true)}): the token expires during the outage; the refresh
 *       runs under the file lock and is saved to the file; when Redis returns, the next read
 *       through the composite writes that pair into Redis.
 *   <li>cluster (the default): no refresh without the cluster lock. A refresh that falls due
 *       during the outage fails softly while the still-valid token keeps serving; once Redis is
 *       back (empty) the record is repaired from the file, and the refresh runs under its lease.
 * </ul>
 */
class RedisRestartCompositeTest {

  @TempDir
  Path dir;

  private RedisServers.Private redis;
  private RedisTokenStore redisStore;
  private FileTokenStore file;
  private MutableClock clock;
  private MockAmoCrmServer amo;
  private final List<String> memberFailures = Collections.synchronizedList(new ArrayList<>());
  private int failedCalls;
  private int calls;

  @BeforeEach
  void start() throws Exception {
    redis = new RedisServers.Private().start();
    redisStore = RedisTokenStore.builder(redis.uri()).commandTimeout(Duration.ofSeconds(2))
        .build();
    file = FileTokenStore.of(dir.resolve("tokens"));
    clock = MutableClock.create();
    amo = MockAmoCrmServer.builder().clock(clock).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (amo != null) {
      amo.close();
    }
    if (redisStore != null) {
      redisStore.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private AmoCrmClient client(CompositeTokenStore store) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
        .clientId(amo.clientId()).clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store).clock(clock)
        .refreshPolicy(RefreshPolicy.builder().lockWait(Duration.ofSeconds(10)).build())
        .build();
  }

  private CompositeTokenStore composite(boolean singleHost) {
    return CompositeTokenStore.builder().add(redisStore).add(file).singleHost(singleHost)
        .listener((member, operation, key, error) ->
            memberFailures.add(member.name() + " " + operation))
        .build();
  }

  private void call(AmoCrmClient client) {
    calls++;
    try {
      assertThat(client.account().name()).isEqualTo("Mock account");
    } catch (RuntimeException e) {
      failedCalls++;
      System.err.println("API call failed: " + e);
    }
  }

  /** Reads Redis directly, on a client of the test's own. */
  private Optional<TokenRecord> inRedis(GrantKey key) {
    try (RedisTokenStore direct = RedisTokenStore.of(redis.uri())) {
      return direct.load(key);
    }
  }

  private long redisKeyCount() {
    try (RedisClient raw = RedisClient.create(URI.create(redis.uri()))) {
      return raw.dbSize();
    }
  }

  @Test
  void singleHostRefreshesUnderTheFileLockAndRepairsRedisWhenItReturnsEmpty() throws Exception {
    CompositeTokenStore store = composite(true);
    AmoCrmClient client = client(store);
    GrantKey key = client.grantKey();
    client.tokens().authorize(amo.issueAuthorizationCode());
    call(client);
    TokenRecord beforeOutage = redisStore.load(key).orElseThrow();
    assertThat(file.load(key).orElseThrow().sameTokens(beforeOutage)).isTrue();

    redis.stop();
    for (int i = 0; i < 5; i++) {
      call(client);
    }
    // An instance (re)started during the outage reads its tokens from the file member.
    AmoCrmClient restarted = client.newBuilder().build();
    call(restarted);
    // The token expires during the outage: refreshed under the file lock, saved to the file.
    clock.advance(Duration.ofHours(25));
    call(client);
    call(restarted);
    assertThat(amo.refreshCalls()).isEqualTo(1);
    TokenRecord inFile = file.load(key).orElseThrow();
    assertThat(inFile.sameTokens(beforeOutage)).isFalse();
    assertThat(memberFailures).contains("redis:amocrm: lock", "redis:amocrm: write");

    redis.start();
    assertThat(redisKeyCount()).as("Redis came back empty (it saves nothing)").isZero();
    // The next read through the composite (the health check's status()) repairs Redis. Bounded:
    // each read on a pooled connection that died with the old server fails at once and drops it.
    int reads = 0;
    while (!inRedis(key).map(r -> r.sameTokens(inFile)).orElse(false) && reads < 30) {
      reads++;
      client.tokens().status();
    }
    TokenRecord repaired = inRedis(key).orElseThrow();
    assertThat(repaired.sameTokens(inFile)).as("Redis repaired with the pair refreshed during"
        + " the outage").isTrue();
    assertThat(repaired.version()).isGreaterThan(beforeOutage.version());
    call(client);

    // With Redis back, the next expiry is refreshed under its lease again, and both members hold
    // the new pair.
    clock.advance(Duration.ofHours(25));
    call(client);
    call(restarted);
    TokenRecord after = redisStore.load(key).orElseThrow();
    assertThat(after.sameTokens(inFile)).isFalse();
    assertThat(file.load(key).orElseThrow().sameTokens(after)).isTrue();

    System.out.printf("Redis restart run (single host): %d API calls, %d failed; refresh calls"
            + " %d, revoked %d; Redis repaired after %d read(s); member failures stepped over:"
            + " %s%n", calls, failedCalls, amo.refreshCalls(), amo.revokedRefreshes(), reads,
        memberFailures.size());
    assertThat(failedCalls).as("failed API calls").isZero();
    assertThat(amo.refreshCalls()).as("refresh calls").isEqualTo(2);
    assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
  }

  @Test
  void clusterDeploymentServesTheValidTokenAndRefreshesOnlyOnceTheLeaseIsBack() throws Exception {
    CompositeTokenStore store = composite(false);
    AmoCrmClient client = client(store);
    GrantKey key = client.grantKey();
    client.tokens().authorize(amo.issueAuthorizationCode());
    call(client);
    TokenRecord first = redisStore.load(key).orElseThrow();

    redis.stop();
    for (int i = 0; i < 5; i++) {
      call(client);
    }
    AmoCrmClient restarted = client.newBuilder().build();
    call(restarted); // reads its tokens from the file member
    // Into the advisory window (5 min before expiry), then the mandatory one (60 s): the refresh
    // needs the cluster lock, which is down; it fails softly and the valid token keeps serving.
    clock.advance(Duration.ofHours(24).minusMinutes(2));
    call(client);
    clock.advance(Duration.ofSeconds(90));
    call(client);
    call(restarted);
    assertThat(amo.refreshCalls()).as("no refresh without the cluster lock").isZero();
    assertThat(memberFailures).contains("redis:amocrm: lock");

    redis.start();
    assertThat(redisKeyCount()).as("Redis came back empty").isZero();
    int tries = 0;
    while (amo.successfulRefreshes() == 0 && tries < 30) {
      tries++;
      call(client); // still in the mandatory window: refreshes once the lease can be taken
    }
    call(restarted);
    TokenRecord after = redisStore.load(key).orElseThrow();
    assertThat(after.sameTokens(first)).isFalse();
    assertThat(file.load(key).orElseThrow().sameTokens(after)).isTrue();

    System.out.printf("Redis restart run (cluster): %d API calls, %d failed; refresh calls %d,"
            + " revoked %d; refreshed on call %d after the restart; member failures stepped"
            + " over: %s%n", calls, failedCalls, amo.refreshCalls(), amo.revokedRefreshes(), tries,
        memberFailures.size());
    assertThat(failedCalls).as("failed API calls").isZero();
    assertThat(amo.successfulRefreshes()).isEqualTo(1);
    assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
  }
}
