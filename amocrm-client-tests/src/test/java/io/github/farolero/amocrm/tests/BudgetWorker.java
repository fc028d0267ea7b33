package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.jdbc.JdbcRateBudget;
import io.github.farolero.amocrm.store.redis.RedisRateBudget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One process of {@link ClusterBudgetTest}: a client with the default 7 per second, sharing the
 * budget it is given (or none: the control), and {@code threads} threads calling
 * {@code account()} as fast as the client lets them. Lines on stdout: {@code READY} once built,
 * then (after {@code GO} on stdin) {@code HOLDING} if it was told to hang a request, and
 * {@code DONE ok=N failed=M} when {@code STOP} arrives.
 *
 * <p>Arguments, {@code key=value}: {@code base}, {@code domain}, {@code token} (a long-lived
 * token of the mock), {@code budget} ({@code none}, {@code jdbc} or {@code redis}), {@code url}
 * (the JDBC URL or Redis URI), {@code lease} (ms), {@code threads}, {@code hangAfter} (hang the
 * n-th request on the wire, holding its turn, until the process is killed; 0 never).
 */
public final class BudgetWorker {

  private BudgetWorker() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      int eq = a.indexOf('=');
      args.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int threads = Integer.parseInt(args.getOrDefault("threads", "8"));
    int hangAfter = Integer.parseInt(args.getOrDefault("hangAfter", "0"));
    Duration lease = Duration.ofMillis(Long.parseLong(args.getOrDefault("lease", "120000")));

    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean hung = new AtomicBoolean();
    // A user's network interceptor runs after the limiter took the request's turns: hanging here
    // is a request in flight when its process dies, its shared turn never given back.
    OkHttpClient http = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      if (hangAfter > 0 && sent.incrementAndGet() == hangAfter && hung.compareAndSet(false, true)) {
        System.out.println("HOLDING");
        System.out.flush();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("hung request interrupted");
        }
      }
      return chain.proceed(chain.request());
    }).build();

    AmoCrmClient.Builder b = AmoCrmClient.builder()
        .accountDomain(args.get("domain"))
        .baseUrl(args.get("base"))
        .clientId(args.getOrDefault("clientId", "cluster-budget-integration"))
        .longLivedToken(args.get("token"))
        .okHttpClient(http)
        .rateLimit(RateLimit.defaults());
    RateBudget budget = budget(args.get("budget"), args.get("url"), lease);
    if (budget != null) {
      b.rateBudget(budget);
    }
    AmoCrmClient client = b.build();

    LongAdder ok = new LongAdder();
    Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("READY");
    System.out.flush();
    if (!"GO".equals(in.readLine())) {
      return;
    }
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        while (!stop.get()) {
          try {
            client.account();
            ok.increment();
          } catch (AmoCrmException e) {
            failed.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
          }
        }
      }, "caller-" + t);
      workers[t].setDaemon(true);
      workers[t].start();
    }
    String line;
    while ((line = in.readLine()) != null && !line.equals("STOP")) {
      // wait
    }
    stop.set(true);
    for (Thread w : workers) {
      w.join(Duration.ofSeconds(70).toMillis());
    }
    long failures = failed.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.println("DONE ok=" + ok.sum() + " failed=" + failures + " " + failed);
    System.out.flush();
    System.exit(0);
  }

  private static @Nullable RateBudget budget(String kind, @Nullable String url, Duration lease) {
    switch (kind) {
      case "none":
        return null;
      case "redis":
        return RedisRateBudget.builder(url).lease(lease).build();
      case "jdbc":
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        return JdbcRateBudget.builder().dataSource(ds).createTableIfMissing(true).lease(lease)
            .build();
      default:
        throw new IllegalArgumentException("budget=" + kind);
    }
  }
}
