package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException.Reason;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show: the old deployment's story. It kept its tokens in a file, in environment variables
 * and in a database; here a composite of {@link FileTokenStore} → {@link EnvTokenStore} → an
 * in-memory stand-in for the database, against MockAmoCrmServer. Each "deploy" is a new client
 * on new store objects, as a restarted process would have.
 */
class OldDeploymentStoryTest {

  @TempDir Path tmp;

  @Test
  void theVolumeIsLostThenTheDatabaseToo() throws Exception {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
      GrantKey key = amo.grantKey();
      Path dir = tmp.resolve("tokens");
      // The first tokens reached the app the old way: environment variables.
      IssuedTokens seed = amo.issueTokens();
      Map<String, String> env = Map.of(
          "AMOCRM_DOMAIN", amo.accountDomain(),
          "AMOCRM_ACCESS_TOKEN", seed.accessToken(),
          "AMOCRM_REFRESH_TOKEN", seed.refreshToken(),
          "AMOCRM_TOKEN_EXPIRES_AT", Long.toString(seed.expiresAt().getEpochSecond()));
      InMemoryTokenStore database = new InMemoryTokenStore("database");

      // Deploy 1: file, env, database. The seed is the only record; the composite copies it into
      // the file and the database. It was issued just now (its JWT's iat), so it serves as it is:
      // no refresh on first use.
      FileTokenStore file1 = FileTokenStore.of(dir);
      AmoCrmClient deploy1 = client(amo, clock,
          CompositeTokenStore.of(file1, seedOf(env, clock), database));
      assertThat(deploy1.account().name()).isEqualTo("Mock account");
      assertThat(amo.refreshCalls()).isZero();
      TokenRecord firstPair = file1.load(key).orElseThrow();
      assertThat(firstPair.accessToken()).isEqualTo(seed.accessToken());
      assertThat(database.load(key).orElseThrow().sameTokens(firstPair)).isTrue();
      // A day passes: the access token expires and is refreshed once, saved to both. The grant
      // now has a fresh 3-month refresh token, and the env's is dead from then on.
      clock.advance(Duration.ofHours(24).plusMinutes(1));
      deploy1.account();
      assertThat(amo.refreshCalls()).isEqualTo(1);
      assertThat(amo.isRefreshTokenLive(seed.refreshToken())).isFalse();
      TokenRecord afterFirstRefresh = database.load(key).orElseThrow();
      assertThat(afterFirstRefresh.sameTokens(firstPair)).isFalse();
      assertThat(file1.load(key).orElseThrow().sameTokens(afterFirstRefresh)).isTrue();

      // Deploy 2: the redeploy lost the volume. The database member restores the pair (the
      // stale env seed loses to it), the file is repaired, and the app carries on.
      deleteTree(dir);
      FileTokenStore file2 = FileTokenStore.of(dir);
      AmoCrmClient deploy2 = client(amo, clock,
          CompositeTokenStore.of(file2, seedOf(env, clock), database));
      assertThat(deploy2.account().name()).isEqualTo("Mock account");
      assertThat(amo.refreshCalls()).as("the restored pair was still valid").isEqualTo(1);
      assertThat(file2.load(key).orElseThrow().sameTokens(afterFirstRefresh))
          .as("the file was repaired from the database").isTrue();
      clock.advance(Duration.ofHours(24).plusMinutes(1));
      deploy2.account();
      assertThat(amo.refreshCalls()).isEqualTo(2);
      assertThat(amo.revokedRefreshes()).isZero();
      assertThat(amo.codeExchanges()).as("never re-authorized").isZero();
      TokenRecord afterSecondRefresh = file2.load(key).orElseThrow();
      assertThat(database.load(key).orElseThrow().sameTokens(afterSecondRefresh)).isTrue();
      assertThat(amo.isRefreshTokenLive(afterSecondRefresh.refreshToken())).isTrue();

      // Deploy 3: the volume is lost again and the database is gone too; only the stale env
      // seed is left. Its refresh token was rotated long ago: the client says a person must
      // re-authorize, instead of looping on the token endpoint.
      deleteTree(dir);
      FileTokenStore file3 = FileTokenStore.of(dir);
      AmoCrmClient deploy3 = client(amo, clock,
          CompositeTokenStore.of(file3, seedOf(env, clock)));
      int tokenCallsBefore = amo.tokenEndpointCalls();
      assertThatThrownBy(deploy3::account)
          .isExactlyInstanceOf(ReauthorizationRequiredException.class)
          .hasMessageContaining("re-authorization is required")
          .satisfies(e -> assertThat(((ReauthorizationRequiredException) e).reason())
              .isEqualTo(Reason.REFRESH_TOKEN_REFUSED));
      assertThat(amo.revokedRefreshes()).isEqualTo(1);
      for (int i = 0; i < 5; i++) {
        assertThatThrownBy(deploy3::account)
            .isExactlyInstanceOf(ReauthorizationRequiredException.class);
      }
      assertThatThrownBy(() -> deploy3.tokens().refresh())
          .isExactlyInstanceOf(ReauthorizationRequiredException.class);
      assertThat(amo.tokenEndpointCalls() - tokenCallsBefore)
          .as("one refresh was tried, then no more").isEqualTo(1);
      assertThat(deploy3.tokens().needsReauthorization()).isTrue();
      // The seed was copied to the file and is kept there, not deleted, for inspection.
      assertThat(file3.load(key).orElseThrow().accessToken()).isEqualTo(seed.accessToken());

      // A person authorizes again; the file takes the new pair and the client carries on.
      deploy3.tokens().authorize(amo.issueAuthorizationCode());
      assertThat(deploy3.account().name()).isEqualTo("Mock account");
      assertThat(file3.load(key).orElseThrow().accessToken()).isNotEqualTo(seed.accessToken());
      System.out.printf("old deployment story: %d refreshes, %d revoked (the stale env seed),"
          + " %d code exchanges (the final re-authorization)%n", amo.refreshCalls(),
          amo.revokedRefreshes(), amo.codeExchanges());
    }
  }

  /** The env seed, its iat judged on the test's clock (as a deploy judges it on the host's). */
  private static EnvTokenStore seedOf(Map<String, String> env, MutableClock clock) {
    return EnvTokenStore.builder().environment(env).clock(clock).build();
  }

  private static AmoCrmClient client(MockAmoCrmServer amo, MutableClock clock, TokenStore store) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
        .clientId(amo.clientId()).clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store).clock(clock).build();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
    assertThat(dir).doesNotExist();
  }
}
