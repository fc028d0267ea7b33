package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.model.Lead;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Every answer's body is closed on every path, successes and each kind of failure: a connection
 * held by an unclosed body would never go back to the pool (OkHttp's "A connection to ... was
 * leaked"). With a pool of one connection, the pool's connections are all idle after each call.
 */
class ApiConnectionsTest {

  @Test
  void noPathLeavesAConnectionHeld() {
    ConnectionPool pool = new ConnectionPool(1, 5, TimeUnit.MINUTES);
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();
    // A ban's cool-down of a nanosecond: every round's first request after a ban probes it.
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.okHttpClient(http).rateLimit(
        io.github.farolero.amocrm.RateLimit.perSecond(10_000).withBanCoolDown(Duration.ofNanos(1))))) {
      f.amo.seedLeads(30);
      List<Runnable> calls = List.of(
          () -> f.client.account(),
          () -> f.client.leads().stream(ListRequest.builder().limit(10).build()).count(),
          () -> f.client.leads().stream(ListRequest.builder().limit(10).build()).findFirst(),
          () -> f.client.leads().get(1),                                           // 204
          () -> f.client.pipelines().statuses(999),                               // 404
          () -> f.client.leads().add(List.of(Lead.builder().price(-1L).build())), // 400
          () -> {
            f.amo.faults().failNext(4, 503);                                      // retried
            f.client.account();
          },
          () -> {
            f.amo.faults().failNext(4, 429);
            f.client.account();
          },
          () -> {
            f.amo.faults().answerNext(200, "application/hal+json", "{\"id\": ");  // unreadable
            f.client.account();
          },
          () -> {
            f.amo.faults().dropNext(2);
            f.client.account();
          },
          () -> {
            f.amo.blockAccount(true);
            try {
              f.client.account();
            } finally {
              f.amo.blockAccount(false);
            }
          });
      for (int round = 0; round < 5; round++) {
        for (Runnable call : calls) {
          Throwable t = catchThrowable(call::run);
          assertThat(t == null || t instanceof AmoCrmException).as("%s", t).isTrue();
          assertThat(pool.idleConnectionCount()).as("idle after %s", t)
              .isEqualTo(pool.connectionCount());
        }
      }
      assertThat(f.amo.apiCalls()).isEqualTo(5 * 21);
      // Last, as a refused long-lived token stops the client: the auth path's 401 retry.
      f.amo.faults().answerNext(401, "application/problem+json", "{}");
      assertThat(catchThrowable(f.client::account)).isInstanceOf(AmoCrmException.class);
      assertThat(f.amo.apiCalls()).isEqualTo(5 * 21 + 1);
      assertThat(pool.idleConnectionCount()).isEqualTo(pool.connectionCount());
    } finally {
      http.dispatcher().executorService().shutdown();
      pool.evictAll();
    }
  }

  @Test
  void anAbandonedStreamHoldsNoConnection() {
    ConnectionPool pool = new ConnectionPool(1, 5, TimeUnit.MINUTES);
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool)
        .readTimeout(Duration.ofSeconds(30)).build();
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.okHttpClient(http))) {
      f.amo.seedLeads(600);
      // Read 3 of the first page and walk away: the page was read whole, nothing is left open.
      java.util.Iterator<Lead> it = f.client.leads().iterator(ListRequest.all());
      it.next();
      it.next();
      it.next();
      assertThat(pool.idleConnectionCount()).isEqualTo(pool.connectionCount());
    } finally {
      pool.evictAll();
    }
  }
}
