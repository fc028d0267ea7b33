package io.github.farolero.amocrm.store.file.harness;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * The records of the crash harness: the one of each version is known to both the writer and
 * the checker. Sizes vary (a few hundred bytes to a few KiB), so a torn file would show.
 */
public final class CrashRecords {

  public static final GrantKey KEY = GrantKey.of("crash.amocrm.ru");
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private CrashRecords() {}

  public static TokenRecord record(long version) {
    Instant issued = BASE.plusSeconds(version);
    return new TokenRecord(KEY,
        "crash-access-" + version + "-" + filler(version, 17),
        "crash-refresh-" + version + "-" + filler(version, 31),
        issued.plus(Duration.ofHours(24)),
        issued,
        KEY.domain(),
        version);
  }

  private static String filler(long version, int salt) {
    int length = (int) ((version * 7919 + salt * 104729) % 2500);
    StringBuilder b = new StringBuilder(length);
    long x = version * 31 + salt;
    for (int i = 0; i < length; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      b.append((char) ('a' + (int) ((x >>> 33) % 26)));
    }
    return b.toString();
  }
}
