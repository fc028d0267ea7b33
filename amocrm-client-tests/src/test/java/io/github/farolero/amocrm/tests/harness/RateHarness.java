package io.github.farolero.amocrm.tests.harness;

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
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Must show: 8 threads working for 60 seconds against the mock's 7-per-second window get no 429,
 * and the achieved rate. Not a unit test (it runs in real time); run it with
 *
 * <pre>
 * mvn -B -q -pl amocrm-client-testkit -am -Prate-harness -DskipTests test
 * mvn -B -q -pl amocrm-client-testkit -am -Prate-harness -DskipTests test \
 *     -Dharness.threads=8 -Dharness.seconds=60
 * </pre>
 *
 * <p>The client runs with its defaults (7 requests in any second, shared by its clients) and no
 * retries, so any 429 would surface; two clients of the one integration split the threads. The
 * mock runs with its default window: at most 7 requests in any 1-second window, by arrival, 429
 * with HTML beyond it. Fails if any request got 429 or failed.
 */
public final class RateHarness {
  private RateHarness() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.getInteger("harness.threads", 8);
    int seconds = Integer.getInteger("harness.seconds", 60);
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      amo.seedLeads(2_000);
      String token = amo.issueLongLivedToken(Duration.ofDays(1)).accessToken();
      List<AmoCrmClient> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        clients.add(AmoCrmClient.builder().accountDomain(amo.accountDomain())
            .baseUrl(amo.baseUrl()).clientId(amo.clientId()).longLivedToken(token)
            .rateLimit(RateLimit.defaults()).retryPolicy(RetryPolicy.none()).build());
      }
      AtomicInteger ok = new AtomicInteger();
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
              ok.incrementAndGet();
            } catch (TooManyRequestsException e) {
              tooMany.incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
              System.err.println("failed: " + e);
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
      System.out.printf(Locale.ROOT, "threads=%d duration=%.1fs clients=%d%n", threads, elapsed,
          clients.size());
      System.out.printf(Locale.ROOT, "requests=%d ok=%d failed=%d 429-client=%d 429-mock=%d%n",
          requests, ok.get(), failed.get(), tooMany.get(), amo.tooManyRequestsSent());
      System.out.printf(Locale.ROOT, "achieved=%.2f requests/s, peak in any 1 s window=%d"
          + " (limit 7)%n", requests / elapsed, amo.peakRequestsInWindow());
      if (amo.tooManyRequestsSent() > 0 || failed.get() > 0) {
        throw new IllegalStateException("the limit was broken: " + amo.tooManyRequestsSent()
            + " x 429, " + failed.get() + " failures");
      }
    }
  }
}
