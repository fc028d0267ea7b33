package io.github.farolero.amocrm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import okhttp3.OkHttpClient;

/**
 * A worker process for the cluster tests: one application instance with a HikariCP pool, a
 * {@link JdbcTokenStore} and an {@link AmoCrmClient} on the parent's {@code MockAmoCrmServer},
 * its clock the parent's {@link SharedControl}. Arguments are {@code key=value}.
 *
 * <ul>
 *   <li>{@code mode=cluster}: {@code threads} threads each make {@code calls} API calls per step of
 *       the run, then wait for the parent's next step; prints {@code RESULT calls=N failures=M}
 *       when the parent says stop.
 *   <li>{@code mode=stall}: one call, whose token refresh stalls before it reaches amoCRM (an
 *       interceptor that never returns); prints {@code STALLED} once it is there, holding the
 *       lease, and waits to be killed.
 *   <li>{@code mode=once}: prints {@code STARTED}, makes one API call, prints {@code RESULT ok} or
 *       {@code RESULT failed <what>}.
 * </ul>
 */
public final class ClusterWorker {

  private ClusterWorker() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    SharedControl control = SharedControl.open(Path.of(a.get("control")));
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(a.get("jdbcUrl"));
    pool.setUsername(a.get("dbUser"));
    pool.setMaximumPoolSize(Integer.parseInt(a.getOrDefault("poolSize", "4")));
    pool.setConnectionTimeout(10_000);
    pool.setPoolName("worker-" + a.get("index"));
    try (HikariDataSource ds = new HikariDataSource(pool)) {
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(a.get("table"))
          .build();
      RefreshPolicy policy = RefreshPolicy.builder()
          .lockLease(Duration.ofMillis(Long.parseLong(a.getOrDefault("leaseMillis", "120000"))))
          .lockWait(Duration.ofMillis(Long.parseLong(a.getOrDefault("waitMillis", "60000"))))
          .build();
      AmoCrmClient.Builder client = AmoCrmClient.builder()
          .accountDomain(a.get("domain"))
          .baseUrl(a.get("baseUrl"))
          .clientId(a.get("clientId"))
          .clientSecret(a.get("clientSecret"))
          .redirectUri(a.get("redirectUri"))
          .tokenStore(store)
          .clock(control.clock())
          .refreshPolicy(policy)
          // The test counts refreshes, not requests: no need to keep amoCRM's 7 per second.
          .rateLimit(RateLimit.perSecond(1_000));
      switch (a.get("mode")) {
        case "cluster" -> cluster(client.build(), control, a);
        case "stall" -> stall(client);
        case "once" -> once(client.build());
        default -> throw new IllegalArgumentException("mode " + a.get("mode"));
      }
    }
    System.out.flush();
    System.exit(0);
  }

  private static void cluster(AmoCrmClient client, SharedControl control, Map<String, String> a)
      throws InterruptedException {
    int index = Integer.parseInt(a.get("index"));
    int threads = Integer.parseInt(a.get("threads"));
    int calls = Integer.parseInt(a.get("calls"));
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLongArray done = new AtomicLongArray(threads);
    for (int t = 0; t < threads; t++) {
      done.set(t, -1);
    }
    CountDownLatch finished = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread worker = new Thread(() -> {
        try {
          long seen = -1;
          while (!control.stopped()) {
            long step = control.step();
            if (step == seen) {
              sleepQuietly(1);
              continue;
            }
            for (int i = 0; i < calls; i++) {
              try {
                client.account();
                ok.incrementAndGet();
              } catch (RuntimeException e) {
                failed.incrementAndGet();
                System.err.println("worker " + index + " thread " + me + " step " + step
                    + ": " + e);
              }
            }
            seen = step;
            done.set(me, step);
          }
        } finally {
          finished.countDown();
        }
      }, "worker-" + index + "-" + t);
      worker.start();
    }
    // Report the step every thread of this process has finished.
    while (!control.stopped()) {
      long min = Long.MAX_VALUE;
      for (int t = 0; t < threads; t++) {
        min = Math.min(min, done.get(t));
      }
      control.setProgress(index, min);
      sleepQuietly(2);
    }
    if (!finished.await(60, TimeUnit.SECONDS)) {
      System.err.println("worker " + index + ": threads did not finish in 60 s");
    }
    System.out.println("RESULT calls=" + ok.get() + " failures=" + failed.get());
  }

  private static void stall(AmoCrmClient.Builder client) {
    OkHttpClient http = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          if (chain.request().url().encodedPath().equals("/oauth2/access_token")) {
            System.out.println("STALLED");
            System.out.flush();
            try {
              Thread.sleep(Long.MAX_VALUE); // until SIGKILL
            } catch (InterruptedException e) {
              throw new InterruptedIOException("interrupted");
            }
          }
          return chain.proceed(chain.request());
        })
        .build();
    try {
      client.okHttpClient(http).build().account();
      System.out.println("RESULT unexpectedly ok");
    } catch (RuntimeException e) {
      System.out.println("RESULT failed " + e);
    }
  }

  private static void once(AmoCrmClient client) throws IOException {
    System.out.println("STARTED");
    System.out.flush();
    try {
      client.account();
      System.out.println("RESULT ok");
    } catch (RuntimeException e) {
      System.out.println("RESULT failed " + e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
