package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.UntrustedHostException;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The account moves to another domain: the client finds out (a refused refresh, then amoCRM's
 * {@code oauth2/account/current/subdomain}), follows it to an amoCRM host with the same grant,
 * and refuses any other host without sending it anything.
 */
class DomainChangeTest {

  static final String OLD = "example.amocrm.ru";
  static final String NEW = "renamed.amocrm.ru";

  static AmoCrmClient client(Fixture f, InMemoryTokenStore store) {
    return AmoCrmClient.builder()
        .accountDomain(f.amo.accountDomain())
        .baseUrlResolver(f.amo.baseUrlResolver())
        .clientId(f.amo.clientId())
        .clientSecret(f.amo.clientSecret())
        .redirectUri(f.amo.redirectUri())
        .tokenStore(store)
        .clock(f.clock)
        .build();
  }

  @Test
  void aRefusedRequestAfterTheMoveFollowsTheAccountWithTheSameGrant() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = client(f, store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      assertThat(client.account().id()).isPositive();
      assertThat(client.baseUrl()).isEqualTo(f.amo.baseUrl());

      f.amo.moveAccount(NEW);
      Account account = client.account(); // 401 at the old host → refresh refused → asks → moves

      assertThat(account.id()).isPositive();
      assertThat(client.baseUrl()).isEqualTo(f.amo.baseUrl(NEW));
      assertThat(client.accountDomain()).isEqualTo(NEW);
      assertThat(f.amo.codeExchanges()).isEqualTo(1); // nothing authorized again
      assertThat(f.amo.successfulRefreshes()).isEqualTo(1); // at the new host
      assertThat(f.amo.subdomainCalls()).isEqualTo(1);
      assertThat(client.tokens().needsReauthorization()).isFalse();
      TokenRecord stored = store.load(f.amo.grantKey()).orElseThrow();
      IssuedTokens latest = f.amo.latestIssuedTokens().orElseThrow();
      assertThat(stored.key()).isEqualTo(f.amo.grantKey()); // the same grant, updated
      assertThat(stored.accountDomain()).isEqualTo(NEW);
      assertThat(stored.accessToken()).isEqualTo(latest.accessToken());
      assertThat(stored.refreshToken()).isEqualTo(latest.refreshToken());

      int oldHost = f.amo.requestsTo(OLD);
      int newHost = f.amo.requestsTo(NEW);
      assertThat(client.leads().stream().count()).isZero();
      client.account();
      assertThat(f.amo.requestsTo(OLD)).isEqualTo(oldHost); // nothing more to the old host
      assertThat(f.amo.requestsTo(NEW)).isEqualTo(newHost + 2);
    }
  }

  @Test
  void aDueRefreshFindsTheMoveAndAnotherClientOfTheStoreFollowsWithoutAsking() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = client(f, store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      f.amo.moveAccount(NEW);
      f.clock.advance(Duration.ofHours(24)); // the token expired: refresh before the request

      assertThat(client.account().id()).isPositive();
      assertThat(client.baseUrl()).isEqualTo(f.amo.baseUrl(NEW));
      assertThat(f.amo.unauthorizedApiCalls()).isZero(); // no request went to the old host
      assertThat(store.load(f.amo.grantKey()).orElseThrow().accountDomain()).isEqualTo(NEW);

      // A client in another process, built for the old domain, reads the moved grant.
      int subdomainCalls = f.amo.subdomainCalls();
      int oldHost = f.amo.requestsTo(OLD);
      AmoCrmClient other = client(f, store);
      assertThat(other.account().id()).isPositive();
      assertThat(other.baseUrl()).isEqualTo(f.amo.baseUrl(NEW));
      assertThat(f.amo.requestsTo(OLD)).isEqualTo(oldHost);
      assertThat(f.amo.subdomainCalls()).isEqualTo(subdomainCalls);
      assertThat(f.amo.codeExchanges()).isEqualTo(1);
    }
  }

  @Test
  void aHostOffTheAllowListIsRefusedAndNeverSeesTheToken() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = client(f, store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord before = store.load(f.amo.grantKey()).orElseThrow();
      String evil = "crm.evil.example.com";
      f.amo.moveAccount(evil);

      assertThatThrownBy(client::account)
          .isInstanceOfSatisfying(UntrustedHostException.class, e -> {
            assertThat(e.host()).isEqualTo(evil);
            assertThat(e.getMessage()).contains(evil)
                .doesNotContain(before.accessToken()).doesNotContain(before.refreshToken());
          });
      assertThat(f.amo.requestsTo(evil)).isZero();
      assertThat(client.baseUrl()).isEqualTo(f.amo.baseUrl());
      TokenRecord after = store.load(f.amo.grantKey()).orElseThrow();
      assertThat(after.sameTokens(before)).isTrue(); // kept, not marked dead
      assertThat(after.accountDomain()).isEqualTo(OLD);
      assertThat(client.tokens().needsReauthorization()).isFalse();
    }
  }

  @Test
  void aFixedBaseUrlDoesNotFollow() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      f.amo.moveAccount(NEW);
      assertThatThrownBy(client::account).isInstanceOfSatisfying(OAuthException.class,
          e -> assertThat(e.status()).isEqualTo(404));
      assertThat(f.amo.subdomainCalls()).isZero();
      assertThat(f.amo.requestsTo(NEW)).isZero();
      assertThat(client.baseUrl()).isEqualTo(f.amo.baseUrl());
    }
  }

  @Test
  void baseUrlAndResolverAreExclusive() {
    try (Fixture f = new Fixture()) {
      assertThatThrownBy(() -> f.clientBuilder(new InMemoryTokenStore())
          .baseUrlResolver(f.amo.baseUrlResolver()).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("exclusive");
    }
  }
}
