package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Invariant 3: "Token has been revoked" re-reads the store first, and never deletes. */
class RevokedPathTest {

  static final class Recorder implements TokenListener {
    final List<ReauthorizationRequiredException> reauth = new CopyOnWriteArrayList<>();

    @Override
    public void onReauthorizationRequired(ReauthorizationRequiredException error) {
      reauth.add(error);
    }
  }

  @Test
  void aLostRaceRecoversWithTheWinnersTokens() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore shared = new InMemoryTokenStore();
      shared.write(f.amo.issueTokens().toRecord());
      TokenRecord original = shared.load(f.amo.grantKey()).orElseThrow();
      StoreWrappers.Lagging laggingView = new StoreWrappers.Lagging(shared);
      Recorder listener = new Recorder();
      AmoCrmClient winner = f.client(shared);
      AmoCrmClient loser = f.client(laggingView, listener);
      loser.account(); // the loser now holds the original pair in memory

      f.clock.set(original.expiresAt().plusSeconds(1));
      winner.account(); // refreshes: the original refresh token is now dead
      assertThat(f.amo.successfulRefreshes()).isEqualTo(1);

      // The loser's re-read races the winner's write and sees the old pair, so it refreshes with
      // the dead refresh token and gets "Token has been revoked".
      laggingView.lagOnce(original);
      assertThat(loser.account().name()).isEqualTo("Mock account");

      assertThat(f.amo.revokedRefreshes()).isEqualTo(1);
      assertThat(f.amo.successfulRefreshes()).isEqualTo(1);
      assertThat(listener.reauth).isEmpty();
      assertThat(loser.tokens().needsReauthorization()).isFalse();
      TokenRecord stored = shared.load(f.amo.grantKey()).orElseThrow();
      assertThat(stored.version()).isEqualTo(original.version() + 1);
      assertThat(stored.sameTokens(original)).isFalse();
    }
  }

  @Test
  void aRealRevocationAsksForReauthorizationKeepsTheRecordAndStopsCallingTheEndpoint() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      Recorder listener = new Recorder();
      AmoCrmClient client = f.client(store, listener);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord record = store.load(f.amo.grantKey()).orElseThrow();

      f.amo.revokeAllTokens(); // the user uninstalled the integration
      f.clock.set(record.expiresAt().plusSeconds(1));
      int callsBefore = f.amo.tokenEndpointCalls();

      assertThatThrownBy(client::account)
          .isInstanceOf(ReauthorizationRequiredException.class)
          .hasCauseExactlyInstanceOf(OAuthException.class)
          .satisfies(e -> assertThat(((OAuthException) e.getCause()).reason())
              .isEqualTo(OAuthException.Reason.REFRESH_TOKEN_REFUSED))
          .hasMessageContaining("re-authorization is required")
          .hasMessageContaining("authorize")
          .satisfies(e -> assertThat(((ReauthorizationRequiredException) e).reason())
              .isEqualTo(ReauthorizationRequiredException.Reason.REFRESH_TOKEN_REFUSED));
      assertThat(f.amo.tokenEndpointCalls() - callsBefore).isEqualTo(1);
      assertThat(store.load(f.amo.grantKey())).contains(record); // kept, not deleted
      assertThat(listener.reauth).hasSize(1);
      assertThat(client.tokens().needsReauthorization()).isTrue();

      // Calling again does not loop on the token endpoint, and the listener fires once.
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(client::account).isInstanceOf(ReauthorizationRequiredException.class);
      }
      assertThat(f.amo.tokenEndpointCalls() - callsBefore).isEqualTo(1);
      assertThat(listener.reauth).hasSize(1);

      // A person re-authorizes; the client carries on.
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      assertThat(client.tokens().needsReauthorization()).isFalse();
      assertThat(client.account().name()).isEqualTo("Mock account");
    }
  }

  @Test
  void aReauthorizationDoneByAnotherProcessIsPickedUpFromTheStore() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient app = f.client(store);
      AmoCrmClient operator = f.client(store); // e.g. the CLI, in another process
      app.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord record = store.load(f.amo.grantKey()).orElseThrow();
      f.amo.revokeAllTokens();
      f.clock.set(record.expiresAt().plusSeconds(1));
      assertThatThrownBy(app::account).isInstanceOf(ReauthorizationRequiredException.class);

      operator.tokens().authorize(f.amo.issueAuthorizationCode());
      assertThat(app.account().name()).isEqualTo("Mock account");
      assertThat(app.tokens().needsReauthorization()).isFalse();
    }
  }

  @Test
  void noStoredTokensAsksForAuthorization() {
    try (Fixture f = new Fixture()) {
      AmoCrmClient client = f.client(new InMemoryTokenStore());
      assertThatThrownBy(client::account)
          .isInstanceOf(ReauthorizationRequiredException.class)
          .satisfies(e -> assertThat(((ReauthorizationRequiredException) e).reason())
              .isEqualTo(ReauthorizationRequiredException.Reason.NO_TOKENS));
      assertThat(f.amo.apiCalls()).isZero();
      assertThat(f.amo.tokenEndpointCalls()).isZero();
    }
  }
}
