package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What a request's two round trips to the Redis budget (take before it is sent, release when its
 * answer arrives) cost on loopback: median and 99th percentile microseconds per take + release,
 * one thread, for 7 slots (amoCRM's per-integration limit) and 50 (the account-wide one). Prints
 * the figures and appends them to {@code target/redis-rate-budget-latency.txt}; asserts nothing
 * about time. Runs with {@code -Pstress} (docs/BENCHMARKS.md, "Shared rate budget: Redis").
 */
@EnabledIfSystemProperty(named = "amocrm.stress", matches = "true",
    disabledReason = "a measurement: run with -Pstress")
class RedisRateBudgetLatencyTest {

  private static final int WARM_UP = 5_000;
  private static final int ROUNDS = 50_000;

  @Test
  void takeAndReleaseOnLoopback() throws IOException {
    try (RedisRateBudget budget = RedisRateBudget.of(RedisServers.sharedUri())) {
      StringBuilder out = new StringBuilder();
      for (int slots : new int[] {7, 50}) {
        // A window of 1 µs: a released slot is free at once, so every take is granted and the
        // loop measures the round trips, not the limit.
        RateLimit limit = new RateLimit(slots, Duration.ofNanos(1_000), Duration.ofMinutes(1));
        RateBudget.Scope scope =
            RateBudget.Scope.integration("latency-" + UUID.randomUUID(), "bench.amocrm.ru");
        run(budget, scope, limit, WARM_UP);
        long[] nanos = run(budget, scope, limit, ROUNDS);
        Arrays.sort(nanos);
        String line = String.format("redis rate budget, %d slots: take+release median %.1f µs,"
                + " p99 %.1f µs over %d requests (2 round trips each)%n", slots,
            nanos[nanos.length / 2] / 1e3, nanos[(int) (nanos.length * 0.99)] / 1e3, ROUNDS);
        System.out.print(line);
        out.append(line);
      }
      Files.writeString(Path.of("target", "redis-rate-budget-latency.txt"), out,
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private static long[] run(RateBudget budget, RateBudget.Scope scope, RateLimit limit, int n) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      RateBudget.Turn turn = budget.tryTake(scope, limit).turn();
      assertThat(turn).as("a free slot (window 1 µs)").isNotNull();
      turn.release();
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }
}
