package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Invariant 7's two windows, end to end, with different widths (advisory 5 minutes, mandatory 60
 * seconds) and a refresh held open (its save blocks on a latch): in the advisory window another
 * caller does not wait for it and is served the still-valid token; in the mandatory window
 * another caller waits for it (its thread is seen parked in the refresh's wait) and is served the
 * new token.
 */
class WindowsWaitTest {

  private static final RefreshPolicy POLICY = RefreshPolicy.builder()
      .advisoryWindow(Duration.ofMinutes(5)).mandatoryWindow(Duration.ofSeconds(60)).build();

  /** A store whose writes wait for the test's word once {@link #hold} is set. */
  static final class HeldStore extends StoreWrappers.Forwarding {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hold;

    HeldStore() {
      super(new InMemoryTokenStore());
    }

    @Override
    public void write(TokenRecord record) {
      if (hold) {
        writing.countDown();
        try {
          release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.write(record);
    }
  }

  @Test
  void inTheAdvisoryWindowAnotherCallerDoesNotWaitForTheRefresh() throws Exception {
    run(Duration.ofMinutes(2), false);
  }

  @Test
  void inTheMandatoryWindowAnotherCallerWaitsForTheRefreshAndGetsTheNewToken() throws Exception {
    run(Duration.ofSeconds(30), true);
  }

  private static void run(Duration beforeExpiry, boolean othersWait) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Fixture f = new Fixture()) {
      HeldStore store = new HeldStore();
      AmoCrmClient client = f.clientBuilder(store).refreshPolicy(POLICY).build();
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord old = store.load(f.amo.grantKey()).orElseThrow();
      f.clock.set(old.expiresAt().minus(beforeExpiry));
      store.hold = true;

      Future<?> first = pool.submit(client::account); // starts the refresh, held in its save
      assertThat(store.writing.await(1, TimeUnit.MINUTES)).as("the refresh reached its save")
          .isTrue();
      AtomicReference<Thread> secondThread = new AtomicReference<>();
      Future<?> second = pool.submit(() -> {
        secondThread.set(Thread.currentThread());
        return client.account();
      });

      if (othersWait) {
        awaitParkedInTheRefreshWait(secondThread);
        assertThat(second.isDone()).as("the second caller waits while the refresh is held")
            .isFalse();
        store.release.countDown();
        second.get(1, TimeUnit.MINUTES);
        assertThat(f.amo.lastApiRequestHeaders().get("Authorization"))
            .as("the waiting caller was served the new token")
            .isNotEqualTo("Bearer " + old.accessToken());
      } else {
        second.get(1, TimeUnit.MINUTES); // completes while the refresh is still held
        assertThat(store.release.getCount()).as("the refresh is still held").isEqualTo(1);
        assertThat(f.amo.lastApiRequestHeaders().get("Authorization"))
            .as("served the still-valid token").isEqualTo("Bearer " + old.accessToken());
        store.release.countDown();
      }
      first.get(1, TimeUnit.MINUTES);
      assertThat(f.amo.refreshCalls()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits (bounded) until the thread is parked waiting for the shared refresh. */
  private static void awaitParkedInTheRefreshWait(AtomicReference<Thread> thread)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      Thread t = thread.get();
      if (t != null && (t.getState() == Thread.State.WAITING
          || t.getState() == Thread.State.TIMED_WAITING)
          && Arrays.stream(t.getStackTrace())
              .anyMatch(e -> e.getClassName().endsWith("SingleFlight$Flight")
                  && e.getMethodName().equals("await"))) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the second caller never waited for the refresh");
  }
}
