package io.github.farolero.amocrm.harness;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * A worker process for the stores' cluster tests: one application instance with the store its
 * {@link Opener} makes (argument {@code opener}: a class name; the JDBC module's opens a HikariCP
 * pool and a {@code JdbcTokenStore}, the Redis module's a {@code RedisTokenStore}) and an
 * {@link AmoCrmClient} on the parent's {@code MockAmoCrmServer}.
 * Its clock stands at {@code clock} (an ISO instant) until the parent moves it. Arguments are
 * {@code key=value}.
 *
 * <ul>
 *   <li>{@code mode=cluster}: reads commands from stdin. {@code STEP <instant>} sets the clock,
 *       then {@code threads} threads each make {@code calls} API calls at once; the answer is
 *       {@code DONE <ok> <failed>}. The end of stdin ends the process.
 *   <li>{@code mode=stall}: one call, whose token refresh stalls before it reaches amoCRM (an
 *       interceptor that never returns); prints {@code STALLED} once it is there, holding the
 *       lease, and waits to be killed.
 *   <li>{@code mode=once}: prints {@code STARTED}, makes one API call, prints {@code RESULT ok} or
 *       {@code RESULT failed <what>}. Around the store's lock it prints {@code ACQUIRING} when the
 *       client starts to take it and {@code ACQUIRED} once it holds it, so that the parent can
 *       see a waiter that has started and not yet got the lock.
 * </ul>
 *
 * <p>{@code lock=false} is the negative control of the cluster test: the same store with its
 * lease hidden from the client, as a store that cannot coordinate would be.
 */
public final class StoreWorker {

  /** Makes the worker's store from its arguments; closes what it opened. */
  public interface Opener extends AutoCloseable {

    /** Opens the store the worker's client uses. */
    TokenStore open(Map<String, String> args) throws Exception;
  }

  private StoreWorker() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    MutableClock clock = MutableClock.at(Instant.parse(a.get("clock")));
    try (Opener opener = (Opener) Class.forName(a.get("opener")).getDeclaredConstructor()
        .newInstance()) {
      TokenStore opened = opener.open(a);
      TokenStore store = a.getOrDefault("lock", "true").equals("false") ? withoutLock(opened)
          : a.get("mode").equals("once") ? reportingLock(opened) : opened;
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
          .clock(clock)
          .refreshPolicy(policy)
          // The test counts refreshes, not requests: no need to keep amoCRM's 7 per second.
          .rateLimit(RateLimit.perSecond(1_000));
      switch (a.get("mode")) {
        case "cluster" -> cluster(client.build(), clock, a);
        case "stall" -> stall(client);
        case "once" -> once(client.build());
        default -> throw new IllegalArgumentException("mode " + a.get("mode"));
      }
    }
    System.out.flush();
    System.exit(0);
  }

  /** The same rows, but no lock offered: every process refreshes on its own. */
  static TokenStore withoutLock(TokenStore rows) {
    return new TokenStore() {
      @Override
      public Optional<TokenRecord> load(GrantKey key) {
        return rows.load(key);
      }

      @Override
      public void write(TokenRecord record) {
        rows.write(record);
      }

      @Override
      public boolean delete(GrantKey key) {
        return rows.delete(key);
      }

      @Override
      public List<GrantKey> keys() {
        return rows.keys();
      }

      @Override
      public StoreInfo info() {
        return rows.info();
      }
    };
  }

  /** The same store; its lock prints ACQUIRING before it is taken and ACQUIRED once held. */
  static TokenStore reportingLock(TokenStore store) {
    GrantLocker lease = store.locker().orElseThrow();
    GrantLocker reporting = new GrantLocker() {
      @Override
      public LockScope scope() {
        return lease.scope();
      }

      @Override
      public GrantLock acquire(GrantKey key, Duration leaseTime, Duration maxWait) {
        System.out.println("ACQUIRING " + key);
        System.out.flush();
        GrantLock held = lease.acquire(key, leaseTime, maxWait);
        System.out.println("ACQUIRED " + key);
        System.out.flush();
        return held;
      }
    };
    TokenStore rows = withoutLock(store);
    return new TokenStore() {
      @Override
      public Optional<TokenRecord> load(GrantKey key) {
        return rows.load(key);
      }

      @Override
      public void write(TokenRecord record) {
        rows.write(record);
      }

      @Override
      public boolean delete(GrantKey key) {
        return rows.delete(key);
      }

      @Override
      public List<GrantKey> keys() {
        return rows.keys();
      }

      @Override
      public StoreInfo info() {
        return rows.info();
      }

      @Override
      public Optional<GrantLocker> locker() {
        return Optional.of(reporting);
      }
    };
  }

  private static void cluster(AmoCrmClient client, MutableClock clock, Map<String, String> a)
      throws IOException, InterruptedException {
    int index = Integer.parseInt(a.get("index"));
    int threads = Integer.parseInt(a.get("threads"));
    int calls = Integer.parseInt(a.get("calls"));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.split(" ");
      if (!cmd[0].equals("STEP")) {
        throw new IllegalArgumentException("command " + line);
      }
      clock.set(Instant.parse(cmd[1]));
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        failures.add(pool.submit(() -> {
          start.await();
          int failed = 0;
          for (int i = 0; i < calls; i++) {
            try {
              client.account();
            } catch (RuntimeException e) {
              failed++;
              System.err.println("worker " + index + " thread " + me + " at " + cmd[1] + ": " + e);
            }
          }
          return failed;
        }));
      }
      start.countDown();
      int failed = 0;
      for (Future<Integer> f : failures) {
        try {
          failed += f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
          failed += calls;
          System.err.println("worker " + index + ": a thread did not finish: " + e);
        }
      }
      System.out.println("DONE " + ((long) threads * calls - failed) + " " + failed);
      System.out.flush();
    }
    pool.shutdownNow();
  }

  private static void stall(AmoCrmClient.Builder client) {
    OkHttpClient http = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          if (chain.request().url().encodedPath().equals("/oauth2/access_token")) {
            System.out.println("STALLED");
            System.out.flush();
            try {
              new CountDownLatch(1).await(); // parked until SIGKILL
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

  private static void once(AmoCrmClient client) {
    System.out.println("STARTED");
    System.out.flush();
    try {
      client.account();
      System.out.println("RESULT ok");
    } catch (RuntimeException e) {
      System.out.println("RESULT failed " + e);
    }
  }
}
