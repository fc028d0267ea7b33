package io.github.farolero.amocrm.store.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Must-show: a fresh env seed costs no refresh. Before, every seed counted as issued at the epoch,
 * so the keep-alive rule (a pair older than 30 days is refreshed) fired on first use and every
 * start of the app spent a refresh (and, with the env store alone, could not even save it).
 */
class EnvSeedRefreshTest {

  @Test
  void envSeedOneWorkerNoExpiryZeroRefreshes() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-05T06:00:00Z"));
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
      IssuedTokens issued = amo.issueTokens(); // a JWT access token with iat = the clock's now
      EnvTokenStore env = EnvTokenStore.builder()
          .environment(Map.of(
              "AMOCRM_DOMAIN", amo.accountDomain(),
              "AMOCRM_ACCESS_TOKEN", issued.accessToken(),
              "AMOCRM_REFRESH_TOKEN", issued.refreshToken()))
          .clock(clock)
          .build();
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain())
          .baseUrl(amo.baseUrl())
          .clientId(amo.clientId())
          .clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri())
          .tokenStore(env)
          .clock(clock)
          .build();
      // One worker through most of the token's day, never near its expiry.
      for (int hour = 0; hour < 20; hour++) {
        assertThat(client.account().name()).isEqualTo("Mock account");
        clock.advance(Duration.ofHours(1));
      }
      assertThat(amo.apiCalls()).isEqualTo(20);
      assertThat(amo.refreshCalls()).as("refreshes of a fresh seed").isZero();
      assertThat(amo.isRefreshTokenLive(issued.refreshToken())).isTrue();
      // Why: the seed is issued at its JWT's iat, not at the epoch.
      TokenRecord seed = env.load(amo.grantKey()).orElseThrow();
      assertThat(seed.issuedAt()).isEqualTo(issued.issuedAt());
      assertThat(seed.expiresAt()).isEqualTo(issued.expiresAt());
    }
  }
}
