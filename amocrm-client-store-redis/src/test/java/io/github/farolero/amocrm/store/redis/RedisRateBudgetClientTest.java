package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * An {@link AmoCrmClient} on {@link RedisRateBudget} against the mock amoCRM: a request's turn is
 * taken and released in Redis; a 429 pauses the scope in Redis for every process; Redis down fails
 * the request unsent by default, or sends it under the declared share, and the budget is used
 * again once Redis is back.
 */
class RedisRateBudgetClientTest {

  private static AmoCrmClient client(MockAmoCrmServer amo, RateBudget budget) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
        .longLivedToken(amo.issueLongLivedToken(Duration.ofDays(1)).accessToken())
        .retryPolicy(RetryPolicy.none())
        .rateBudget(budget)
        .build();
  }

  @Test
  void aRequestTakesAndReleasesItsTurnInRedisAndA429PausesEveryProcess() {
    String prefix = "amocrm:budget-e2e-" + UUID.randomUUID() + ":";
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder()
            .rateLimit(1, Duration.ofSeconds(30)).start();
        UnifiedJedis redis = RedisClient.create(URI.create(RedisServers.sharedUri()))) {
      RedisRateBudget budget = RedisRateBudget.builder(redis).keyPrefix(prefix).build();
      AmoCrmClient client = client(amo, budget);

      client.account();
      Set<String> keys = redis.keys(prefix + "*");
      assertThat(keys).as("one scope's hash").hasSize(1);
      String key = keys.iterator().next();
      assertThat(redis.hgetAll(key)).as("the turn was taken and released: no owner left")
          .containsOnlyKeys("f0");

      // The mock allows 1 request in 30 s: the second is refused with 429.
      catchThrowable(client::account);
      assertThat(amo.tooManyRequestsSent()).isEqualTo(1);
      assertThat(redis.hgetAll(key)).as("the 429 paused the scope in Redis").containsKey("paused");

      // Another process (its own connection and budget) sees the pause.
      try (UnifiedJedis elsewhere = RedisClient.create(URI.create(RedisServers.sharedUri()))) {
        RedisRateBudget other = RedisRateBudget.builder(elsewhere).keyPrefix(prefix).build();
        RateBudget.Scope scope = RateBudget.Scope.integration("", amo.accountDomain());
        assertThat(other.key(scope)).as("a long-lived token's scope").isEqualTo(key);
        RateBudget.Take take = other.tryTake(scope, RateLimit.perSecond(7));
        assertThat(take.turn()).as("paused for every process: %s", take).isNull();
        assertThat(take.banned()).isFalse();
        assertThat(take.waitTime()).isPositive();
      }
    }
  }

  @Test
  void redisDownFailsTheRequestUnsentByDefault() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start();
        RedisServers.Private server = new RedisServers.Private();
        RedisRateBudget budget = RedisRateBudget.of(server.uri())) {
      AmoCrmClient client = client(amo, budget); // Redis was never started: nothing listens
      Throwable thrown = catchThrowable(client::account);
      assertThat(thrown).isInstanceOf(RateBudgetException.class);
      assertThat(amo.apiCalls()).as("nothing the cluster has not counted is sent").isZero();
    }
  }

  @Test
  void redisDownSendsUnderTheDeclaredShareAndTheBudgetIsUsedAgainWhenItIsBack()
      throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start();
        RedisServers.Private server = new RedisServers.Private();
        RedisRateBudget budget = RedisRateBudget.of(server.uri())
            .withFallback(RateBudget.Fallback.localShare(2))) {
      AmoCrmClient client = client(amo, budget);
      client.account(); // Redis down: sent under 7 / 2 counted in this JVM
      assertThat(amo.apiCalls()).isEqualTo(1);

      server.start();
      try (UnifiedJedis redis = RedisClient.create(URI.create(server.uri()))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Set<String> keys = Set.of();
        while (keys.isEmpty() && System.nanoTime() - deadline < 0) {
          client.account(); // the store is tried again at most once a second
          keys = redis.keys(RedisRateBudget.DEFAULT_KEY_PREFIX + "*");
          if (keys.isEmpty()) {
            Thread.sleep(100);
          }
        }
        assertThat(keys).as("turns taken in Redis again once it is back").hasSize(1);
        Map<String, String> hash = redis.hgetAll(keys.iterator().next());
        assertThat(hash).containsKey("f0");
      }
    }
  }
}
