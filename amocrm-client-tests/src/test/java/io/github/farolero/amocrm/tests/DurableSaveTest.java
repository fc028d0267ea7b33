package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant 2 as {@code tokens().refresh()} reports it: a refreshed pair that could not be saved
 * is never reported as a success, stays usable in memory, and is saved once the store works
 * again; the save's retries wait through the client's {@code Sleeper}, never on real time.
 */
class DurableSaveTest {

  private static final long BOUND_SECONDS = 60;

  @Test
  void refreshNeverReportsSuccessForAPairThatIsNotStored() throws Exception {
    try (Fixture f = new Fixture()) {
      StoreWrappers.Failing store =
          new StoreWrappers.Failing(new InMemoryTokenStore(), "flaky", true);
      AmoCrmClient client = f.clientBuilder(store).sleeper(new RecordingSleeper()).build();
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord before = store.load(f.amo.grantKey()).orElseThrow();

      store.failWrites.set(true);
      Throwable t = catchThrowable(() -> client.tokens().refresh());

      assertThat(t).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("could not be saved")
          .hasMessageContaining("kept in memory");
      assertThat(f.amo.successfulRefreshes()).isEqualTo(1); // amoCRM issued a pair...
      TokenRecord issued = latestIssued(f, before.version() + 1);
      assertThat(store.load(f.amo.grantKey())).contains(before); // ...the store does not hold it
      // The pair is usable in memory: status shows it, and with the old access token dead an API
      // call goes out with the new one, without a 401 and without another refresh.
      assertThat(client.tokens().status().orElseThrow().accessTokenFingerprint())
          .isEqualTo(issued.accessTokenFingerprint());
      f.amo.revokeAccessToken(before.accessToken());
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.unauthorizedApiCalls()).isZero();
      assertThat(f.amo.refreshCalls()).isEqualTo(1);

      // The store works again; the pending pair is saved by a later call, in the background, at
      // most every 5 s on the client's clock.
      store.failWrites.set(false);
      f.clock.advance(Duration.ofSeconds(5));
      client.account();
      awaitStored(f, store, issued);

      // Now a refresh is stored before it is reported.
      TokenStatus status = client.tokens().refresh();
      TokenRecord stored = store.load(f.amo.grantKey()).orElseThrow();
      assertThat(status.accessTokenFingerprint()).isEqualTo(stored.accessTokenFingerprint());
      assertThat(stored.sameTokens(latestIssued(f, stored.version()))).isTrue();
      assertThat(f.amo.revokedRefreshes()).isZero();
    }
  }

  /** With N save attempts, the save sleeps N - 1 times, through the injected Sleeper. */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 5})
  void theSavesRetriesWaitThroughTheInjectedSleeper(int attempts) {
    try (Fixture f = new Fixture()) {
      StoreWrappers.Failing store =
          new StoreWrappers.Failing(new InMemoryTokenStore(), "flaky", true);
      RecordingSleeper sleeper = new RecordingSleeper();
      RefreshPolicy policy = attempts == RefreshPolicy.defaults().saveAttempts()
          ? RefreshPolicy.defaults() // the default: 3 attempts
          : RefreshPolicy.builder().saveAttempts(attempts).build();
      AmoCrmClient client = f.clientBuilder(store).refreshPolicy(policy).sleeper(sleeper)
          .build();
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      assertThat(sleeper.sleeps).isEmpty();
      int writesBefore = store.attempted.size();

      store.failWrites.set(true);
      assertThat(catchThrowable(() -> client.tokens().refresh()))
          .isInstanceOf(TokenStoreException.class);

      assertThat(store.attempted.size() - writesBefore).isEqualTo(attempts);
      assertThat(sleeper.sleeps).hasSize(attempts - 1)
          .allSatisfy(d -> assertThat(d).isPositive());
    }
  }

  private static TokenRecord latestIssued(Fixture f, long version) {
    return f.amo.latestIssuedTokens().orElseThrow().toRecord(f.amo.grantKey(), version);
  }

  private static void awaitStored(Fixture f, StoreWrappers.Failing store, TokenRecord pair)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!store.load(f.amo.grantKey()).orElseThrow().sameTokens(pair)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the pending pair was not saved within " + BOUND_SECONDS + " s");
      }
      Thread.sleep(10);
    }
  }
}
