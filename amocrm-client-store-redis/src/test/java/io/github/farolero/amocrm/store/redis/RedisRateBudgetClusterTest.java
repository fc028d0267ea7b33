package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.testkit.RateBudgetContract;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.SafeEncoder;

/**
 * {@link RedisRateBudget} on a real Redis Cluster of three masters (private
 * {@code redis-server --cluster-enabled yes} processes joined by {@code redis-cli --cluster
 * create}), through Jedis's {@link RedisClusterClient} passed to
 * {@link RedisRateBudget#builder}: the contract suite, and scopes spread over every node (each
 * scope's hash lives whole on one node, where its scripts run).
 */
class RedisRateBudgetClusterTest extends RateBudgetContract {

  private static final List<Process> nodes = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();
  private static @Nullable Path dir;

  private final Map<RateBudget, UnifiedJedis> clients = new IdentityHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    Path server = RedisServers.serverBinary();
    Path cli = server.resolveSibling("redis-cli");
    assumeTrue(Files.isExecutable(cli), "no redis-cli beside " + server);
    dir = Files.createTempDirectory("amocrm-redis-cluster");
    for (int i = 0; i < 3; i++) {
      int port = freePort();
      int busPort = freePort();
      Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
      nodes.add(new ProcessBuilder(server.toString(), "--bind", "127.0.0.1", "--port",
          Integer.toString(port), "--cluster-enabled", "yes", "--cluster-port",
          Integer.toString(busPort), "--cluster-config-file", "nodes.conf", "--dir",
          nodeDir.toString(), "--save", "", "--appendonly", "no")
          .redirectErrorStream(true)
          .redirectOutput(nodeDir.resolve("log.txt").toFile())
          .start());
      ports.add(port);
    }
    for (int port : ports) {
      awaitReply(port, "PONG", UnifiedJedis::ping);
    }
    List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
    ports.forEach(p -> create.add("127.0.0.1:" + p));
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process p = new ProcessBuilder(create).redirectErrorStream(true)
        .redirectOutput(dir.resolve("create.txt").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("redis-cli --cluster create ended").isTrue();
    assertThat(p.exitValue()).as("redis-cli --cluster create: %s",
        Files.readString(dir.resolve("create.txt"))).isZero();
    for (int port : ports) {
      awaitReply(port, "cluster_state:ok", node -> SafeEncoder.encode(
          (byte[]) node.sendCommand(Protocol.Command.CLUSTER, "INFO")));
    }
  }

  @AfterAll
  static void stopCluster() throws InterruptedException, IOException {
    for (Process p : nodes) {
      p.toHandle().destroyForcibly();
    }
    for (Process p : nodes) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
    nodes.clear();
    ports.clear();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (bounded) until the node's answer to a command contains {@code expected}. */
  private static void awaitReply(int port, String expected, Function<UnifiedJedis, String> ask)
      throws InterruptedException {
    String last = "";
    for (int i = 0; i < 400; i++) {
      try (UnifiedJedis node = RedisClient.create("127.0.0.1", port)) {
        last = ask.apply(node);
        if (last.contains(expected)) {
          return;
        }
      } catch (RuntimeException e) {
        last = e.toString();
      }
      Thread.sleep(25);
    }
    throw new IllegalStateException("node " + port + " never answered " + expected + ": " + last);
  }

  private static RedisClusterClient cluster() {
    return RedisClusterClient.create(new HostAndPort("127.0.0.1", ports.get(0)));
  }

  @Override
  protected RateBudget createBudget(Duration lease) {
    RedisClusterClient c = cluster();
    RedisRateBudget b = RedisRateBudget.builder(c).lease(lease).build();
    clients.put(b, c);
    return b;
  }

  @Override
  protected void close(RateBudget budget) {
    UnifiedJedis c = clients.remove(budget);
    if (c != null) {
      c.close();
    }
  }

  @Test
  void scopesSpreadOverEveryNodeAndEachHashStaysWhole() {
    RateLimit limit = new RateLimit(2, Duration.ofSeconds(10), Duration.ofMinutes(1));
    String prefix = "amocrm:budget-cl-" + UUID.randomUUID() + ":";
    try (RedisClusterClient c = cluster()) {
      RedisRateBudget b = RedisRateBudget.builder(c).keyPrefix(prefix).build();
      for (int i = 0; i < 30; i++) {
        RateBudget.Scope scope = RateBudget.Scope.integration("cl-" + i, "cluster.amocrm.ru");
        assertThat(b.tryTake(scope, limit).turn()).isNotNull();
        assertThat(b.tryTake(scope, limit).turn()).isNotNull();
        assertThat(b.tryTake(scope, limit).turn()).as("the third of 2").isNull();
        b.pause(scope, Duration.ofMillis(1));
      }
    }
    int nodesWithScopes = 0;
    for (int port : ports) {
      try (UnifiedJedis node = RedisClient.create("127.0.0.1", port)) {
        Set<String> keys = node.keys(prefix + "*");
        for (String key : keys) {
          assertThat(node.hgetAll(key)).as("%s whole on one node", key)
              .containsKeys("f0", "o0", "f1", "o1", "paused");
        }
        nodesWithScopes += keys.isEmpty() ? 0 : 1;
      }
    }
    assertThat(nodesWithScopes).as("30 scopes over 3 masters").isEqualTo(3);
  }
}
