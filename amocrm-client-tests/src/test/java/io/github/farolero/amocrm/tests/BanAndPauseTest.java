package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.RateLimiterTimeoutException;
import io.github.farolero.amocrm.error.TooManyRequestsException;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Invariant 8's signals from amoCRM: after a 403 ban answer nothing is sent for a cool-down (every
 * further request would lengthen the ban), and a 429 pauses every client of the integration, not
 * only the thread that got it.
 */
class BanAndPauseTest {

  @Test
  void afterOneBanAnswerAHundredCallsWithinTheCoolDownSendNothing() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.seedLeads(3);
      f.amo.blockAccount(true);
      assertThatThrownBy(f.client::account).isInstanceOf(AccountBlockedException.class)
          .hasMessageContaining("an HTML page");
      assertThat(f.amo.apiCalls()).isEqualTo(1);

      List<Callable<?>> calls = List.of(
          f.client::account,
          () -> f.client.leads().get(1),
          () -> f.client.leads().stream(ListRequest.all()).count(),
          () -> f.client.leads().add(List.of(Lead.builder().name("x").build())),
          () -> f.client.pipelines().list());
      for (int i = 0; i < 100; i++) {
        Callable<?> call = calls.get(i % calls.size());
        assertThat(catchThrowable(call::call)).as("call %d", i)
            .isInstanceOfSatisfying(AccountBlockedException.class, e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e).hasMessageContaining("refused locally, no request sent");
            });
      }
      assertThat(f.amo.apiCalls()).as("requests that reached amoCRM").isEqualTo(1);
      assertThat(f.sleeper.sleeps).isEmpty();

      // Every client of the integration on that server is held back, not only the one that saw it.
      AmoCrmClient other = f.clientBuilder().build();
      assertThatThrownBy(other::account).isInstanceOf(AccountBlockedException.class);
      assertThat(f.amo.apiCalls()).isEqualTo(1);
    }
  }

  @Test
  void theTokenEndpointHonoursTheBanToo() {
    try (Fixture f = new Fixture()) {
      AmoCrmClient client = f.clientBuilder(new InMemoryTokenStore())
          .rateLimit(RateLimit.perSecond(1_000)).build();
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      f.amo.blockAccount(true);
      assertThatThrownBy(client::account).isInstanceOf(AccountBlockedException.class);
      int tokenCalls = f.amo.tokenEndpointCalls();

      assertThatThrownBy(() -> client.tokens().refresh())
          .isInstanceOf(AccountBlockedException.class)
          .hasMessageContaining("refused locally");
      assertThat(f.amo.tokenEndpointCalls()).isEqualTo(tokenCalls);
    }
  }

  @Test
  void afterTheCoolDownOneRequestProbesAndItsSuccessLetsEveryoneGo() throws Exception {
    Duration coolDown = Duration.ofMillis(50);
    try (ApiFixture f = new ApiFixture(b -> b,
        b -> b.rateLimit(RateLimit.perSecond(10_000).withBanCoolDown(coolDown)))) {
      f.amo.blockAccount(true);
      assertThatThrownBy(f.client::account).isInstanceOf(AccountBlockedException.class);
      f.amo.blockAccount(false);
      // Wait the cool-down out (a condition, not an assertion on time).
      while (catchThrowable(f.client::account) instanceof AccountBlockedException) {
        Thread.sleep(coolDown.toMillis());
      }
      int sent = f.amo.apiCalls();
      for (int i = 0; i < 10; i++) {
        f.client.account();
      }
      assertThat(f.amo.apiCalls()).isEqualTo(sent + 10);
    }
  }

  @Test
  void a429PausesEveryClientOfTheIntegrationForItsRetryAfter() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 429, Duration.ofHours(1));
      // Longer than the retry policy's cap: not retried, the 429 surfaces.
      assertThatThrownBy(f.client::account).isInstanceOf(TooManyRequestsException.class);
      assertThat(f.amo.apiCalls()).isEqualTo(1);

      // Another client of the same integration waits for the pause, and gives up at its bound
      // without sending anything.
      AmoCrmClient patient = f.clientBuilder()
          .rateLimit(RateLimit.perSecond(10_000).withMaxWait(Duration.ofMillis(200))).build();
      assertThatThrownBy(patient::account).isInstanceOf(RateLimiterTimeoutException.class);
      assertThat(f.amo.apiCalls()).isEqualTo(1);

      // The control: another integration is not paused.
      AmoCrmClient otherIntegration = f.clientBuilder().clientId("another-integration")
          .rateLimit(RateLimit.perSecond(10_000).withMaxWait(Duration.ofMillis(200))).build();
      assertThat(otherIntegration.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.apiCalls()).isEqualTo(2);
    }
  }
}
