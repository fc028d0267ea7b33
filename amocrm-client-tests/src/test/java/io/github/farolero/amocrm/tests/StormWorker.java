package io.github.farolero.amocrm.tests;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.Sleeper;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.internal.RateLimitInterceptor;
import io.github.farolero.amocrm.internal.RateLimiters;
import io.github.farolero.amocrm.internal.TokenEndpoint;
import io.github.farolero.amocrm.internal.TokenManager;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One application instance of the storm, in a JVM of its own: a token store shared with the other
 * workers, a client on the parent's {@code MockAmoCrmServer} at the default rate limit (7 per
 * second for this process), and {@code threads} threads calling {@code GET /api/v4/account} in a
 * loop until told to stop. Arguments are {@code key=value}.
 *
 * <ul>
 *   <li>{@code mode=client}: an ordinary app, {@code AmoCrmClient.account()}.
 *   <li>{@code mode=legacy}: the negative control, the old request path rebuilt from core's
 *       internal parts ({@link LegacyAuthInterceptor}); a call whose final answer is not 2xx
 *       fails.
 *   <li>{@code store=file dir=...} or {@code store=jdbc jdbcUrl=... table=...}.
 * </ul>
 *
 * <p>Protocol on stdout: {@code READY} once built; {@code WARM} once {@value #WARM_CALLS} calls
 * succeeded; after {@code MARK} on stdin, {@code MOVING <n>} once as many calls as there are
 * threads succeeded since the mark; after {@code STOP} (or the end of stdin) the threads finish
 * their call in progress and it prints {@code RESULT ok=<n> failed=<n> afterMark=<n>
 * stuck=<n> first=<error or ->} and exits. Every failed call is also written to stderr (the first
 * 50 of them).
 */
public final class StormWorker {

  static final int WARM_CALLS = 8;
  private static final int LOGGED_FAILURES = 50;

  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicInteger logged = new AtomicInteger();
  private final AtomicReference<@Nullable String> firstError = new AtomicReference<>();
  private volatile boolean stop;
  private volatile long okAtMark = -1;

  private StormWorker() {}

  /** One API call; throws on failure. */
  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    HikariDataSource pool = null;
    TokenStore store;
    switch (a.get("store")) {
      case "file" -> store = FileTokenStore.of(Path.of(a.get("dir")));
      case "jdbc" -> {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(a.get("jdbcUrl"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(10_000);
        config.setPoolName("storm-" + a.get("index"));
        pool = new HikariDataSource(config);
        store = JdbcTokenStore.builder().dataSource(pool).tableName(a.get("table")).build();
      }
      default -> throw new IllegalArgumentException("store " + a.get("store"));
    }
    Call call = switch (a.get("mode")) {
      case "client" -> client(a, store);
      case "legacy" -> legacy(a, store);
      default -> throw new IllegalArgumentException("mode " + a.get("mode"));
    };
    new StormWorker().run(call, Integer.parseInt(a.get("threads")), a.get("index"));
    if (pool != null) {
      pool.close();
    }
    System.out.flush();
    System.exit(0);
  }

  /** An ordinary app: the client with every default (7 requests per second, default policy). */
  private static Call client(Map<String, String> a, TokenStore store) {
    AmoCrmClient client = AmoCrmClient.builder()
        .accountDomain(a.get("domain"))
        .baseUrl(a.get("baseUrl"))
        .clientId(a.get("clientId"))
        .clientSecret(a.get("clientSecret"))
        .redirectUri(a.get("redirectUri"))
        .tokenStore(store)
        .build();
    return client::account;
  }

  /**
   * The old ordering, outside in: {@link LegacyAuthInterceptor} (token chosen here), the limiter's
   * wait, and on the network side only the limiter's check. Built from core's {@code internal}
   * classes as {@code AmoCrmClient} builds its own: acceptable in this unpublished test module
   * only, which must wire the engine's parts the old way.
   */
  private static Call legacy(Map<String, String> a, TokenStore store) {
    HttpUrl base = HttpUrl.get(a.get("baseUrl"));
    GrantKey key = GrantKey.of(a.get("domain"));
    Clock clock = Clock.systemUTC();
    RateLimiters.Lane lane = RateLimiters.shared().lane(a.get("clientId"), key.domain(),
        base.scheme() + "://" + base.host() + ":" + base.port(), RateLimit.defaults());
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .writeTimeout(Duration.ofSeconds(30))
        .callTimeout(Duration.ofSeconds(90))
        .build();
    OkHttpClient tokenHttp = http.newBuilder()
        .addNetworkInterceptor(RateLimitInterceptor.observer(lane, clock))
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    TokenEndpoint endpoint = new TokenEndpoint(tokenHttp, base, key, a.get("clientId"),
        a.get("clientSecret"), a.get("redirectUri"), clock);
    TokenManager tokens = new TokenManager(key, store, endpoint, clock, RefreshPolicy.defaults(),
        TokenListener.NONE, Sleeper.SYSTEM);
    OkHttpClient api = http.newBuilder()
        .addInterceptor(new LegacyAuthInterceptor(tokens))
        .addInterceptor(RateLimitInterceptor.application(lane, clock))
        .addNetworkInterceptor(RateLimitInterceptor.network(lane, clock))
        .build();
    Request account = new Request.Builder().url(base.resolve("/api/v4/account")).get().build();
    return () -> {
      try (Response response = api.newCall(account).execute()) {
        if (!response.isSuccessful()) {
          throw new IllegalStateException("HTTP " + response.code() + " "
              + response.body().string().replaceAll("\\s+", " "));
        }
        response.body().string();
      }
    };
  }

  private void run(Call call, int threads, String index) throws Exception {
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread worker = new Thread(() -> loop(call, index, me), "storm-" + index + "-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    System.out.println("READY");
    System.out.flush();
    workers.forEach(Thread::start);
    Thread monitor = new Thread(() -> monitor(threads), "storm-monitor");
    monitor.setDaemon(true);
    monitor.start();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("STOP")) {
      if (line.equals("MARK")) {
        okAtMark = ok.get();
      }
    }
    stop = true;
    // A call in progress ends within the limiter's wait (60 s at most) plus its own timeouts.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    int stuck = 0;
    for (Thread worker : workers) {
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (worker.isAlive()) {
        stuck++;
        System.err.println(worker.getName() + " did not finish; its stack:");
        for (StackTraceElement e : worker.getStackTrace()) {
          System.err.println("\tat " + e);
        }
      }
    }
    long mark = okAtMark;
    String first = firstError.get();
    System.out.println("RESULT ok=" + ok.get() + " failed=" + failed.get() + " afterMark="
        + (mark < 0 ? 0 : ok.get() - mark) + " stuck=" + stuck + " first="
        + (first == null ? "-" : first));
    System.out.flush();
  }

  private void loop(Call call, String index, int thread) {
    while (!stop) {
      try {
        call.run();
        ok.incrementAndGet();
      } catch (Throwable e) {
        failed.incrementAndGet();
        String what = (e.getClass().getName() + ": " + e.getMessage()).replaceAll("\\s+", " ");
        firstError.compareAndSet(null, what);
        if (logged.incrementAndGet() <= LOGGED_FAILURES) {
          System.err.println(Instant.now() + " worker " + index + " thread " + thread
              + " call failed: " + what);
          if (logged.get() <= 3) {
            e.printStackTrace();
          }
        }
      }
    }
  }

  /** Prints WARM, and MOVING after a mark, when the counts get there. */
  private void monitor(int threads) {
    boolean warm = false;
    boolean moving = false;
    while (!stop && !moving) {
      long now = ok.get();
      if (!warm && now >= WARM_CALLS) {
        warm = true;
        System.out.println("WARM " + now);
        System.out.flush();
      }
      long mark = okAtMark;
      if (warm && mark >= 0 && now - mark >= threads) {
        moving = true;
        System.out.println("MOVING " + (now - mark));
        System.out.flush();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
