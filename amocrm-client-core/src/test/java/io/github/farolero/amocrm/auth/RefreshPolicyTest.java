package io.github.farolero.amocrm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.auth.RefreshPolicy.Phase;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.support.Generators;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RefreshPolicyTest {

  private static final GrantKey KEY = GrantKey.of("example.amocrm.ru");
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(1));
  private static final Duration NS = Duration.ofNanos(1);

  private final RefreshPolicy policy = RefreshPolicy.defaults();

  private static TokenRecord record(Instant issuedAt, Instant expiresAt) {
    return new TokenRecord(KEY, "access", "refresh", expiresAt, issuedAt, KEY.domain(), 1);
  }

  private static TokenRecord longLived(Instant issuedAt, Instant expiresAt) {
    return new TokenRecord(KEY, "access", null, expiresAt, issuedAt, KEY.domain(), 1);
  }

  @Test
  void defaults() {
    assertThat(policy.advisoryWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.mandatoryWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.keepAliveAge()).isEqualTo(Duration.ofDays(30));
    assertThat(policy.lockWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.lockLease()).isEqualTo(Duration.ofMinutes(2));
    assertThat(policy.saveAttempts()).isEqualTo(3);
  }

  @Test
  void windowBoundariesAreExactToTheNanosecond() {
    TokenRecord r = record(ISSUED, EXPIRES);
    Instant advisory = EXPIRES.minus(Duration.ofMinutes(5));
    Instant mandatory = EXPIRES.minus(Duration.ofSeconds(60));

    assertThat(policy.phaseOf(r, ISSUED)).isEqualTo(Phase.FRESH);
    assertThat(policy.phaseOf(r, advisory.minus(NS))).isEqualTo(Phase.FRESH);
    assertThat(policy.phaseOf(r, advisory)).isEqualTo(Phase.ADVISORY);
    assertThat(policy.phaseOf(r, mandatory.minus(NS))).isEqualTo(Phase.ADVISORY);
    assertThat(policy.phaseOf(r, mandatory)).isEqualTo(Phase.MANDATORY);
    assertThat(policy.phaseOf(r, EXPIRES.minus(NS))).isEqualTo(Phase.MANDATORY);
    assertThat(policy.phaseOf(r, EXPIRES)).isEqualTo(Phase.EXPIRED);
    assertThat(policy.phaseOf(r, EXPIRES.plus(Duration.ofDays(400)))).isEqualTo(Phase.EXPIRED);
  }

  @Test
  void aClockBehindTheIssueTimeSeesAFreshToken() {
    // Negative skew: "now" before issuedAt must not look expired or due.
    TokenRecord r = record(ISSUED, EXPIRES);
    assertThat(policy.phaseOf(r, ISSUED.minus(Duration.ofHours(3)))).isEqualTo(Phase.FRESH);
  }

  @Test
  void keepAliveAgeBoundary() {
    // A long-lived-ish access token (expiry far away) whose pair is old: refreshed to keep the
    // 3-month refresh token alive.
    Instant farExpiry = ISSUED.plus(Duration.ofDays(365));
    TokenRecord r = record(ISSUED, farExpiry);
    Instant keepAlive = ISSUED.plus(Duration.ofDays(30));
    assertThat(policy.phaseOf(r, keepAlive.minus(NS))).isEqualTo(Phase.FRESH);
    assertThat(policy.phaseOf(r, keepAlive)).isEqualTo(Phase.ADVISORY);
    assertThat(policy.phaseOf(r, farExpiry.minus(Duration.ofSeconds(60)))).isEqualTo(
        Phase.MANDATORY);
  }

  /**
   * EPOCH marks an unknown issue time (an env seed without a usable iat): the keep-alive age does
   * not apply, so such a seed is not refreshed on first use; the expiry windows still do.
   */
  @Test
  void anUnknownIssueTimeSkipsTheKeepAliveAgeButNotTheWindows() {
    Instant now = Instant.parse("2026-03-05T06:00:00Z");
    Instant farExpiry = now.plus(Duration.ofDays(300));
    assertThat(policy.phaseOf(record(Instant.EPOCH, farExpiry), now)).isEqualTo(Phase.FRESH);
    // The same record with a known issue time 31 days ago is due for keep-alive.
    assertThat(policy.phaseOf(record(now.minus(Duration.ofDays(31)), farExpiry), now))
        .isEqualTo(Phase.ADVISORY);
    // An epoch one nanosecond off is a real (ancient) issue time.
    assertThat(policy.phaseOf(record(Instant.EPOCH.plus(NS), farExpiry), now))
        .isEqualTo(Phase.ADVISORY);
    TokenRecord unknown = record(Instant.EPOCH, EXPIRES);
    assertThat(policy.phaseOf(unknown, EXPIRES.minus(Duration.ofMinutes(5)).minus(NS)))
        .isEqualTo(Phase.FRESH);
    assertThat(policy.phaseOf(unknown, EXPIRES.minus(Duration.ofMinutes(5))))
        .isEqualTo(Phase.ADVISORY);
    assertThat(policy.phaseOf(unknown, EXPIRES.minus(Duration.ofSeconds(60))))
        .isEqualTo(Phase.MANDATORY);
    assertThat(policy.phaseOf(unknown, EXPIRES)).isEqualTo(Phase.EXPIRED);
  }

  @Test
  void customKeepAliveAge() {
    RefreshPolicy p = RefreshPolicy.builder().keepAliveAge(Duration.ofHours(1)).build();
    TokenRecord r = record(ISSUED, EXPIRES);
    assertThat(p.phaseOf(r, ISSUED.plus(Duration.ofHours(1)).minus(NS))).isEqualTo(Phase.FRESH);
    assertThat(p.phaseOf(r, ISSUED.plus(Duration.ofHours(1)))).isEqualTo(Phase.ADVISORY);
  }

  @Test
  void longLivedTokensAreFreshUntilTheyExpire() {
    TokenRecord r = longLived(ISSUED, EXPIRES);
    assertThat(policy.phaseOf(r, EXPIRES.minus(Duration.ofSeconds(1)))).isEqualTo(Phase.FRESH);
    assertThat(policy.phaseOf(r, EXPIRES.minus(NS))).isEqualTo(Phase.FRESH);
    assertThat(policy.phaseOf(r, ISSUED.plus(Duration.ofDays(300)))).isEqualTo(Phase.EXPIRED);
    assertThat(policy.phaseOf(r, EXPIRES)).isEqualTo(Phase.EXPIRED);
    TokenRecord old = longLived(ISSUED, ISSUED.plus(Duration.ofDays(1000)));
    assertThat(policy.phaseOf(old, ISSUED.plus(Duration.ofDays(100)))).isEqualTo(Phase.FRESH);
  }

  @Test
  void zeroWindowsMeanRefreshOnlyOnExpiry() {
    RefreshPolicy p = RefreshPolicy.builder().advisoryWindow(Duration.ZERO)
        .mandatoryWindow(Duration.ZERO).build();
    TokenRecord r = record(ISSUED, EXPIRES);
    assertThat(p.phaseOf(r, EXPIRES.minus(NS))).isEqualTo(Phase.FRESH);
    assertThat(p.phaseOf(r, EXPIRES)).isEqualTo(Phase.EXPIRED);
  }

  @Test
  void equalWindowsSkipAdvisory() {
    RefreshPolicy p = RefreshPolicy.builder().advisoryWindow(Duration.ofMinutes(2))
        .mandatoryWindow(Duration.ofMinutes(2)).build();
    TokenRecord r = record(ISSUED, EXPIRES);
    Instant start = EXPIRES.minus(Duration.ofMinutes(2));
    assertThat(p.phaseOf(r, start.minus(NS))).isEqualTo(Phase.FRESH);
    assertThat(p.phaseOf(r, start)).isEqualTo(Phase.MANDATORY);
  }

  @Test
  void builderRefusesAnAdvisoryWindowShorterThanTheMandatoryOne() {
    RefreshPolicy.Builder b = RefreshPolicy.builder().advisoryWindow(Duration.ofSeconds(30));
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("advisoryWindow").hasMessageContaining("mandatoryWindow");
    assertThatThrownBy(() -> RefreshPolicy.builder().mandatoryWindow(Duration.ofMinutes(6)).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRefusesNegativeWindowsAndNonPositiveDurations() {
    Duration minus = Duration.ofSeconds(-1);
    assertThatThrownBy(() -> RefreshPolicy.builder().advisoryWindow(minus))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advisoryWindow");
    assertThatThrownBy(() -> RefreshPolicy.builder().mandatoryWindow(minus))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mandatoryWindow");
    for (Duration d : new Duration[] {Duration.ZERO, minus}) {
      assertThatThrownBy(() -> RefreshPolicy.builder().keepAliveAge(d))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepAliveAge");
      assertThatThrownBy(() -> RefreshPolicy.builder().lockWait(d))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockWait");
      assertThatThrownBy(() -> RefreshPolicy.builder().lockLease(d))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockLease");
    }
    assertThatThrownBy(() -> RefreshPolicy.builder().saveAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saveAttempts");
    assertThatNullPointerException().isThrownBy(() -> RefreshPolicy.builder().lockWait(null))
        .withMessage("lockWait == null");
    assertThatNullPointerException().isThrownBy(() -> policy.phaseOf(null, ISSUED))
        .withMessage("record == null");
    assertThatNullPointerException()
        .isThrownBy(() -> policy.phaseOf(record(ISSUED, EXPIRES), null))
        .withMessage("now == null");
  }

  @Test
  void newBuilderCopiesEveryValue() {
    RefreshPolicy p = RefreshPolicy.builder().advisoryWindow(Duration.ofMinutes(10))
        .mandatoryWindow(Duration.ofMinutes(1)).keepAliveAge(Duration.ofDays(7))
        .lockWait(Duration.ofSeconds(3)).lockLease(Duration.ofSeconds(40)).saveAttempts(5)
        .build();
    RefreshPolicy copy = p.newBuilder().build();
    assertThat(copy.toString()).isEqualTo(p.toString());
    assertThat(copy.advisoryWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(copy.keepAliveAge()).isEqualTo(Duration.ofDays(7));
    assertThat(copy.lockLease()).isEqualTo(Duration.ofSeconds(40));
    assertThat(copy.saveAttempts()).isEqualTo(5);
    // The copy's builder does not change the original.
    p.newBuilder().saveAttempts(9).build();
    assertThat(p.saveAttempts()).isEqualTo(5);
  }

  @Test
  void hugeDurationsDoNotBreakPhaseOf() {
    RefreshPolicy noKeepAlive = RefreshPolicy.builder()
        .keepAliveAge(ChronoUnit.FOREVER.getDuration()).build();
    assertThat(noKeepAlive.phaseOf(record(ISSUED, EXPIRES), ISSUED)).isEqualTo(Phase.FRESH);
    RefreshPolicy hugeWindows = RefreshPolicy.builder()
        .advisoryWindow(ChronoUnit.FOREVER.getDuration())
        .mandatoryWindow(Duration.ofSeconds(60)).build();
    assertThat(hugeWindows.phaseOf(record(ISSUED, EXPIRES), ISSUED)).isEqualTo(Phase.ADVISORY);
  }

  /** A phase never goes back as time moves forward. */
  @Property(tries = 400)
  void phaseIsMonotoneInTime(@ForAll("policies") RefreshPolicy p,
      @ForAll("records") TokenRecord r, @ForAll("offsets") long a, @ForAll("offsets") long b) {
    Instant t1 = r.expiresAt().plusNanos(Math.min(a, b));
    Instant t2 = r.expiresAt().plusNanos(Math.max(a, b));
    Phase earlier = p.phaseOf(r, t1);
    Phase later = p.phaseOf(r, t2);
    assertThat(later.compareTo(earlier)).as("%s at %s, then %s at %s", earlier, t1, later, t2)
        .isGreaterThanOrEqualTo(0);
  }

  /** The phase agrees with the definitions, whatever the policy, record and instant. */
  @Property(tries = 400)
  void phaseMatchesTheDefinition(@ForAll("policies") RefreshPolicy p,
      @ForAll("records") TokenRecord r, @ForAll("offsets") long offset) {
    Instant now = r.expiresAt().plusNanos(offset);
    Duration left = Duration.between(now, r.expiresAt());
    Phase expected;
    if (left.isNegative() || left.isZero()) {
      expected = Phase.EXPIRED;
    } else if (r.isLongLived()) {
      expected = Phase.FRESH;
    } else if (left.compareTo(p.mandatoryWindow()) <= 0) {
      expected = Phase.MANDATORY;
    } else if (left.compareTo(p.advisoryWindow()) <= 0
        || (!r.issuedAt().equals(Instant.EPOCH)
            && Duration.between(r.issuedAt(), now).compareTo(p.keepAliveAge()) >= 0)) {
      expected = Phase.ADVISORY;
    } else {
      expected = Phase.FRESH;
    }
    assertThat(p.phaseOf(r, now)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<RefreshPolicy> policies() {
    Arbitrary<Long> mandatorySeconds = Arbitraries.longs().between(0, 3_600);
    Arbitrary<Long> extraSeconds = Arbitraries.longs().between(0, 7_200);
    Arbitrary<Long> keepAliveSeconds = Arbitraries.longs().between(1, 90L * 86_400);
    return Combinators.combine(mandatorySeconds, extraSeconds, keepAliveSeconds)
        .as((m, extra, k) -> RefreshPolicy.builder()
            .mandatoryWindow(Duration.ofSeconds(m))
            .advisoryWindow(Duration.ofSeconds(m + extra))
            .keepAliveAge(Duration.ofSeconds(k))
            .build());
  }

  @Provide
  Arbitrary<TokenRecord> records() {
    Arbitrary<Long> lifetimeSeconds = Arbitraries.longs().between(0, 400L * 86_400);
    // EPOCH now and then: the "issue time unknown" marker, which skips the keep-alive age.
    Arbitrary<Instant> issuedAt = Arbitraries.oneOf(Generators.instant(), Generators.instant(),
        Generators.instant(), Arbitraries.just(Instant.EPOCH));
    return Combinators.combine(issuedAt, lifetimeSeconds,
            Arbitraries.of(true, false))
        .as((issued, life, longLived) -> longLived
            ? longLived(issued, issued.plusSeconds(life))
            : record(issued, issued.plusSeconds(life)));
  }

  @Provide
  Arbitrary<Long> offsets() {
    // Around the expiry: from 200 days before to a day after, nanosecond-grained at the edges.
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-200L * 86_400 * 1_000_000_000L, 86_400L * 1_000_000_000L),
        Arbitraries.longs().between(-5_000_000_000L, 5_000_000_000L));
  }
}
