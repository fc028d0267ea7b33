package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.harness.Workers;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Must-show: a process killed with SIGKILL while it holds the Redis refresh lease. Another process
 * that needs a refresh waits, takes the lease once its key has expired (by Redis's clock),
 * refreshes once, and amoCRM sees no reused refresh token. That it waits is seen, not assumed:
 * the successor prints {@code ACQUIRING} when its client starts to take the lease and {@code
 * ACQUIRED} once it holds it; between the two, while the holder lives, it does not get it.
 *
 * <p>The killed process is stopped inside its refresh, after it took the lease and before its
 * token request left the process (an interceptor that never returns): the moment a crash leaves a
 * lease behind with nothing sent.
 */
class RedisLeaseHolderKilledTest {

  private static final Duration KILLED_HOLDERS_LEASE = Duration.ofSeconds(6);
  /** How long the successor is watched not getting the lease while the holder lives. */
  private static final long WHILE_HELD_MILLIS = 1_500;

  @Test
  void anotherProcessTakesOverAfterTheKilledHoldersLeaseRunsOut() throws Exception {
    String uri = RedisServers.sharedUri();
    String prefix = "killed:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    try (RedisClient raw = RedisClient.create(URI.create(uri));
        RedisTokenStore store = RedisTokenStore.builder(uri).keyPrefix(prefix).build();
        MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start();
        Workers workers = new Workers(Path.of("target", "workers", "sigkill"),
            RedisWorkerStore.class)) {
      GrantKey key = GrantKey.of(amo.accountDomain());
      String lockKey = prefix + "{" + key.id() + "}:lock";
      String tokenKey = prefix + "{" + key.id() + "}:token";
      store.write(amo.issueTokens().toRecord(key, 1));
      clock.advance(Duration.ofHours(25)); // the token has expired: the next call refreshes
      List<String> common = List.of("clock=" + clock.instant(), "redisUri=" + uri,
          "prefix=" + prefix, "domain=" + amo.accountDomain(), "baseUrl=" + amo.baseUrl(),
          "clientId=" + amo.clientId(), "clientSecret=" + amo.clientSecret(),
          "redirectUri=" + amo.redirectUri(), "index=0");

      Workers.Worker holder = workers.start("holder", concat(common, "mode=stall",
          "leaseMillis=" + KILLED_HOLDERS_LEASE.toMillis()));
      holder.await("STALLED", 120);
      String heldBy = raw.get(lockKey);
      long leaseEndsAt = leaseEnd(raw, lockKey); // by Redis's clock
      assertThat(heldBy).as("the stalled process holds the lease")
          .startsWith(holder.pid() + "@");
      assertThat(raw.pttl(lockKey)).isPositive();

      Workers.Worker successor = workers.start("successor", concat(common, "mode=once",
          "waitMillis=120000"));
      successor.await("STARTED", 120);
      successor.await("ACQUIRING", 120);
      assertThat(successor.poll("ACQUIRED", WHILE_HELD_MILLIS))
          .as("the successor took the lease while its holder was alive").isNull();
      assertThat(raw.get(lockKey)).as("the holder still holds the lease").isEqualTo(heldBy);

      holder.process.toHandle().destroyForcibly(); // SIGKILL: no release, no finally blocks
      assertThat(holder.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(amo.refreshCalls()).as("the killed holder's request never left it").isZero();
      successor.await("ACQUIRED", 120);
      assertThat(redisMillis(raw)).as("the successor got the lease only after the dead holder's"
          + " lease ran out (Redis clock)").isGreaterThanOrEqualTo(leaseEndsAt);

      String result = successor.await("RESULT", 180);
      assertThat(result).as("successor; stderr:\n" + successor.stderr()).isEqualTo("RESULT ok");
      assertThat(successor.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      TokenRecord now = store.load(key).orElseThrow();
      long writtenAt = Long.parseLong(raw.hget(tokenKey, "written_ms"));
      System.out.printf("SIGKILL run (Redis): holder pid %d held the lease until %s (Redis clock)"
              + " and was killed; successor pid %d wrote version %d at %s; refresh calls %d,"
              + " revoked %d, API calls %d (401: %d)%n", holder.pid(),
          Instant.ofEpochMilli(leaseEndsAt), successor.pid(), now.version(),
          Instant.ofEpochMilli(writtenAt), amo.refreshCalls(), amo.revokedRefreshes(),
          amo.apiCalls(), amo.unauthorizedApiCalls());
      assertThat(amo.refreshCalls()).as("refresh calls").isEqualTo(1);
      assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
      assertThat(now.version()).isEqualTo(2);
      assertThat(amo.isAccessTokenValid(now.accessToken())).isTrue();
      assertThat(writtenAt).as("written after the dead holder's lease ran out")
          .isGreaterThanOrEqualTo(leaseEndsAt);
      assertThat(raw.exists(lockKey)).as("the successor released its lease").isFalse();
      raw.del(tokenKey);
    }
  }

  /** When the lease key expires, by Redis's clock: its time and the key's PTTL read at once. */
  private static long leaseEnd(RedisClient raw, String lockKey) {
    List<?> r = (List<?>) raw.eval("local t = redis.call('TIME') return {t[1], t[2],"
        + " redis.call('PTTL', KEYS[1])}", List.of(lockKey), List.of());
    long pttl = Long.parseLong(r.get(2).toString());
    assertThat(pttl).as("the lease key has a TTL").isPositive();
    return Long.parseLong(r.get(0).toString()) * 1000 + Long.parseLong(r.get(1).toString()) / 1000
        + pttl;
  }

  /** Redis's clock, in epoch milliseconds. */
  private static long redisMillis(RedisClient raw) {
    List<?> t = (List<?>) raw.eval("return redis.call('TIME')");
    return Long.parseLong(t.get(0).toString()) * 1000 + Long.parseLong(t.get(1).toString()) / 1000;
  }

  private static List<String> concat(List<String> common, String... more) {
    List<String> all = new ArrayList<>(common);
    all.addAll(List.of(more));
    return all;
  }
}
