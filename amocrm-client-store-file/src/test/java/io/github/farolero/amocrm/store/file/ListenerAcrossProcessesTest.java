package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.harness.ChildJvm;
import io.github.farolero.amocrm.store.file.harness.RefreshWorkerMain;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Listener", across real processes (issue 8; the in-JVM cases are the testkit's
 * ListenerIsolationTest): while this process's listener blocks in {@code onRefreshed}, or after it
 * threw an {@code Error}, another JVM on the same token directory takes the OS file lock and
 * refreshes. Listeners run after the lock is released, so they cannot hold other processes.
 */
class ListenerAcrossProcessesTest {

  private static final int THREADS = 16;
  private static final Duration STEP = Duration.ofSeconds(60);

  @TempDir Path tmp;

  /** Blocks the first onRefreshed until released. */
  static final class Blocking implements TokenListener {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onRefreshed(TokenStatus status) {
      if (calls.incrementAndGet() == 1) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Throws an Error from onRefreshed. */
  static final class ErrorThrowing implements TokenListener {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onRefreshed(TokenStatus status) {
      calls.incrementAndGet();
      throw new LinkageError("listener error (test)");
    }
  }

  @Test
  void anotherProcessRefreshesWhileThisProcesssListenerBlocks() throws Exception {
    Path dir = tmp.resolve("tokens");
    MutableClock clock = MutableClock.create();
    Blocking listener = new Blocking();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start();
        ChildJvm other = worker(amo, dir)) {
      FileTokenStore store = FileTokenStore.of(dir);
      AmoCrmClient client = client(amo, clock, store, listener);
      client.tokens().authorize(amo.issueAuthorizationCode());
      client.account();
      clock.set(store.load(amo.grantKey()).orElseThrow().expiresAt().plusSeconds(1));

      CompletionService<Object> done = new ExecutorCompletionService<>(pool);
      List<Future<Object>> calls = sixteen(client, done);
      assertThat(listener.entered.await(STEP.toSeconds(), TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < THREADS - 1; i++) {
        Future<Object> call = done.poll(STEP.toSeconds(), TimeUnit.SECONDS);
        assertThat(call).as("caller %d to return while the listener blocks", i + 1).isNotNull();
        assertThat(call.get()).isInstanceOf(Account.class);
      }
      assertThat(calls.stream().filter(c -> !c.isDone())).hasSize(1); // the one delivering

      // The other process must refresh too: its clock is past the new pair's expiry.
      assertThat(otherProcessRefreshes(amo, clock, store, other)).isTrue();
      assertThat(listener.release.getCount()).as("the listener still blocks").isEqualTo(1);

      listener.release.countDown();
      Future<Object> last = done.poll(STEP.toSeconds(), TimeUnit.SECONDS);
      assertThat(last).isNotNull();
      assertThat(last.get()).isInstanceOf(Account.class);
      quit(other);
    } finally {
      listener.release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void anotherProcessRefreshesAfterThisProcesssListenerThrewAnError() throws Exception {
    Path dir = tmp.resolve("tokens");
    MutableClock clock = MutableClock.create();
    ErrorThrowing listener = new ErrorThrowing();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start();
        ChildJvm other = worker(amo, dir)) {
      FileTokenStore store = FileTokenStore.of(dir);
      AmoCrmClient client = client(amo, clock, store, listener);
      client.tokens().authorize(amo.issueAuthorizationCode());
      client.account();
      clock.set(store.load(amo.grantKey()).orElseThrow().expiresAt().plusSeconds(1));

      CompletionService<Object> done = new ExecutorCompletionService<>(pool);
      for (Future<Object> call : sixteen(client, done)) {
        assertThat(call.get(STEP.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Account.class);
      }
      assertThat(listener.calls).hasValue(1);

      assertThat(otherProcessRefreshes(amo, clock, store, other)).isTrue();
      quit(other);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Moves the clock past the stored pair's expiry, has the other process make one call (which
   * must refresh under the file lock), and returns true if it did so without an error or a
   * revoked refresh token.
   */
  private static boolean otherProcessRefreshes(MockAmoCrmServer amo, MutableClock clock,
      FileTokenStore store, ChildJvm other) throws Exception {
    TokenRecord before = store.load(amo.grantKey()).orElseThrow();
    Instant later = before.expiresAt().plusSeconds(1);
    clock.set(later);
    other.send("TIME " + later.toEpochMilli());
    other.expect("OK", STEP);
    int refreshes = amo.successfulRefreshes();
    other.send("CALL 1");
    assertThat(other.expect("DONE ", STEP)).isEqualTo("DONE 1 0 -");
    TokenRecord after = store.load(amo.grantKey()).orElseThrow();
    return amo.successfulRefreshes() == refreshes + 1 && !after.sameTokens(before)
        && amo.revokedRefreshes() == 0 && amo.isRefreshTokenLive(after.refreshToken());
  }

  private static ChildJvm worker(MockAmoCrmServer amo, Path dir) throws Exception {
    ChildJvm w = ChildJvm.start(RefreshWorkerMain.class, dir.toString(),
        amo.baseUrl().toString(), amo.accountDomain(), amo.clientId(), amo.clientSecret(),
        amo.redirectUri(), "locked");
    w.expect("READY", STEP);
    return w;
  }

  private static void quit(ChildJvm w) throws Exception {
    w.send("QUIT");
    w.expect("BYE", STEP);
    assertThat(w.waitFor(STEP)).isZero();
  }

  private static AmoCrmClient client(MockAmoCrmServer amo, MutableClock clock,
      FileTokenStore store, TokenListener listener) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain())
        .baseUrl(amo.baseUrl())
        .clientId(amo.clientId())
        .clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .clock(clock)
        .rateLimit(RateLimit.perSecond(1_000))
        .tokenListener(listener)
        .build();
  }

  private static List<Future<Object>> sixteen(AmoCrmClient client,
      CompletionService<Object> done) {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(done.submit(() -> {
        go.await();
        try {
          return client.account();
        } catch (Throwable t) {
          return t;
        }
      }));
    }
    go.countDown();
    return calls;
  }
}
