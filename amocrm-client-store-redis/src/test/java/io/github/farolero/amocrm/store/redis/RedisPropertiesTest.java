package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import org.jspecify.annotations.Nullable;

/**
 * Rules that hold for all inputs: the compare-and-set script orders every pair of versions as
 * Java's {@code long} does (against the real server: a script comparing Lua numbers, which are
 * doubles, fails above 2^53), and the failure scrubber leaves no piece of a secret behind.
 */
class RedisPropertiesTest {

  private static @Nullable RedisTokenStore store;

  private static RedisTokenStore store() {
    if (store == null) {
      store = RedisTokenStore.builder(RedisServers.sharedUri())
          .keyPrefix("prop:" + UUID.randomUUID().toString().substring(0, 8) + ":").build();
    }
    return store;
  }

  @AfterContainer
  static void close() {
    if (store != null) {
      for (GrantKey k : store.keys()) {
        store.delete(k);
      }
      store.close();
      store = null;
    }
  }

  private static TokenRecord record(GrantKey key, long version) {
    Instant issued = Instant.parse("2026-03-01T10:15:30Z");
    return new TokenRecord(key, "access-" + UUID.randomUUID(), "refresh-" + UUID.randomUUID(),
        issued.plus(Duration.ofHours(24)), issued, key.domain(), version);
  }

  @Property(tries = 150)
  void aWriteWinsExactlyWhenItsVersionIsGreater(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long stored,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long attempted) {
    GrantKey key = GrantKey.of("p" + UUID.randomUUID().toString().substring(0, 8) + ".amocrm.ru");
    TokenRecord first = record(key, stored);
    store().write(first);
    TokenRecord second = record(key, attempted);
    if (attempted > stored) {
      store().write(second);
      assertThat(store().load(key)).contains(second);
    } else {
      assertThatThrownBy(() -> store().write(second))
          .isInstanceOfSatisfying(TokenVersionConflictException.class,
              e -> assertThat(e.storedVersion()).isEqualTo(stored));
      assertThat(store().load(key)).contains(first);
    }
    store().delete(key);
  }

  @Property(tries = 150)
  void versionsNearTwoToThe53AreOrderedExactly(
      @ForAll @LongRange(min = (1L << 53) - 4, max = (1L << 53) + 4) long stored,
      @ForAll @LongRange(min = (1L << 53) - 4, max = (1L << 53) + 4) long attempted) {
    aWriteWinsExactlyWhenItsVersionIsGreater(stored, attempted);
  }

  @Property(tries = 300)
  void scrubLeavesNoPieceOfASecret(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 4, max = 60) String secret,
      @ForAll @StringLength(max = 40) String before,
      @ForAll @StringLength(max = 40) String after,
      @ForAll @LongRange(min = 0, max = 60) long cutAt) {
    // A message echoes the secret whole, or a prefix of it (as clients shorten long values).
    int keep = secret.length() < 8 ? secret.length()
        : (int) Math.max(8, Math.min(secret.length(), cutAt));
    String echoed = secret.substring(0, keep);
    Assume.that(!(before + after).contains(secret.substring(0, Math.min(8, secret.length()))));
    String message = before + echoed + after + " and again " + secret;
    String scrubbed = RedisFailures.scrub(message, List.of(secret));
    assertThat(scrubbed).doesNotContain(echoed).contains("[secret]");
  }
}
