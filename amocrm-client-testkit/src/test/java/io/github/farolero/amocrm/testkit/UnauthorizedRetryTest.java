package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.AmoCrmHttpException;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.internal.AuthInterceptor;
import io.github.farolero.amocrm.internal.BearerInterceptor;
import io.github.farolero.amocrm.internal.TokenEndpoint;
import io.github.farolero.amocrm.internal.TokenManager;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On a 401: compare tokens, refresh at most once, retry once, never replay a one-shot body. */
class UnauthorizedRetryTest {

  @Test
  void aRevokedAccessTokenIsRefreshedOnceAndTheRequestRetriedOnce() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord r = store.load(f.amo.grantKey()).orElseThrow();
      f.amo.revokeAccessToken(r.accessToken()); // valid by its clock, refused by amoCRM

      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      assertThat(f.amo.unauthorizedApiCalls()).isEqualTo(1);
      assertThat(f.amo.apiCalls()).isEqualTo(2);
    }
  }

  @Test
  void a401WithATokenAnotherClientAlreadyReplacedUsesTheStoredPairWithoutRefreshing() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient a = f.client(store);
      AmoCrmClient b = f.client(store);
      a.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord first = store.load(f.amo.grantKey()).orElseThrow();
      b.account(); // b caches the first pair
      a.tokens().refresh(); // a replaces it
      f.amo.revokeAccessToken(first.accessToken()); // and amoCRM stops accepting the old one
      int refreshes = f.amo.refreshCalls();

      assertThat(b.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.refreshCalls()).isEqualTo(refreshes);
    }
  }

  @Test
  void aPersistent401IsReturnedAfterOneRetryNotLooped() {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      // Every access token issued from now on is refused at once (the account revoked access
      // but left refresh working): a refresh cannot help, so the 401 surfaces.
      AmoCrmClient spoiler = f.client(new StoreWrappers.Forwarding(store) {
        @Override
        public void write(TokenRecord record) {
          super.write(record);
          f.amo.revokeAccessToken(record.accessToken());
        }
      });
      f.amo.revokeAccessToken(store.load(f.amo.grantKey()).orElseThrow().accessToken());
      assertThatThrownBy(spoiler::account)
          .isInstanceOf(AmoCrmHttpException.class)
          .satisfies(e -> assertThat(((AmoCrmHttpException) e).status()).isEqualTo(401));
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
      assertThat(f.amo.apiCalls()).isEqualTo(2);
    }
  }

  @Test
  void aOneShotBodyIsNeverReplayed() throws IOException {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      TokenRecord r = f.amo.issueTokens().toRecord();
      store.write(r);
      OkHttpClient base = new OkHttpClient();
      TokenEndpoint endpoint = new TokenEndpoint(base, f.amo.baseUrl(), r.key(),
          f.amo.clientId(), f.amo.clientSecret(), f.amo.redirectUri(), f.clock);
      TokenManager manager = new TokenManager(r.key(), store, endpoint, f.clock,
          RefreshPolicy.defaults(), TokenListener.NONE, d -> { });
      OkHttpClient http = base.newBuilder()
          .addInterceptor(new AuthInterceptor(manager, f.amo.baseUrl()))
          .addNetworkInterceptor(new BearerInterceptor(manager, f.amo.baseUrl()))
          .build();
      f.amo.revokeAccessToken(r.accessToken());

      RequestBody oneShot = new RequestBody() {
        @Override
        public MediaType contentType() {
          return MediaType.get("application/json");
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
          sink.writeUtf8("[{\"name\":\"lead\"}]");
        }

        @Override
        public boolean isOneShot() {
          return true;
        }
      };
      Request post = new Request.Builder().url(f.amo.baseUrl().resolve("/api/v4/leads"))
          .post(oneShot).build();
      try (Response response = http.newCall(post).execute()) {
        assertThat(response.code()).isEqualTo(401);
      }
      assertThat(f.amo.apiCalls()).isEqualTo(1);
      // A request with a replayable body is retried with a refreshed token.
      Request replayable = new Request.Builder().url(f.amo.baseUrl().resolve("/api/v4/account"))
          .build();
      try (Response response = http.newCall(replayable).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
    }
  }
}
