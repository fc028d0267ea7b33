package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;

/**
 * One application instance of a refresh storm ({@link RefreshStorm}), in a JVM of its own: a
 * {@code FileTokenStore} on the directory every instance shares, and either the library's client
 * ({@code mode=library}) or the {@link NaiveClient} ({@code mode=naive}) on the parent's mock.
 * Arguments are {@code key=value}; the client secret comes in {@code AMO_CLIENT_SECRET}.
 *
 * <p>Protocol: {@code READY} once built. {@code STEP <instant>} on stdin sets its clock there, then
 * all {@code threads} threads make one API call at once; the answer is {@code DONE <ok>
 * <failed>}. The end of stdin ends it.
 */
public final class StormNode {

  private StormNode() {}

  /** One API call. */
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
    MutableClock clock = MutableClock.at(Instant.parse(a.get("clock")));
    FileTokenStore store = FileTokenStore.of(Path.of(a.get("dir")));
    String secret = System.getenv("AMO_CLIENT_SECRET");
    Call call;
    if (a.get("mode").equals("library")) {
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(a.get("domain"))
          .baseUrl(a.get("baseUrl"))
          .clientId(a.get("clientId"))
          .clientSecret(secret)
          .redirectUri(a.get("redirectUri"))
          .tokenStore(store)
          .clock(clock)
          .rateLimit(Bench.UNLIMITED)
          .build();
      call = client::account;
    } else {
      NaiveClient naive = new NaiveClient(store, GrantKey.of(a.get("domain")),
          HttpUrl.get(a.get("baseUrl")), a.get("clientId"), secret, a.get("redirectUri"), clock);
      call = naive::account;
    }
    int threads = Integer.parseInt(a.get("threads"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.split(" ");
      clock.set(Instant.parse(cmd[1]));
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> calls = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        calls.add(pool.submit(() -> {
          start.await();
          try {
            call.run();
            return true;
          } catch (Exception e) {
            return false;
          }
        }));
      }
      start.countDown();
      int ok = 0;
      int failed = 0;
      for (Future<Boolean> f : calls) {
        try {
          if (f.get(120, TimeUnit.SECONDS)) {
            ok++;
          } else {
            failed++;
          }
        } catch (Exception e) {
          failed++;
        }
      }
      System.out.println("DONE " + ok + " " + failed);
      System.out.flush();
    }
    pool.shutdownNow();
    System.exit(0);
  }
}
