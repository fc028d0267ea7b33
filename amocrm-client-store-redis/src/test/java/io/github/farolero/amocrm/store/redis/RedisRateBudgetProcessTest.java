package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.testkit.RateBudgetContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis budget across real processes: child JVMs (this class's {@link #main}) that share one
 * scope never hold more than the limit in any window (their turns' times are
 * {@link System#nanoTime()}, one monotonic clock for every process on a host), with a control
 * whose processes use different key prefixes; and a process killed with SIGKILL while it holds
 * every turn stalls the others only until the lease has run out.
 */
class RedisRateBudgetProcessTest {

  private static final int REQUESTS = 3;
  private static final Duration WINDOW = Duration.ofMillis(100);

  private final List<Process> children = new ArrayList<>();

  @TempDir Path logs;

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.toHandle().destroyForcibly();
    }
    for (Process p : children) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process start(String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        RedisRateBudgetProcessTest.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd)
        .redirectError(logs.resolve(name + ".stderr.txt").toFile())
        .start();
    children.add(p);
    return p;
  }

  private String stderr(String name) throws IOException {
    return Files.readString(logs.resolve(name + ".stderr.txt"));
  }

  /** Runs 3 processes × 4 threads × 8 turns on one scope; returns every turn's held interval. */
  private List<long[]> churn(String uri, String clientId, boolean ownPrefixEach)
      throws Exception {
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String prefix =
          ownPrefixEach ? "amocrm:budget-p" + i + ":" : RedisRateBudget.DEFAULT_KEY_PREFIX;
      ps.add(start("churn" + i, "churn", uri, clientId, prefix, "4", "8"));
    }
    List<long[]> held = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      Process p = ps.get(i);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("churn%d ended", i).isTrue();
      assertThat(p.exitValue()).as("churn%d's exit; stderr:%n%s", i, stderr("churn" + i))
          .isZero();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : out.split("\n")) {
        if (line.startsWith("turn ")) {
          String[] f = line.split(" ");
          held.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
      }
    }
    return held;
  }

  @Test
  void processesSharingOneScopeNeverHoldMoreThanTheLimitInAnyWindow() throws Exception {
    String uri = RedisServers.sharedUri();
    List<long[]> held = churn(uri, "proc-" + UUID.randomUUID(), false);
    assertThat(held).hasSize(3 * 4 * 8);
    assertThat(RateBudgetContract.mostHeldAtOnce(held, WINDOW.toNanos()))
        .as("turns of 3 processes counted at once, take to a window after release")
        .isLessThanOrEqualTo(REQUESTS);
  }

  @Test
  void controlProcessesCountingApartExceedTheLimit() throws Exception {
    String uri = RedisServers.sharedUri();
    List<long[]> held = churn(uri, "proc-" + UUID.randomUUID(), true);
    assertThat(held).hasSize(3 * 4 * 8);
    assertThat(RateBudgetContract.mostHeldAtOnce(held, WINDOW.toNanos()))
        .as("three separate counts of 3").isGreaterThan(REQUESTS);
  }

  @Test
  void aProcessKilledHoldingEveryTurnStallsOthersOnlyUntilTheLease() throws Exception {
    String uri = RedisServers.sharedUri();
    String clientId = "killed-" + UUID.randomUUID();
    // The holder's lease (6 s) leaves room for the "still counted" check right after the kill.
    Process holder = start("holder", "hold", uri, clientId, "6000");
    BufferedReader out = new BufferedReader(
        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(60, TimeUnit.SECONDS);
    assertThat(line).as("the holder took every turn; stderr:%n%s", stderr("holder"))
        .isEqualTo("held");

    try (UnifiedJedis redis = RedisClient.create(URI.create(uri))) {
      RedisRateBudget b = RedisRateBudget.builder(redis).lease(Duration.ofSeconds(3)).build();
      RateBudget.Scope scope = RateBudget.Scope.integration(clientId, "proc.amocrm.ru");
      RateLimit limit = new RateLimit(REQUESTS, WINDOW, Duration.ofMinutes(1));
      Map<String, String> before = redis.hgetAll(b.key(scope));

      holder.toHandle().destroyForcibly(); // SIGKILL: its turns are never released
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      RateBudget.Take right = b.tryTake(scope, limit);
      assertThat(right.turn()).as("the dead process's turns still count: %s", right).isNull();

      RateBudget.Turn turn = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (turn == null && System.nanoTime() - deadline < 0) {
        RateBudget.Take take = b.tryTake(scope, limit);
        turn = take.turn();
        if (turn == null) {
          Thread.sleep(Math.max(1, Math.min(take.waitTime().toMillis(), 50)));
        }
      }
      assertThat(turn).as("a turn once the lease ran out").isNotNull();
      Map<String, String> after = redis.hgetAll(b.key(scope));
      // The slot taken over was one of the dead holder's; its lease end (Redis's clock) had come.
      long leaseEnds = before.entrySet().stream().filter(e -> e.getKey().startsWith("f"))
          .mapToLong(e -> Long.parseLong(e.getValue())).min().orElseThrow();
      long takenAt = after.entrySet().stream()
          .filter(e -> e.getKey().startsWith("o") && !e.getValue().equals(before.get(e.getKey())))
          .mapToLong(e -> Long.parseLong(after.get("f" + e.getKey().substring(1)))
              - TimeUnit.SECONDS.toMicros(3))
          .findFirst().orElseThrow();
      assertThat(takenAt).as("taken over no earlier than the holder's lease end")
          .isGreaterThanOrEqualTo(leaseEnds);
      turn.release();
    }
  }

  /**
   * A child process. {@code hold <uri> <clientId> <leaseMillis>}: takes every turn of the scope,
   * prints {@code held}, then waits to be killed. {@code churn <uri> <clientId> <prefix> <threads>
   * <turns>}: threads take and release turns (held 0-5 ms), each printed as
   * {@code turn <taken nanos> <released nanos>}.
   */
  public static void main(String[] args) throws Exception {
    String uri = args[1];
    RateBudget.Scope scope = RateBudget.Scope.integration(args[2], "proc.amocrm.ru");
    RateLimit limit = new RateLimit(REQUESTS, WINDOW, Duration.ofMinutes(1));
    try (UnifiedJedis redis = RedisClient.create(URI.create(uri))) {
      if (args[0].equals("hold")) {
        RedisRateBudget b = RedisRateBudget.builder(redis)
            .lease(Duration.ofMillis(Long.parseLong(args[3]))).build();
        for (int i = 0; i < REQUESTS; i++) {
          if (b.tryTake(scope, limit).turn() == null) {
            throw new AssertionError("turn " + i + " not granted");
          }
        }
        System.out.println("held");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        return;
      }
      RedisRateBudget b = RedisRateBudget.builder(redis).keyPrefix(args[3]).build();
      int threads = Integer.parseInt(args[4]);
      int turns = Integer.parseInt(args[5]);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          int mine = 0;
          while (mine < turns) {
            RateBudget.Take take = b.tryTake(scope, limit);
            RateBudget.Turn turn = take.turn();
            if (turn == null) {
              Thread.sleep(Math.max(1, Math.min(take.waitTime().toMillis(), 20)));
              continue;
            }
            long taken = System.nanoTime();
            Thread.sleep(ThreadLocalRandom.current().nextInt(6));
            long released = System.nanoTime();
            turn.release();
            synchronized (System.out) {
              System.out.println("turn " + taken + " " + released);
            }
            mine++;
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(80, TimeUnit.SECONDS);
      }
      pool.shutdown();
      System.out.flush();
    }
  }
}
