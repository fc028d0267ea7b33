package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.model.Lead;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries: which failures, how many times, how long (on a recording sleeper: no real waits). */
class ApiRetryTest {

  @Test
  void readsAreRetriedOn502503504WithGrowingJitteredDelays() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 502).failNext(1, 503).failNext(1, 504);
      assertThat(f.client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.apiCalls()).isEqualTo(4);
      assertThat(f.sleeper.sleeps).hasSize(3);
      assertThat(f.sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      assertThat(f.sleeper.sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
      assertThat(f.sleeper.sleeps.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
  }

  @Test
  void retryAfterIsHonoured() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 503, Duration.ofSeconds(7));
      assertThat(f.client.account().name()).isEqualTo("Mock account");
      assertThat(f.sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
    }
  }

  /**
   * OkHttp reads a 503's all-digit Retry-After with Integer.valueOf: past 2^31-1 seconds the call
   * died with a raw NumberFormatException instead of an AmoCrmHttpException with status 503.
   */
  @Test
  void aRetryAfterPastIntegerRangeIsStillA503() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 503, Duration.ofSeconds(9_999_999_999L));
      assertThatThrownBy(f.client::account)
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(503));
      f.amo.faults().failNext(1, 429, Duration.ofSeconds(9_999_999_999L));
      assertThatThrownBy(f.client::account)
          .isInstanceOfSatisfying(io.github.farolero.amocrm.error.TooManyRequestsException.class,
              e -> assertThat(e.retryAfter()).hasValueSatisfying(
                  d -> assertThat(d).isGreaterThan(Duration.ofDays(365 * 60))));
      assertThat(f.amo.apiCalls()).isEqualTo(2);
      assertThat(f.sleeper.sleeps).isEmpty();
    }
  }

  /** "Wait as long as the server says" is a legal policy; durations past long nanos must not throw. */
  @Test
  void anUnboundedMaxDelayHonoursAHugeRetryAfterWithoutOverflow() {
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.retryPolicy(RetryPolicy.builder()
        .maxDelay(Duration.ofSeconds(Long.MAX_VALUE)).build()))) {
      f.amo.faults().failNext(1, 503, Duration.ofSeconds(Long.MAX_VALUE)).failNext(1, 503);
      assertThat(f.client.account().name()).isEqualTo("Mock account");
      assertThat(f.sleeper.sleeps).hasSize(2);
      assertThat(f.sleeper.sleeps.get(0)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
      assertThat(f.sleeper.sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
  }

  @Test
  void aRetryAfterLongerThanTheMaximumDelayIsNotWaitedFor() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 503, Duration.ofMinutes(5));
      assertThatThrownBy(f.client::account).isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(503));
      assertThat(f.amo.apiCalls()).isEqualTo(1);
      assertThat(f.sleeper.sleeps).isEmpty();
    }
  }

  @Test
  void ioErrorsAreRetriedForReads() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().dropNext(2);
      assertThat(f.client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.apiCalls()).isEqualTo(3);
      assertThat(f.sleeper.sleeps).hasSize(2);
    }
  }

  @Test
  void writesAreNotRetriedUnlessThePolicySays() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().dropNext(1);
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().name("x").build())))
          .isInstanceOf(AmoCrmException.class).hasMessageContaining("POST /api/v4/leads failed");
      f.amo.faults().failNext(1, 503);
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().name("x").build())))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(503));
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(2);
      assertThat(f.sleeper.sleeps).isEmpty();
    }
    try (ApiFixture f = new ApiFixture(b -> b,
        b -> b.retryPolicy(RetryPolicy.builder().retryWrites(true).build()))) {
      f.amo.faults().failNext(1, 503);
      assertThat(f.client.leads().add(List.of(Lead.builder().name("x").build()))).hasSize(1);
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(2);
      assertThat(f.amo.storedCount("leads")).isEqualTo(1);
    }
  }

  /**
   * OkHttp itself sends a request again when its pooled connection fails (retryOnConnectionFailure),
   * POSTs included. A write whose answer was lost may have been saved: it must not go out twice
   * unless the RetryPolicy says so.
   */
  @Test
  void aWriteOnAReusedConnectionThatDropsIsNotSentAgainByOkHttp() {
    try (ApiFixture f = new ApiFixture()) {
      f.client.account(); // leaves a pooled connection for the write to reuse
      f.amo.faults().dropNext(1);
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().name("x").build())))
          .isInstanceOf(AmoCrmException.class).hasMessageContaining("POST /api/v4/leads failed");
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(1);
      assertThat(f.amo.storedCount("leads")).isZero();
      assertThat(f.sleeper.sleeps).isEmpty();

      // Reads are still retried (by the policy, with a delay).
      f.amo.faults().dropNext(1);
      assertThat(f.client.account().name()).isEqualTo("Mock account");
    }
  }

  @Test
  void latencyBeyondTheReadTimeoutIsAnIoErrorAndRetried() throws Exception {
    okhttp3.OkHttpClient impatient = new okhttp3.OkHttpClient.Builder()
        .readTimeout(Duration.ofMillis(100)).build();
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.okHttpClient(impatient))) {
      f.amo.faults().latency(Duration.ofSeconds(2));
      assertThatThrownBy(f.client::account).isInstanceOf(AmoCrmException.class)
          .hasMessageContaining("after 4 attempts")
          .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(f.sleeper.sleeps).hasSize(3);
      // The client gave up on each before the mock answered; on a busy machine the mock may read
      // the last ones a moment later. Wait for the count (bounded), never for a time.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (f.amo.apiCalls() < 4 && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertThat(f.amo.apiCalls()).isEqualTo(4);
      f.amo.faults().latency(Duration.ZERO);
      assertThat(f.client.account().name()).isEqualTo("Mock account");
    }
  }

  @Test
  void attemptsAreBounded() {
    try (ApiFixture f = new ApiFixture(b -> b,
        b -> b.retryPolicy(RetryPolicy.builder().maxAttempts(2).build()))) {
      f.amo.faults().dropNext(5);
      assertThatThrownBy(f.client::account).isInstanceOf(AmoCrmException.class)
          .hasMessageContaining("after 2 attempts");
      assertThat(f.amo.apiCalls()).isEqualTo(2);
      f.amo.faults().clear();
    }
  }
}
