package io.github.farolero.amocrm.store.file.harness;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Runs one store operation in a child JVM, for conditions the test JVM cannot have: fewer
 * capabilities (root without DAC override), a file-size limit. Prints {@code OK ...} or {@code
 * ERR <exception class> <message>}.
 *
 * <p>Args: directory, then {@code load}, {@code keys}, {@code write <version> <token bytes>}, or
 * {@code writes <first version> <last version> <token bytes>} (each version in turn, one store).
 */
public final class StoreProbeMain {

  public static final GrantKey KEY = GrantKey.of("probe.amocrm.ru");

  public static TokenRecord record(long version, int tokenBytes) {
    Instant issued = Instant.parse("2026-02-01T00:00:00Z").plusSeconds(version);
    return new TokenRecord(KEY, "PROBE-access-" + version + "-" + "a".repeat(tokenBytes),
        "PROBE-refresh-" + version, issued.plusSeconds(86400), issued, KEY.domain(), version);
  }

  public static void main(String[] args) {
    FileTokenStore store = FileTokenStore.of(Path.of(args[0]));
    try {
      switch (args[1]) {
        case "load" -> System.out.println("OK " + store.load(KEY).map(r -> "version "
            + r.version()).orElse("absent"));
        case "keys" -> System.out.println("OK " + store.keys());
        case "write" -> {
          store.write(record(Long.parseLong(args[2]), Integer.parseInt(args[3])));
          System.out.println("OK written");
        }
        case "writes" -> {
          for (long v = Long.parseLong(args[2]); v <= Long.parseLong(args[3]); v++) {
            store.write(record(v, Integer.parseInt(args[4])));
          }
          System.out.println("OK written");
        }
        default -> System.out.println("ERR unknown-op " + args[1]);
      }
    } catch (RuntimeException e) {
      System.out.println("ERR " + e.getClass().getSimpleName() + " "
          + String.valueOf(e.getMessage()).replace('\n', ' '));
    }
    System.out.flush();
    System.exit(0);
  }
}
