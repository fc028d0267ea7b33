package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.time.Duration;

/** A mock amoCRM, a shared fake clock, and clients wired to both. Close it after the test. */
final class Fixture implements AutoCloseable {
  final MutableClock clock = MutableClock.create();
  final MockAmoCrmServer amo;

  Fixture() {
    this(Duration.ofHours(24));
  }

  Fixture(Duration accessTokenLifetime) {
    // These tests are about tokens, not the request limit: no window on the mock, a generous
    // limiter on the client (RateLimitTest and ApiRateWindowTest keep amoCRM's 7 per second).
    amo = MockAmoCrmServer.builder().clock(clock).accessTokenLifetime(accessTokenLifetime)
        .noRateLimit().start();
  }

  AmoCrmClient.Builder clientBuilder(TokenStore store) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain())
        .baseUrl(amo.baseUrl())
        .clientId(amo.clientId())
        .clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .clock(clock)
        .refreshPolicy(RefreshPolicy.builder().lockWait(Duration.ofSeconds(60)).build())
        .rateLimit(RateLimit.perSecond(1_000));
  }

  AmoCrmClient client(TokenStore store) {
    return clientBuilder(store).build();
  }

  AmoCrmClient client(TokenStore store, TokenListener listener) {
    return clientBuilder(store).tokenListener(listener).build();
  }

  @Override
  public void close() {
    amo.close();
  }
}
