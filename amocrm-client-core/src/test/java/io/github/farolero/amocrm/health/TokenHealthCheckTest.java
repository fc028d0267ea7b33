package io.github.farolero.amocrm.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenHealthCheckTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final GrantKey KEY = GrantKey.of("example.amocrm.ru");

  private static TokenRecord pair(Duration age, Duration expiresIn, long version) {
    Instant issued = NOW.minus(age);
    return new TokenRecord(KEY, "access-" + version, "refresh-" + version, NOW.plus(expiresIn),
        issued, KEY.domain(), version);
  }

  private static TokenHealthCheck check(TokenStore store) {
    return TokenHealthCheck.builder(store).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  @Test
  void aFreshPairIsOkWithNoReasons() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.write(pair(Duration.ofHours(1), Duration.ofHours(23), 1));
    TokenHealth h = check(store).check(KEY);
    assertThat(h.state()).isEqualTo(HealthState.OK);
    assertThat(h.reasons()).isEmpty();
    assertThat(h.status()).isNotNull();
    assertThat(h.status().version()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
      "44, OK, ''",
      "45, WARN, refresh-token-aging",
      "74, WARN, refresh-token-aging",
      "75, CRITICAL, refresh-token-near-death",
      "89, CRITICAL, refresh-token-near-death",
      "90, CRITICAL, refresh-token-expired"})
  void theRefreshTokensAgeIsJudgedAtEachThreshold(int days, HealthState state, String code) {
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.write(pair(Duration.ofDays(days), Duration.ofHours(20), 1));
    TokenHealth h = check(store).check(KEY);
    assertThat(h.state()).isEqualTo(state);
    if (!code.isEmpty()) {
      assertThat(h.has(code)).as(h.reasons().toString()).isTrue();
    }
  }

  @Test
  void anExpiredAccessTokenIsWarnAndOneExpiringSoonIsOnlyNoted() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.write(pair(Duration.ofDays(1), Duration.ofSeconds(-1), 1));
    assertThat(check(store).check(KEY)).satisfies(h -> {
      assertThat(h.state()).isEqualTo(HealthState.WARN);
      assertThat(h.has(HealthReason.ACCESS_TOKEN_EXPIRED)).isTrue();
    });
    store.write(pair(Duration.ofHours(1), Duration.ofMinutes(5), 2));
    assertThat(check(store).check(KEY)).satisfies(h -> {
      assertThat(h.state()).isEqualTo(HealthState.OK);
      assertThat(h.has(HealthReason.ACCESS_TOKEN_EXPIRING)).isTrue();
    });
  }

  @Test
  void aLongLivedTokenIsWarnTwoWeeksBeforeItsEndAndCriticalAfter() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.write(new TokenRecord(KEY, "ll", null, NOW.plus(Duration.ofDays(13)),
        NOW.minus(Duration.ofDays(400)), KEY.domain(), 1));
    TokenHealth soon = check(store).check(KEY);
    assertThat(soon.state()).isEqualTo(HealthState.WARN);
    assertThat(soon.has(HealthReason.REFRESH_TOKEN_EXPIRED)).as("no refresh token to age")
        .isFalse();
    store.write(new TokenRecord(KEY, "ll2", null, NOW.minusSeconds(1),
        NOW.minus(Duration.ofDays(400)), KEY.domain(), 2));
    TokenHealth gone = check(store).check(KEY);
    assertThat(gone.state()).isEqualTo(HealthState.CRITICAL);
    assertThat(gone.has(HealthReason.LONG_LIVED_TOKEN_EXPIRED)).isTrue();
  }

  @Test
  void anUnknownIssueTimeIsNotedNotAged() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.write(new TokenRecord(KEY, "a", "r", NOW.plus(Duration.ofHours(5)), Instant.EPOCH,
        KEY.domain(), 1));
    TokenHealth h = check(store).check(KEY);
    assertThat(h.state()).isEqualTo(HealthState.OK);
    assertThat(h.has(HealthReason.ISSUE_TIME_UNKNOWN)).isTrue();
  }

  @Test
  void noTokensIsCriticalAndAStoreThatCannotBeReadIsUnknown() {
    assertThat(check(new InMemoryTokenStore()).check(KEY)).satisfies(h -> {
      assertThat(h.state()).isEqualTo(HealthState.CRITICAL);
      assertThat(h.has(HealthReason.NO_TOKENS)).isTrue();
    });
    Switchable down = new Switchable("db");
    down.down = true;
    assertThat(check(down).check(KEY)).satisfies(h -> {
      assertThat(h.state()).isEqualTo(HealthState.UNKNOWN);
      assertThat(h.has(HealthReason.STORE_UNREACHABLE)).isTrue();
      assertThat(h.status()).isNull();
    });
    StoreHealth all = check(down).checkAll();
    assertThat(all.state()).isEqualTo(HealthState.UNKNOWN);
    assertThat(all.reasons()).extracting(HealthReason::code)
        .containsExactly(HealthReason.STORE_UNREACHABLE);
  }

  @Test
  void aCompositeShowsAMemberDownAStaleMemberAndTheLockMemberDown() {
    Switchable file = new Switchable("file");
    Switchable db = new Switchable("db"); // the lock member: JVM scope, like the file; first wins
    CompositeTokenStore composite = CompositeTokenStore.of(db, file);
    TokenRecord r = pair(Duration.ofHours(2), Duration.ofHours(22), 3);
    db.write(r);
    file.write(new TokenRecord(KEY, "older", "older-r", NOW, NOW.minus(Duration.ofDays(2)),
        KEY.domain(), 2)); // an older pair: the next read through the composite repairs it

    TokenHealth stale = check(composite).check(KEY);
    assertThat(stale.state()).isEqualTo(HealthState.WARN);
    assertThat(stale.has(HealthReason.MEMBER_STALE)).isTrue();
    assertThat(stale.status().accessTokenFingerprint()).isEqualTo(r.accessTokenFingerprint());

    file.down = true;
    TokenHealth memberDown = check(composite).check(KEY);
    assertThat(memberDown.state()).isEqualTo(HealthState.WARN);
    assertThat(memberDown.has(HealthReason.MEMBER_UNREACHABLE)).isTrue();

    file.down = false;
    db.down = true;
    assertThat(composite.lockMember()).containsSame(db);
    TokenHealth lockDown = check(composite).check(KEY);
    assertThat(lockDown.state()).isEqualTo(HealthState.CRITICAL);
    assertThat(lockDown.has(HealthReason.LOCK_MEMBER_UNREACHABLE)).isTrue();
  }

  @Test
  void aCompositeWithAMemberDownStillListsItsGrantsFromTheOthers() {
    Switchable db = new Switchable("db");
    Switchable file = new Switchable("file");
    TokenRecord r = pair(Duration.ofHours(2), Duration.ofHours(22), 3);
    db.write(r);
    file.write(r);
    file.down = true;
    StoreHealth all = check(CompositeTokenStore.of(db, file)).checkAll();
    assertThat(all.state()).as(all.toString()).isEqualTo(HealthState.WARN);
    assertThat(all.grants()).singleElement().satisfies(
        g -> assertThat(g.has(HealthReason.MEMBER_UNREACHABLE)).isTrue());
    db.down = true;
    assertThat(check(CompositeTokenStore.of(db, file)).checkAll().state())
        .isEqualTo(HealthState.UNKNOWN);
  }

  @Test
  void inADeclaredSingleHostDeploymentTheLockMemberDownIsOnlyWarn() {
    Switchable db = new Switchable("db");
    Switchable file = new Switchable("file");
    TokenRecord r = pair(Duration.ofHours(2), Duration.ofHours(22), 3);
    db.write(r);
    file.write(r);
    db.down = true;
    CompositeTokenStore singleHost = CompositeTokenStore.builder().add(db).add(file)
        .singleHost(true).build();
    TokenHealth h = check(singleHost).check(KEY);
    assertThat(h.state()).isEqualTo(HealthState.WARN);
    assertThat(h.has(HealthReason.MEMBER_UNREACHABLE)).isTrue();
  }

  @Test
  void theStoresStateIsItsWorstGrantsAndGrantsComeInOrder() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    GrantKey b = GrantKey.of("b.amocrm.ru");
    GrantKey a = GrantKey.of("a.amocrm.ru");
    store.write(new TokenRecord(b, "ab", "rb", NOW.plus(Duration.ofHours(5)),
        NOW.minus(Duration.ofDays(80)), b.domain(), 1));
    store.write(new TokenRecord(a, "aa", "ra", NOW.plus(Duration.ofHours(5)),
        NOW.minus(Duration.ofDays(1)), a.domain(), 1));
    StoreHealth h = check(store).checkAll();
    assertThat(h.grants()).extracting(TokenHealth::key).containsExactly(a, b);
    assertThat(h.grants()).extracting(TokenHealth::state)
        .containsExactly(HealthState.OK, HealthState.CRITICAL);
    assertThat(h.state()).isEqualTo(HealthState.CRITICAL);
    assertThat(h.toString()).doesNotContain("ab").doesNotContain("rb");
  }

  @Test
  void statesCombineCriticalOverWarnOverUnknownOverOkAndMapToExitCodes() {
    assertThat(HealthState.OK.worst(HealthState.UNKNOWN)).isEqualTo(HealthState.UNKNOWN);
    assertThat(HealthState.UNKNOWN.worst(HealthState.WARN)).isEqualTo(HealthState.WARN);
    assertThat(HealthState.CRITICAL.worst(HealthState.WARN)).isEqualTo(HealthState.CRITICAL);
    assertThat(List.of(HealthState.values())).extracting(HealthState::exitCode)
        .containsExactly(0, 1, 2, 3);
  }

  /** A store that can be switched down, with the lock of an in-memory store. */
  static final class Switchable implements TokenStore {
    final InMemoryTokenStore inner = new InMemoryTokenStore();
    final String name;
    volatile boolean down;

    Switchable(String name) {
      this.name = name;
    }

    private void check() {
      if (down) {
        throw new TokenStoreException(name + " is down");
      }
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      check();
      return inner.load(key);
    }

    @Override
    public void write(TokenRecord record) {
      check();
      inner.write(record);
    }

    @Override
    public boolean delete(GrantKey key) {
      check();
      return inner.delete(key);
    }

    @Override
    public List<GrantKey> keys() {
      check();
      return inner.keys();
    }

    @Override
    public StoreInfo info() {
      return new StoreInfo(name, true, true);
    }

    @Override
    public Optional<GrantLocker> locker() {
      return inner.locker();
    }
  }
}
