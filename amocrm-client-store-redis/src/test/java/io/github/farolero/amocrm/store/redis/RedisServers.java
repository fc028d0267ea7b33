package io.github.farolero.amocrm.store.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Redis servers tests use: the shared one {@code src/test/scripts/start-redis.sh} started (CI
 * runs it), and private ones a test starts, stops and starts again from the same
 * {@code redis-server} binary. Without either, the test is skipped with a message saying how to
 * get one.
 */
final class RedisServers {

  private static final String HOW = "run amocrm-client-store-redis/src/test/scripts/start-redis.sh"
      + " (or set AMOCRM_TEST_REDIS_URI) to run the Redis tests";

  private RedisServers() {}

  /** Returns the shared server's URI, or skips the test. */
  static String sharedUri() {
    String uri = System.getenv("AMOCRM_TEST_REDIS_URI");
    if (uri == null) {
      uri = properties().getProperty("uri");
    }
    assumeTrue(uri != null && answers(uri), "no Redis server: " + HOW);
    return uri;
  }

  /** Returns the redis-server binary, or skips the test. */
  static Path serverBinary() {
    String fromProps = properties().getProperty("server");
    List<Path> candidates = new ArrayList<>();
    if (System.getenv("AMOCRM_TEST_REDIS_SERVER") != null) {
      candidates.add(Path.of(System.getenv("AMOCRM_TEST_REDIS_SERVER")));
    }
    if (fromProps != null) {
      candidates.add(Path.of(fromProps));
    }
    candidates.add(Path.of("/usr/bin/redis-server"));
    candidates.add(Path.of("/usr/local/bin/redis-server"));
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    assumeTrue(false, "no redis-server binary: " + HOW);
    throw new AssertionError("unreachable");
  }

  private static Properties properties() {
    Properties p = new Properties();
    String dir = System.getenv().getOrDefault("AMOCRM_TEST_REDIS_DIR", "/tmp/amocrm-test-redis");
    Path file = Path.of(dir, "redis.properties");
    if (Files.isReadable(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  private static boolean answers(String uri) {
    java.net.URI u = java.net.URI.create(uri);
    try (Socket s = new Socket(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort())) {
      s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] buf = new byte[7];
      return s.getInputStream().read(buf) > 0 && buf[0] == '+';
    } catch (IOException e) {
      return false;
    }
  }

  /** A redis-server of a test's own, on a free loopback port; stop and start it at will. */
  static final class Private implements AutoCloseable {
    private final Path binary;
    private final int port;
    private @Nullable Process process;

    Private() {
      this.binary = serverBinary();
      try (ServerSocket s = new ServerSocket(0)) {
        this.port = s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Returns {@code redis://127.0.0.1:port}. */
    String uri() {
      return "redis://127.0.0.1:" + port;
    }

    int port() {
      return port;
    }

    /** Starts the server (with no data: nothing is saved) and waits until it answers. */
    Private start() throws IOException, InterruptedException {
      process = new ProcessBuilder(binary.toString(), "--bind", "127.0.0.1", "--port",
          Integer.toString(port), "--save", "", "--appendonly", "no", "--protected-mode", "yes")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      for (int i = 0; i < 200; i++) {
        if (answers(uri())) {
          return this;
        }
        Thread.sleep(25);
      }
      throw new IllegalStateException("redis-server on port " + port + " did not come up");
    }

    /** Stops the server (SIGKILL: nothing is saved anyway) and waits until it has exited. */
    void stop() throws InterruptedException {
      Process p = process;
      if (p != null) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        process = null;
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }
}
