package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.RateLimiterTimeoutException;
import io.github.farolero.amocrm.error.TooManyRequestsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client keeps amoCRM's 7 requests in any second against the mock's window, which polices
 * real arrivals: 0 answers with 429. Asserts counts only, never elapsed time. The 60-second
 * version is {@code harness.RateHarness}.
 */
class ApiRateWindowTest {

  @Test
  void eightThreadsForThreeSecondsGetNo429() throws Exception {
    try (ApiFixture f = new ApiFixture(b -> b.rateLimit(7, Duration.ofSeconds(1)),
        b -> b.rateLimit(RateLimit.defaults()).retryPolicy(RetryPolicy.none()))) {
      f.amo.seedLeads(500);
      Result r = hammer(List.of(f.client), 8, Duration.ofSeconds(3));
      System.out.printf("8 threads x 3 s: %d calls, %d requests, %d x 429, peak %d in 1 s%n",
          r.calls.get(), f.amo.apiCalls(), f.amo.tooManyRequestsSent(),
          f.amo.peakRequestsInWindow());
      assertThat(r.failures.get()).isZero();
      assertThat(f.amo.tooManyRequestsSent()).isZero();
      assertThat(f.amo.peakRequestsInWindow()).isLessThanOrEqualTo(7);
      assertThat(r.calls.get()).isGreaterThanOrEqualTo(7);
    }
  }

  @Test
  void clientsOfOneIntegrationShareTheLimit() throws Exception {
    try (ApiFixture f = new ApiFixture(b -> b.rateLimit(7, Duration.ofSeconds(1)),
        b -> b.rateLimit(RateLimit.defaults()).retryPolicy(RetryPolicy.none()))) {
      AmoCrmClient other = f.clientBuilder().rateLimit(RateLimit.defaults())
          .retryPolicy(RetryPolicy.none()).build();
      Result r = hammer(List.of(f.client, other), 8, Duration.ofSeconds(2));
      assertThat(r.failures.get()).isZero();
      assertThat(f.amo.tooManyRequestsSent()).isZero();
    }
  }

  /**
   * Two clients of one integration that differ only in how long they may wait for a turn still
   * share amoCRM's 7 per second: the limit is the integration's, not each setting's.
   */
  @Test
  void clientsWithDifferentWaitsStillShareTheLimit() throws Exception {
    try (ApiFixture f = new ApiFixture(b -> b.rateLimit(7, Duration.ofSeconds(1)),
        b -> b.rateLimit(RateLimit.defaults()).retryPolicy(RetryPolicy.none()))) {
      AmoCrmClient patient = f.clientBuilder()
          .rateLimit(RateLimit.defaults().withMaxWait(Duration.ofMinutes(5)))
          .retryPolicy(RetryPolicy.none()).build();
      Result r = hammer(List.of(f.client, patient), 8, Duration.ofSeconds(2));
      assertThat(r.failures.get()).isZero();
      assertThat(f.amo.tooManyRequestsSent()).isZero();
      assertThat(f.amo.peakRequestsInWindow()).isLessThanOrEqualTo(7);
    }
  }

  /**
   * Two integrations on one account, each allowed 7 per second, with an account-wide limit of 3:
   * together never more than 3 in any second at the mock. The control without it goes past 3.
   */
  @Test
  void anAccountWideLimitHoldsEveryIntegrationOfTheAccount() throws Exception {
    assertThat(peakOfTwoIntegrations(RateLimit.perSecond(3))).isBetween(1, 3);
    assertThat(peakOfTwoIntegrations(null)).isGreaterThan(3);
  }

  private static int peakOfTwoIntegrations(RateLimit accountLimit) throws Exception {
    try (ApiFixture f = new ApiFixture(b -> b, b -> b)) {
      List<AmoCrmClient> clients = new ArrayList<>();
      for (String integration : List.of("integration-one", "integration-two")) {
        AmoCrmClient.Builder b = f.clientBuilder().clientId(integration)
            .rateLimit(RateLimit.defaults()).retryPolicy(RetryPolicy.none());
        clients.add((accountLimit == null ? b : b.accountRateLimit(accountLimit)).build());
      }
      Result r = hammer(clients, 8, Duration.ofSeconds(2));
      assertThat(r.failures.get()).isZero();
      return f.amo.peakRequestsInWindow();
    }
  }

  /** The control: a client that allows itself more than the mock does is refused. */
  @Test
  void aClientWithAHigherLimitGets429() throws Exception {
    try (ApiFixture f = new ApiFixture(b -> b.rateLimit(7, Duration.ofSeconds(1)),
        b -> b.rateLimit(RateLimit.perSecond(1_000)).retryPolicy(RetryPolicy.none()))) {
      Result r = hammer(List.of(f.client), 8, Duration.ZERO, 5); // 40 calls, as fast as it can
      assertThat(f.amo.tooManyRequestsSent()).isPositive();
      assertThat(r.tooMany.get()).isEqualTo(f.amo.tooManyRequestsSent());
    }
  }

  @Test
  void aRequestThatWaitsLongerThanMaxWaitIsNotSent() {
    RateLimit oneAMinute = new RateLimit(1, Duration.ofMinutes(1), Duration.ofMillis(50));
    // An integration of its own: the other tests' requests of the last minute would count too.
    try (ApiFixture f = new ApiFixture(b -> b.clientId("one-a-minute-integration"),
        b -> b.rateLimit(oneAMinute))) {
      f.client.account();
      assertThatThrownBy(f.client::account).isInstanceOf(RateLimiterTimeoutException.class)
          .hasMessageContaining("1 per 60000 ms");
      assertThat(f.amo.apiCalls()).isEqualTo(1);
    }
  }

  /**
   * A request that fails (a dropped connection, an error status) gives its turn back: with one
   * turn per window, the next request gets it a window later instead of waiting out maxWait.
   */
  @Test
  void aFailedRequestGivesItsTurnBack() {
    RateLimit onePer200Ms = new RateLimit(1, Duration.ofMillis(200), Duration.ofSeconds(30));
    try (ApiFixture f = new ApiFixture(b -> b.clientId("failing-integration"),
        b -> b.rateLimit(onePer200Ms).retryPolicy(RetryPolicy.none()))) {
      f.amo.faults().dropNext(1).failNext(1, 503).answerNext(400, "text/html", "<html/>");
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(f.client::account)
            .isInstanceOf(io.github.farolero.amocrm.error.AmoCrmException.class)
            .isNotInstanceOf(RateLimiterTimeoutException.class);
      }
      assertThat(f.client.account().name()).isEqualTo("Mock account");
      assertThat(f.amo.apiCalls()).isEqualTo(4);
    }
  }

  /** An interrupt ends the wait for a turn: nothing is sent, and the thread stays interrupted. */
  @Test
  void anInterruptEndsTheWaitForATurn() throws Exception {
    RateLimit oneAMinute = new RateLimit(1, Duration.ofMinutes(1), Duration.ofMinutes(5));
    try (ApiFixture f = new ApiFixture(b -> b.clientId("interrupted-integration"),
        b -> b.rateLimit(oneAMinute))) {
      f.client.account();
      java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean stillInterrupted =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread waiter = new Thread(() -> {
        try {
          f.client.account();
        } catch (RuntimeException e) {
          thrown.set(e);
          stillInterrupted.set(Thread.currentThread().isInterrupted());
        }
      });
      waiter.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() - deadline < 0) {
        Thread.sleep(5);
      }
      waiter.interrupt();
      waiter.join(Duration.ofSeconds(30).toMillis());
      assertThat(waiter.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOf(io.github.farolero.amocrm.error.AmoCrmException.class)
          .hasMessageContaining("interrupted");
      assertThat(stillInterrupted).isTrue();
      assertThat(f.amo.apiCalls()).isEqualTo(1);
      assertThat(f.sleeper.sleeps).isEmpty(); // an interrupt is not retried
    }
  }

  static final class Result {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger tooMany = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
  }

  /** Threads call the API in a loop until the time is up; counts outcomes. */
  static Result hammer(List<AmoCrmClient> clients, int threads, Duration time) throws Exception {
    return hammer(clients, threads, time, 1);
  }

  /** Like the above, each thread making at least {@code minCalls} calls. */
  static Result hammer(List<AmoCrmClient> clients, int threads, Duration time, int minCalls)
      throws Exception {
    Result r = new Result();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + time.toNanos();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        AmoCrmClient c = clients.get(t % clients.size());
        int n = t;
        futures.add(pool.submit(() -> {
          int i = n;
          int made = 0;
          while (made++ < minCalls || System.nanoTime() - end < 0) {
            try {
              switch (i++ % 3) {
                case 0 -> c.account();
                case 1 -> c.leads().page(ListRequest.builder().limit(50).page(1 + i % 5).build());
                default -> c.pipelines().list();
              }
              r.calls.incrementAndGet();
            } catch (TooManyRequestsException e) {
              r.tooMany.incrementAndGet();
            } catch (RuntimeException e) {
              r.failures.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> fu : futures) {
        fu.get(time.toSeconds() + 120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return r;
  }
}
