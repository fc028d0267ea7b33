package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.TooManyRequestsException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.internal.Version;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every error type, produced by the mock; and the headers every request carries. */
class ApiErrorsTest {

  @Test
  void validation400() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().price(-1L).build())))
          .isExactlyInstanceOf(ValidationException.class)
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.validationErrors()).singleElement().satisfies(v -> {
              assertThat(v.index()).isZero();
              assertThat(v.code()).isEqualTo("GreaterThanOrEqual");
              assertThat(v.path()).isEqualTo("price");
            });
          });
    }
  }

  @Test
  void unauthorized401AfterTheAuthPathGaveUp() {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().start()) {
      AmoCrmClient client = AmoCrmClient.builder().accountDomain(amo.accountDomain())
          .baseUrl(amo.baseUrl()).clientId(amo.clientId()).clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri()).tokenStore(new InMemoryTokenStore()).build();
      client.tokens().authorize(amo.issueAuthorizationCode());
      String unauthorized = "{\"title\":\"Unauthorized\",\"type\":\"https://httpstatus.es/401\","
          + "\"status\":401,\"detail\":\"Account is disabled for this integration\"}";
      amo.faults().answerNext(401, "application/problem+json", unauthorized)
          .answerNext(401, "application/problem+json", unauthorized);
      assertThatThrownBy(client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.detail()).isEqualTo("Account is disabled for this integration");
          });
      assertThat(amo.apiCalls()).isEqualTo(2); // sent, refreshed once, retried once, gave up
      assertThat(amo.successfulRefreshes()).isEqualTo(1);
    }
  }

  @Test
  void paymentRequired402() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.requirePayment(true);
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(402);
            assertThat(e).hasMessageContaining("the account is not paid");
          });
      assertThat(f.amo.apiCalls()).isEqualTo(1);
      f.amo.requirePayment(false);
      assertThat(f.client.account().name()).isEqualTo("Mock account");
    }
  }

  @Test
  void aBlockedAccountsHtml403IsNeverRetried() {
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.retryPolicy(
        io.github.farolero.amocrm.RetryPolicy.builder().maxAttempts(10).retryWrites(true)
            .build()))) {
      f.amo.blockAccount(true);
      assertThatThrownBy(() -> f.client.leads().stream().count())
          .isExactlyInstanceOf(AccountBlockedException.class)
          .isInstanceOfSatisfying(AccountBlockedException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.title()).isNull();
            assertThat(e).hasMessageContaining("an HTML page").hasMessageContaining("blocked");
          });
      assertThat(f.amo.apiCalls()).isEqualTo(1);
      // Within the ban's cool-down, nothing more is sent: each further request would lengthen it.
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().name("x").build())))
          .isExactlyInstanceOf(AccountBlockedException.class)
          .hasMessageContaining("refused locally, no request sent");
      assertThat(f.amo.apiCalls()).isEqualTo(1);
      assertThat(f.sleeper.sleeps).isEmpty();
    }
  }

  @Test
  void ipNotAllowed403Code113IsNeverRetried() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.denyIp(true);
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.errorCode()).isEqualTo(AmoCrmHttpException.IP_NOT_ALLOWED);
            assertThat(e).hasMessageContaining("not allowed by the account (code 113)");
            assertThat(e.detail()).contains("IP address");
          });
      assertThat(f.amo.apiCalls()).isEqualTo(1);
    }
  }

  @Test
  void notFound404() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.pipelines().statuses(999))
          .isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.title()).isEqualTo("Not Found");
            assertThat(e.requestId()).startsWith("mock-");
          });
    }
  }

  @Test
  void tooManyRequests429AfterRetries() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(10, 429);
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(TooManyRequestsException.class)
          .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e).hasMessageContaining("after 4 attempts");
          });
      assertThat(f.amo.apiCalls()).isEqualTo(4);
      assertThat(f.sleeper.sleeps).hasSize(3);
    }
  }

  @Test
  void theMocksOwnWindowAnswers429ToAClientThatBreaksIt() {
    try (ApiFixture f = new ApiFixture(b -> b.rateLimit(1, java.time.Duration.ofMinutes(1)),
        b -> b.retryPolicy(io.github.farolero.amocrm.RetryPolicy.none()))) {
      f.client.account();
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(TooManyRequestsException.class)
          .hasMessageContaining("an HTML page");
      assertThat(f.amo.tooManyRequestsSent()).isEqualTo(1);
    }
  }

  @Test
  void serverErrors5xx() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(4, 503);
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(503));
      assertThat(f.amo.apiCalls()).isEqualTo(4);

      f.amo.faults().failNext(1, 500); // not a status worth retrying
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(500));
      assertThat(f.amo.apiCalls()).isEqualTo(5);
    }
  }

  @Test
  void emptyAndUnreadableBodies() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().answerNext(500, null, "");
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .hasMessageContaining("500").hasMessageContaining("an empty body");
      f.amo.faults().answerNext(418, "text/plain", "I'm a teapot");
      assertThatThrownBy(f.client::account).isExactlyInstanceOf(AmoCrmHttpException.class)
          .hasMessageContaining("418").hasMessageContaining("an unreadable body");
      f.amo.faults().answerNext(200, "application/hal+json", "{\"id\": ");
      assertThatThrownBy(f.client::account)
          .isInstanceOf(io.github.farolero.amocrm.error.AmoCrmException.class)
          .hasMessageContaining("cannot read");
    }
  }

  @Test
  void noErrorMessageHoldsTheToken() {
    try (ApiFixture f = new ApiFixture()) {
      f.client.account();
      String token = f.amo.lastApiRequestHeaders().get("Authorization").substring("Bearer ".length());
      List<Runnable> failures = List.of(
          () -> f.client.leads().add(List.of(Lead.builder().price(-1L).build())),
          () -> f.client.pipelines().statuses(999),
          () -> {
            f.amo.faults().failNext(4, 503);
            f.client.account();
          },
          () -> {
            f.amo.denyIp(true);
            f.client.account();
          });
      for (Runnable r : failures) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(r::run);
        assertThat(t).isInstanceOf(AmoCrmHttpException.class);
        for (Throwable c = t; c != null; c = c.getCause()) {
          assertThat(String.valueOf(c.getMessage())).doesNotContain(token);
        }
        assertThat(t.toString()).doesNotContain(token);
      }
    }
  }

  @Test
  void everyRequestNamesTheLibraryAndTheIntegration() {
    try (ApiFixture f = new ApiFixture()) {
      f.client.account();
      assertThat(f.amo.lastApiRequestHeaders().get("User-Agent"))
          .isEqualTo("amocrm-client-java/" + Version.get())
          .doesNotContain("dev");
      assertThat(f.amo.lastApiRequestHeaders().get("X-Client-UUID")).isEqualTo(f.amo.clientId());
      assertThat(f.amo.lastApiRequestHeaders().get("Authorization")).startsWith("Bearer ");
    }
  }
}
