package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Invariant 7, end to end with the fake clock: a token is refreshed at the start of its window,
 * never before it, and never later than it (the signs of every skew).
 */
class RefreshWindowTest {

  private static final Duration ONE_MS = Duration.ofMillis(1);

  @Test
  void advisoryWindowStartsExactlyFiveMinutesBeforeExpiry() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();
      assertThat(r.expiresAt()).isEqualTo(r.issuedAt().plus(Duration.ofHours(24)));

      f.clock.set(r.expiresAt().minus(Duration.ofMinutes(5)).minus(ONE_MS));
      client.account();
      assertThat(f.amo.refreshCalls()).as("1 ms before the advisory window").isZero();

      f.clock.set(r.expiresAt().minus(Duration.ofMinutes(5)));
      client.account();
      assertThat(f.amo.refreshCalls()).as("at the start of the advisory window").isEqualTo(1);
      assertThat(f.amo.unauthorizedApiCalls()).isZero();
    }
  }

  @Test
  void mandatoryWindowStartsExactlyAtItsConfiguredDistance() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      // Advisory equal to mandatory, so only the mandatory rule decides.
      RefreshPolicy policy = RefreshPolicy.builder()
          .advisoryWindow(Duration.ofSeconds(60)).mandatoryWindow(Duration.ofSeconds(60)).build();
      AmoCrmClient client = f.clientBuilder(store).refreshPolicy(policy).build();
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();

      f.clock.set(r.expiresAt().minusSeconds(60).minus(ONE_MS));
      client.account();
      assertThat(f.amo.refreshCalls()).isZero();

      f.clock.set(r.expiresAt().minusSeconds(60));
      client.account();
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
    }
  }

  @Test
  void anExpiredTokenIsRefreshedBeforeItIsSent() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();
      f.clock.set(r.expiresAt());
      client.account();
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      assertThat(f.amo.unauthorizedApiCalls()).as("the expired token was never sent").isZero();
    }
  }

  @Test
  void aPairOlderThanTheKeepAliveAgeIsRefreshedEvenIfItsAccessTokenIsValid() {
    // Long-lived access tokens, so only the age of the pair can trigger the refresh.
    try (Fixture f = new Fixture(Duration.ofDays(90))) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();

      f.clock.set(r.issuedAt().plus(Duration.ofDays(30)).minus(ONE_MS));
      client.account();
      assertThat(f.amo.refreshCalls()).isZero();

      f.clock.set(r.issuedAt().plus(Duration.ofDays(30)));
      client.account();
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      TokenRecord after = store.load(f.amo.grantKey()).orElseThrow();
      assertThat(after.issuedAt()).isEqualTo(f.clock.instant());
    }
  }

  @Test
  void advisoryFailureIsSoftAndTheValidTokenKeepsServing() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();
      f.clock.set(r.expiresAt().minus(Duration.ofMinutes(2))); // advisory, not mandatory
      f.amo.enqueueTokenEndpointResponse(503, "text/html", "<html>busy</html>");

      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(store.load(f.amo.grantKey())).contains(r);

      client.account(); // the next call tries again and succeeds
      assertThat(f.amo.successfulRefreshes()).isEqualTo(1);
    }
  }
}
