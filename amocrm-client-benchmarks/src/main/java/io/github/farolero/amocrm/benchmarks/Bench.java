package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.RateLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** What every benchmark shares: where files go, the "very high" rate limit, test tokens. */
final class Bench {

  /**
   * The limit of the clients measured: the limiter stays on (it is on every request's path), but
   * never makes a request wait.
   */
  static final RateLimit UNLIMITED = RateLimit.perSecond(1_000_000);

  /** The account every fixture talks to. */
  static final String DOMAIN = "example.amocrm.ru";

  private Bench() {}

  /**
   * The directory for token files and the embedded PostgreSQL's data: {@code -Damocrm.bench.dir},
   * default {@code target/bench-data} under the working directory. It must be on a real disk
   * (not tmpfs): the save figures are about fsync.
   */
  static Path dataDir() {
    Path dir = Path.of(System.getProperty("amocrm.bench.dir", "target/bench-data"))
        .toAbsolutePath().normalize();
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** A fresh directory under {@link #dataDir()} that nobody else uses. */
  static Path freshDir(String prefix) {
    try {
      return Files.createTempDirectory(dataDir(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client id of its own, so that no two fixtures share a rate limiter lane in one JVM. */
  static String clientId() {
    return UUID.randomUUID().toString();
  }

  /** A long-lived token: an unsigned JWT whose {@code exp} is {@code expiresAt}. */
  static String longLivedJwt(Instant expiresAt) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"
        .getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"aud\":\"" + UUID.randomUUID() + "\",\"jti\":\""
        + UUID.randomUUID() + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
        + expiresAt.getEpochSecond() + ",\"sub\":\"1\",\"account_id\":31000001}")
        .getBytes(StandardCharsets.UTF_8));
    String signature = b64.encodeToString(UUID.randomUUID().toString()
        .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + signature;
  }

  /** Deletes a directory tree, best effort (a benchmark's leftovers). */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
