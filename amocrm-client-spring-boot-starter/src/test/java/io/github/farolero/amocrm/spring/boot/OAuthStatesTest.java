package io.github.farolero.amocrm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The signed OAuth state: accepted within its time to live by any instance sharing the secret. */
class OAuthStatesTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse(
      "2026-12-01T10:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @Test
  void aStateIsAcceptedUntilItsTimeToLiveThenRefused() {
    OAuthStates states = new OAuthStates("secret", Duration.ofMinutes(30), clock);
    String state = states.issue();
    assertThat(states.verify(state)).isTrue();
    now.set(now.get().plus(Duration.ofMinutes(30)));
    assertThat(states.verify(state)).isTrue();
    now.set(now.get().plusSeconds(1));
    assertThat(states.verify(state)).isFalse();
  }

  @Test
  void anotherInstanceWithTheSameSecretAcceptsItOneWithAnotherDoesNot() {
    String state = new OAuthStates("secret", Duration.ofMinutes(30), clock).issue();
    assertThat(new OAuthStates("secret", Duration.ofMinutes(30), clock).verify(state)).isTrue();
    assertThat(new OAuthStates("other", Duration.ofMinutes(30), clock).verify(state)).isFalse();
  }

  @Test
  void statesAreNeverTheSameAndCarryNoSecret() {
    OAuthStates states = new OAuthStates("secret-abcdef", Duration.ofMinutes(30), clock);
    String a = states.issue();
    String b = states.issue();
    assertThat(a).isNotEqualTo(b).doesNotContain("secret");
  }

  @Test
  void missingAndMalformedStatesAreRefused() {
    OAuthStates states = new OAuthStates("secret", Duration.ofMinutes(30), clock);
    assertThat(states.verify(null)).isFalse();
    assertThat(states.verify("")).isFalse();
    assertThat(states.verify("no-dot")).isFalse();
    assertThat(states.verify("!!!.???")).isFalse();
  }

  @Property(tries = 200)
  void anyChangeToAStateIsRefused(@ForAll int position, @ForAll char replacement) {
    OAuthStates states = new OAuthStates("secret", Duration.ofMinutes(30), Clock.systemUTC());
    String state = states.issue();
    int i = Math.floorMod(position, state.length());
    if (state.charAt(i) == replacement) {
      return;
    }
    String changed = state.substring(0, i) + replacement + state.substring(i + 1);
    assertThat(states.verify(changed)).isFalse();
  }
}
