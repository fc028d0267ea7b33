package io.github.farolero.amocrm.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The keeper's schedule, over a fake clock and sessions that refresh by writing a new pair. */
class TokenKeeperTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A clock the test moves. */
  static final class StepClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  /** A session whose refresh writes a new pair issued now, and counts. */
  static final class FakeSession implements TokenSession {
    final GrantKey key;
    final InMemoryTokenStore store;
    final Clock clock;
    final Map<GrantKey, AtomicInteger> refreshes;

    FakeSession(GrantKey key, InMemoryTokenStore store, Clock clock,
        Map<GrantKey, AtomicInteger> refreshes) {
      this.key = key;
      this.store = store;
      this.clock = clock;
      this.refreshes = refreshes;
    }

    @Override
    public GrantKey key() {
      return key;
    }

    @Override
    public Optional<TokenStatus> status() {
      return store.load(key).map(TokenStatus::of);
    }

    @Override
    public TokenStatus authorize(String code) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TokenStatus authorize(AuthorizationCallback callback) {
      throw new UnsupportedOperationException();
    }

    @Override
    public TokenStatus refresh() {
      TokenRecord old = store.load(key).orElseThrow();
      Instant now = clock.instant();
      TokenRecord next = new TokenRecord(key, "a" + now, "r" + now, now.plus(Duration.ofDays(1)),
          now, key.domain(), old.version() + 1);
      store.write(next);
      refreshes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return TokenStatus.of(next);
    }

    @Override
    public TokenStatus useLongLivedToken(String token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean needsReauthorization() {
      return false;
    }

    @Override
    public Optional<AmoCrmException> lastRefreshFailure() {
      return Optional.empty();
    }
  }

  @Test
  void aThousandIdleGrantsAreEachRefreshedOncePerKeepAliveAgeNeverMore() {
    StepClock clock = new StepClock();
    InMemoryTokenStore store = new InMemoryTokenStore();
    Map<GrantKey, AtomicInteger> refreshes = new ConcurrentHashMap<>();
    List<GrantKey> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      GrantKey key = GrantKey.of("account" + i + ".amocrm.ru");
      keys.add(key);
      store.write(new TokenRecord(key, "a", "r", T0.plus(Duration.ofDays(1)), T0, key.domain(),
          1));
    }
    TokenKeeper keeper = TokenKeeper.builder(store,
        key -> new FakeSession(key, store, clock, refreshes)).clock(clock).build();

    List<Integer> refreshedPerDay = new ArrayList<>();
    for (int day = 0; day <= 90; day++) {
      clock.now.set(T0.plus(Duration.ofDays(day)));
      TokenKeeper.Run run = keeper.runOnce();
      assertThat(run.failed()).isEmpty();
      refreshedPerDay.add(run.refreshed().size());
      for (GrantKey key : keys) {
        TokenRecord r = store.load(key).orElseThrow();
        assertThat(Duration.between(r.issuedAt(), clock.instant()))
            .as("no pair is left older than the keep-alive age").isLessThan(Duration.ofDays(30));
      }
    }
    // Day 0 to 90: every grant is refreshed three times (first between day 28 and 30), so none
    // ever gets near the 90-day death, and none more often than the keep-alive age allows.
    assertThat(refreshes).hasSize(1000);
    assertThat(refreshes.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(3));
    assertThat(refreshedPerDay.subList(0, 27)).containsOnly(0);
    assertThat(refreshedPerDay.subList(27, 31).stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(1000);
    assertThat(refreshedPerDay.subList(28, 31)).as("the jitter spreads the first refreshes")
        .allSatisfy(n -> assertThat(n).isPositive());
  }

  @Test
  void longLivedTokensAreNeverDueAndUnknownAgesAre() {
    StepClock clock = new StepClock();
    TokenKeeper keeper = TokenKeeper.builder(new InMemoryTokenStore(), key -> {
      throw new AssertionError();
    }).clock(clock).jitter(0).build();
    GrantKey key = GrantKey.of("x.amocrm.ru");
    TokenRecord longLived = new TokenRecord(key, "ll", null, T0.plus(Duration.ofDays(900)),
        T0.minus(Duration.ofDays(400)), key.domain(), 1);
    TokenRecord seed = new TokenRecord(key, "a", "r", T0.plus(Duration.ofHours(20)),
        Instant.EPOCH, key.domain(), 0);
    TokenRecord young = new TokenRecord(key, "a", "r", T0.plus(Duration.ofHours(20)),
        T0.minus(Duration.ofDays(30)).plusSeconds(1), key.domain(), 1);
    assertThat(keeper.isDue(longLived, T0)).isFalse();
    assertThat(keeper.isDue(seed, T0)).isTrue();
    assertThat(keeper.isDue(young, T0)).isFalse();
    assertThat(keeper.isDue(young, T0.plusSeconds(1))).isTrue();
  }

  @Test
  void aFailedRefreshIsReportedAndTheOthersStillRun() {
    StepClock clock = new StepClock();
    InMemoryTokenStore store = new InMemoryTokenStore();
    Map<GrantKey, AtomicInteger> refreshes = new ConcurrentHashMap<>();
    GrantKey bad = GrantKey.of("bad.amocrm.ru");
    GrantKey good = GrantKey.of("good.amocrm.ru");
    for (GrantKey key : List.of(bad, good)) {
      store.write(new TokenRecord(key, "a", "r", T0, T0.minus(Duration.ofDays(40)), key.domain(),
          1));
    }
    List<GrantKey> told = new ArrayList<>();
    TokenKeeper keeper = TokenKeeper.builder(store, key -> {
      if (key.equals(bad)) {
        throw new TokenStoreException("the lock of bad.amocrm.ru is held elsewhere");
      }
      return new FakeSession(key, store, clock, refreshes);
    }).clock(clock).listener(new io.github.farolero.amocrm.auth.TokenListener() {
      @Override
      public void onRefreshFailed(GrantKey key, AmoCrmException error) {
        told.add(key);
      }
    }).build();

    TokenKeeper.Run run = keeper.runOnce();

    assertThat(run.refreshed()).containsExactly(good);
    assertThat(run.failed()).containsOnlyKeys(bad);
    assertThat(told).containsExactly(bad);
  }

  @Test
  void aClosedKeeperRunsNoMoreAndCannotStart() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    GrantKey key = GrantKey.of("x.amocrm.ru");
    store.write(new TokenRecord(key, "a", "r", T0, T0.minus(Duration.ofDays(40)), key.domain(),
        1));
    AtomicInteger sessions = new AtomicInteger();
    TokenKeeper keeper = TokenKeeper.builder(store, k -> {
      sessions.incrementAndGet();
      throw new AssertionError("no refresh after close");
    }).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    keeper.close();
    assertThat(keeper.runOnce().refreshed()).isEmpty();
    assertThat(sessions).hasValue(0);
    assertThatThrownBy(keeper::start).isInstanceOf(IllegalStateException.class);
  }
}
