package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.health.HealthReason;
import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.health.TokenHealth;
import io.github.farolero.amocrm.health.TokenHealthCheck;
import io.github.farolero.amocrm.health.TokenKeeper;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The keeper and the health check against the mock amoCRM: an idle app's grant is refreshed once
 * per keep-alive age, by one of two keepers sharing its store (the store's lock), never more; the
 * health check sees it age and sees it revoked.
 */
class TokenKeeperEndToEndTest {

  @Test
  void twoKeepersOfAnIdleGrantRefreshItOncePerKeepAliveAge() {
    try (Fixture f = new Fixture(Duration.ofDays(365))) { // long access tokens: only age counts
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient a = f.client(store);
      AmoCrmClient b = f.client(store); // another instance of the app
      a.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord first = store.load(f.amo.grantKey()).orElseThrow();
      TokenKeeper keeperA = TokenKeeper.builder(store, key -> a.tokens()).clock(f.clock)
          .jitter(0).build();
      TokenKeeper keeperB = TokenKeeper.builder(store, key -> b.tokens()).clock(f.clock)
          .jitter(0).build();

      f.clock.set(first.issuedAt().plus(Duration.ofDays(30)).minusSeconds(1));
      assertThat(keeperA.runOnce().refreshed()).isEmpty();
      assertThat(keeperB.runOnce().refreshed()).isEmpty();
      assertThat(f.amo.refreshCalls()).isZero();

      f.clock.set(first.issuedAt().plus(Duration.ofDays(30)));
      assertThat(keeperA.runOnce().refreshed()).containsExactly(f.amo.grantKey());
      assertThat(keeperB.runOnce().refreshed()).as("not due any more: A refreshed it").isEmpty();
      assertThat(f.amo.refreshCalls()).isEqualTo(1);

      for (int day = 31; day < 60; day++) {
        f.clock.set(first.issuedAt().plus(Duration.ofDays(day)));
        keeperA.runOnce();
        keeperB.runOnce();
      }
      assertThat(f.amo.refreshCalls()).as("nothing more within the next 30 days").isEqualTo(1);
      f.clock.set(first.issuedAt().plus(Duration.ofDays(60)));
      keeperB.runOnce();
      keeperA.runOnce();
      assertThat(f.amo.refreshCalls()).isEqualTo(2);
      assertThat(f.amo.revokedRefreshes()).isZero();
      assertThat(f.amo.isRefreshTokenLive(store.load(f.amo.grantKey()).orElseThrow()
          .refreshToken())).isTrue();
    }
  }

  @Test
  void theHealthCheckSeesAnAgingGrantAndAVerifiedRevocation() {
    try (Fixture f = new Fixture(Duration.ofDays(365))) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();
      TokenHealthCheck check = TokenHealthCheck.builder(store).clock(f.clock).build();

      assertThat(check.verify(client).state()).isEqualTo(HealthState.OK);
      f.clock.set(r.issuedAt().plus(Duration.ofDays(50)));
      assertThat(check.checkAll().state()).isEqualTo(HealthState.WARN);

      f.amo.revokeAllTokens(); // the integration was uninstalled
      f.clock.set(r.expiresAt().plusSeconds(1)); // the next call must refresh, and is refused
      TokenHealth verified = check.verify(client);
      assertThat(verified.state()).isEqualTo(HealthState.CRITICAL);
      assertThat(verified.has(HealthReason.REAUTHORIZATION_REQUIRED)).isTrue();
      assertThat(check.check(client.tokens()).state()).isEqualTo(HealthState.CRITICAL);
    }
  }
}
