package io.github.farolero.amocrm.store.file.harness;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One process of a sync app: an {@link AmoCrmClient} on a {@link FileTokenStore} shared with
 * other processes, driven by its parent over stdin. The parent owns the clock: {@code TIME
 * <epoch millis>} sets it (answer {@code OK}); {@code CALL <n>} makes n concurrent {@code
 * account()} calls (answer {@code DONE <ok> <failed> <first error>}); {@code QUIT} ends.
 *
 * <p>Args: directory, base URL, account domain, client id, client secret, redirect URI, and
 * optionally {@code nolock}: the negative control, where the store's lock is hidden from the
 * client, as a store that cannot coordinate would be.
 */
public final class RefreshWorkerMain {

  /** The same files, but no lock offered: every process refreshes on its own. */
  static TokenStore withoutLock(TokenStore files) {
    return new TokenStore() {
      @Override
      public Optional<TokenRecord> load(GrantKey key) {
        return files.load(key);
      }

      @Override
      public void write(TokenRecord record) {
        files.write(record);
      }

      @Override
      public boolean delete(GrantKey key) {
        return files.delete(key);
      }

      @Override
      public List<GrantKey> keys() {
        return files.keys();
      }

      @Override
      public StoreInfo info() {
        return files.info();
      }
    };
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    // The parent sets it; the mock amoCRM in the parent runs on the same instants.
    MutableClock clock = MutableClock.at(Instant.EPOCH);
    AmoCrmClient client = AmoCrmClient.builder()
        .accountDomain(args[2])
        .baseUrl(args[1])
        .clientId(args[3])
        .clientSecret(args[4])
        .redirectUri(args[5])
        .tokenStore(args.length > 6 && args[6].equals("nolock")
            ? withoutLock(FileTokenStore.of(Path.of(args[0])))
            : FileTokenStore.of(Path.of(args[0])))
        .clock(clock)
        .rateLimit(RateLimit.perSecond(1_000)) // refreshes are counted here, not requests
        .build();
    ExecutorService pool = Executors.newCachedThreadPool();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    out.println("READY " + ProcessHandle.current().pid());
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      String[] cmd = line.split(" ");
      switch (cmd[0]) {
        case "TIME" -> {
          clock.set(Instant.ofEpochMilli(Long.parseLong(cmd[1])));
          out.println("OK");
        }
        case "CALL" -> {
          int n = Integer.parseInt(cmd[1]);
          CountDownLatch start = new CountDownLatch(1);
          List<Future<?>> calls = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            calls.add(pool.submit(() -> {
              start.await();
              return client.account();
            }));
          }
          start.countDown();
          int ok = 0;
          int failed = 0;
          String firstError = "-";
          for (Future<?> f : calls) {
            try {
              f.get(120, TimeUnit.SECONDS);
              ok++;
            } catch (Exception e) {
              failed++;
              if (firstError.equals("-")) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                firstError = c.getClass().getSimpleName() + ":" + String.valueOf(c.getMessage())
                    .replace(' ', '_');
              }
            }
          }
          out.println("DONE " + ok + " " + failed + " " + firstError);
        }
        case "QUIT" -> {
          pool.shutdownNow();
          out.println("BYE");
          out.flush();
          System.exit(0);
        }
        default -> out.println("ERR unknown command");
      }
      out.flush();
    }
    System.exit(0);
  }
}
