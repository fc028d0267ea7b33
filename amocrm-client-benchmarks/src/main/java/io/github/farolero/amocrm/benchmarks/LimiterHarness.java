package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.TooManyRequestsException;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figure 7: {@code threads} threads working for {@code seconds} against the mock's default window
 * (at most 7 requests in any second, by arrival, 429 beyond it), through two clients of one
 * integration at the library's defaults (7 per second) with retries off, so that any 429 surfaces.
 * The calls mix reads and writes, as {@code RateHarness} in the tests module does. The baseline is
 * the physical limit, 7.0 requests per second.
 */
final class LimiterHarness {

  /** What a run showed. */
  record Result(int threads, double seconds, int requests, double perSecond, int tooMany,
      int failed, int peakInWindow) {}

  private LimiterHarness() {}

  static Result run(int threads, int seconds) throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      amo.seedLeads(2_000);
      String token = amo.issueLongLivedToken(Duration.ofDays(1)).accessToken();
      List<AmoCrmClient> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        clients.add(AmoCrmClient.builder().accountDomain(amo.accountDomain())
            .baseUrl(amo.baseUrl()).clientId(amo.clientId()).longLivedToken(token)
            .rateLimit(RateLimit.defaults()).retryPolicy(RetryPolicy.none()).build());
      }
      AtomicInteger tooMany = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        AmoCrmClient c = clients.get(t % clients.size());
        int first = t;
        work.add(pool.submit(() -> {
          int i = first;
          while (System.nanoTime() - end < 0) {
            try {
              switch (i++ % 4) {
                case 0 -> c.account();
                case 1 -> c.leads().page(ListRequest.builder().limit(250).page(1 + i % 8).build());
                case 2 -> c.leads().get(10_000_000L + i % 2_000);
                default -> c.leads().update(List.of(
                    Lead.builder().id(10_000_000L + i % 2_000).price((long) i).build()));
              }
            } catch (TooManyRequestsException e) {
              tooMany.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : work) {
        f.get(seconds + 300L, TimeUnit.SECONDS);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      int requests = amo.apiCalls();
      return new Result(threads, elapsed, requests, requests / elapsed,
          Math.max(tooMany.get(), amo.tooManyRequestsSent()), failed.get(),
          amo.peakRequestsInWindow());
    }
  }
}
