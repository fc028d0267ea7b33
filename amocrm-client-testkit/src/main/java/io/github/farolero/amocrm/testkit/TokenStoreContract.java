package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The tests every {@link TokenStore} passes. Extend it, return a fresh, empty store from {@link
 * #createStore()}, and JUnit 5 runs the suite against it:
 *
 * <pre>{@code
 * class RedisTokenStoreTest extends TokenStoreContract {
 *   @Override protected TokenStore createStore() { return new RedisTokenStore(redis, "t-" + UUID.randomUUID()); }
 * }
 * }</pre>
 *
 * <p>What it checks: round trip; compare-and-set rejects a stale or equal version and keeps the
 * stored record; many grants side by side; concurrent writers of one version (exactly one wins);
 * delete; "absent" is distinct from "failed" (if {@link #makeUnavailable} is implemented); tokens
 * never in {@code toString()} or error messages; and, for stores offering a lock, exclusion,
 * bounded waits and leases that expire.
 *
 * <p>Instants in the records it writes are whole milliseconds: a store must keep at least that
 * precision. Read-only stores skip the writing tests; extend {@link #seed} to run the reading
 * ones.
 */
public abstract class TokenStoreContract {

  /** Distinctive strings: if one shows up in a message, a token leaked. */
  private static final String CANARY = "CANARY";

  /** The store under test, made fresh for every test. */
  protected TokenStore store;

  /**
   * Returns a new, empty store. Called before every test.
   *
   * @return the store
   * @throws Exception if it cannot be made
   */
  protected abstract TokenStore createStore() throws Exception;

  /**
   * Makes the store unable to answer (a file made unreadable, a database stopped), so that the
   * suite can check that "failed" is not reported as "absent". The default aborts that test.
   *
   * @param store the store under test
   * @throws Exception if it cannot be done
   */
  protected void makeUnavailable(TokenStore store) throws Exception {
    throw new TestAbortedException("this store cannot be made unavailable in a test");
  }

  /**
   * Puts a record into a read-only store by other means. The default writes through the store.
   *
   * @param record the record
   * @throws Exception if it cannot be done
   */
  protected void seed(TokenRecord record) throws Exception {
    store.write(record);
  }

  /**
   * Returns what {@link TokenStore#load} must give back for a record put in with {@link #seed}.
   * The default is the record itself. A read-only seed that stamps its records on purpose (the
   * environment store marks its record as the oldest: issued at the epoch, version 0, expiry in
   * whole seconds) returns the stamped record here; every other field must survive unchanged.
   *
   * @param seeded the record given to {@link #seed}
   * @return the record a load must return
   */
  protected TokenRecord expectedAfterSeed(TokenRecord seeded) {
    return seeded;
  }

  /**
   * Closes what {@link #createStore} opened. The default does nothing.
   *
   * @param store the store under test
   * @throws Exception if closing failed
   */
  protected void closeStore(TokenStore store) throws Exception {}

  @BeforeEach
  final void createStoreUnderTest() throws Exception {
    store = createStore();
  }

  @AfterEach
  final void closeStoreUnderTest() throws Exception {
    if (store != null) {
      closeStore(store);
    }
  }

  /** Returns a record with distinctive, unique tokens, times in whole milliseconds. */
  protected static TokenRecord record(GrantKey key, long version) {
    Instant issued = Instant.parse("2026-03-01T10:15:30.123Z").plusSeconds(version);
    return new TokenRecord(key,
        CANARY + "-access-" + UUID.randomUUID(),
        CANARY + "-refresh-" + UUID.randomUUID(),
        issued.plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.MILLIS),
        issued,
        key.domain(),
        version);
  }

  private boolean writable() {
    return store.info().writable();
  }

  @Test
  void loadOfUnknownGrantIsEmpty() {
    assertThat(store.load(GrantKey.of("unknown.amocrm.ru"))).isEmpty();
  }

  @Test
  void roundTripKeepsEveryField() throws Exception {
    TokenRecord r = record(GrantKey.of("round.amocrm.ru"), 1);
    seed(r);
    assertThat(store.load(r.key())).contains(expectedAfterSeed(r));
  }

  @Test
  void longLivedRecordHasNoRefreshTokenAfterRoundTrip() throws Exception {
    TokenRecord base = record(GrantKey.of("long.kommo.com"), 1);
    TokenRecord longLived = new TokenRecord(base.key(), base.accessToken(), null,
        base.expiresAt(), base.issuedAt(), base.accountDomain(), 1);
    seed(longLived);
    Optional<TokenRecord> loaded = store.load(base.key());
    assertThat(loaded).contains(expectedAfterSeed(longLived));
    assertThat(loaded.orElseThrow().isLongLived()).isTrue();
  }

  @Test
  void newerVersionReplacesOlder() {
    assumeTrue(writable(), "read-only store");
    GrantKey key = GrantKey.of("newer.amocrm.ru");
    store.write(record(key, 1));
    TokenRecord v2 = record(key, 2);
    store.write(v2);
    assertThat(store.load(key)).contains(v2);
  }

  @Test
  void writeOfSameVersionIsRejectedAndKeepsStoredRecord() {
    assumeTrue(writable(), "read-only store");
    GrantKey key = GrantKey.of("same.amocrm.ru");
    TokenRecord first = record(key, 3);
    store.write(first);
    TokenRecord rival = record(key, 3);
    assertThatThrownBy(() -> store.write(rival))
        .isInstanceOf(TokenVersionConflictException.class)
        .satisfies(e -> {
          TokenVersionConflictException c = (TokenVersionConflictException) e;
          assertThat(c.storedVersion()).isEqualTo(3);
          assertThat(c.attemptedVersion()).isEqualTo(3);
          assertThat(c.getMessage()).doesNotContain(CANARY);
        });
    assertThat(store.load(key)).contains(first);
  }

  @Test
  void writeOfStaleVersionIsRejectedAndKeepsStoredRecord() {
    assumeTrue(writable(), "read-only store");
    GrantKey key = GrantKey.of("stale.amocrm.ru");
    TokenRecord v5 = record(key, 5);
    store.write(v5);
    assertThatThrownBy(() -> store.write(record(key, 4)))
        .isInstanceOf(TokenVersionConflictException.class);
    assertThat(store.load(key)).contains(v5);
  }

  @Test
  void manyGrantsLiveSideBySide() {
    assumeTrue(writable(), "read-only store");
    List<TokenRecord> written = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      GrantKey key = i % 3 == 0
          ? GrantKey.of("shop" + i + ".amocrm.ru")
          : GrantKey.of("shop" + (i / 3) + ".amocrm.ru", "client-" + i);
      TokenRecord r = record(key, 1 + i);
      store.write(r);
      written.add(r);
    }
    for (TokenRecord r : written) {
      assertThat(store.load(r.key())).contains(r);
    }
    assertThat(store.keys()).containsAll(written.stream().map(TokenRecord::key).toList());
  }

  @Test
  void deleteRemovesOnlyThatGrant() {
    assumeTrue(writable(), "read-only store");
    TokenRecord a = record(GrantKey.of("a.amocrm.ru"), 1);
    TokenRecord b = record(GrantKey.of("a.amocrm.ru", "other-client"), 1);
    store.write(a);
    store.write(b);
    assertThat(store.delete(a.key())).isTrue();
    assertThat(store.delete(a.key())).isFalse();
    assertThat(store.load(a.key())).isEmpty();
    assertThat(store.load(b.key())).contains(b);
    assertThat(store.keys()).contains(b.key()).doesNotContain(a.key());
  }

  @Test
  void writeAfterDeleteStartsAgain() {
    assumeTrue(writable(), "read-only store");
    GrantKey key = GrantKey.of("again.amocrm.ru");
    store.write(record(key, 7));
    store.delete(key);
    TokenRecord fresh = record(key, 1);
    store.write(fresh);
    assertThat(store.load(key)).contains(fresh);
  }

  @Test
  void concurrentWritersOfOneVersionHaveExactlyOneWinner() throws Exception {
    assumeTrue(writable(), "read-only store");
    GrantKey key = GrantKey.of("race.amocrm.ru");
    store.write(record(key, 1));
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 2; round <= 6; round++) {
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<TokenRecord> candidates = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          TokenRecord mine = record(key, round);
          candidates.add(mine);
          futures.add(pool.submit(() -> {
            start.await();
            try {
              store.write(mine);
              wins.incrementAndGet();
            } catch (TokenVersionConflictException e) {
              conflicts.incrementAndGet();
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
        assertThat(wins.get()).as("winners of version %d", round).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(writers - 1);
        TokenRecord stored = store.load(key).orElseThrow();
        assertThat(stored.version()).isEqualTo(round);
        assertThat(candidates).contains(stored);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failedStoreThrowsInsteadOfReportingAbsent() throws Exception {
    GrantKey key = GrantKey.of("down.amocrm.ru");
    if (writable()) {
      store.write(record(key, 1));
    }
    makeUnavailable(store);
    assertThatThrownBy(() -> store.load(key)).isInstanceOf(TokenStoreException.class);
  }

  @Test
  void tokensNeverAppearInToStringOrInfo() throws Exception {
    TokenRecord r = record(GrantKey.of("quiet.amocrm.ru"), 1);
    seed(r);
    assertThat(store.toString()).doesNotContain(CANARY);
    assertThat(store.info().name()).doesNotContain(CANARY);
    assertThat(store.load(r.key()).orElseThrow().toString()).doesNotContain(CANARY);
  }

  @Test
  void readOnlyStoreRefusesWritesClearly() {
    assumeTrue(!writable(), "writable store");
    TokenRecord r = record(GrantKey.of("ro.amocrm.ru"), 99);
    assertThatThrownBy(() -> store.write(r))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageNotContaining(CANARY);
  }

  // --- Coordination -----------------------------------------------------------------------------

  private GrantLocker locker() {
    Optional<GrantLocker> locker = store.locker();
    assumeTrue(locker.isPresent(), "store offers no lock");
    return locker.orElseThrow();
  }

  @Test
  void lockExcludesASecondHolderAndWaitIsBounded() {
    GrantLocker locker = locker();
    GrantKey key = GrantKey.of("locked.amocrm.ru");
    try (GrantLock held = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThat(held.key()).isEqualTo(key);
      assertThatThrownBy(() -> locker.acquire(key, Duration.ofMinutes(1), Duration.ofMillis(200)))
          .isInstanceOf(LockTimeoutException.class)
          .hasMessageContaining(key.domain());
      // Another grant is not excluded.
      try (GrantLock other = locker.acquire(GrantKey.of("other.amocrm.ru"), Duration.ofMinutes(1),
          Duration.ofSeconds(5))) {
        assertThat(other.key().domain()).isEqualTo("other.amocrm.ru");
      }
    }
    try (GrantLock again = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThat(again.key()).isEqualTo(key);
    }
  }

  @Test
  void lockWaiterGetsTheLockWhenTheHolderReleases() throws Exception {
    GrantLocker locker = locker();
    GrantKey key = GrantKey.of("handover.amocrm.ru");
    GrantLock first = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5));
    AtomicReference<Thread> waiter = new AtomicReference<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> second = pool.submit(() -> {
        waiter.set(Thread.currentThread());
        try (GrantLock l = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(30))) {
          return l.key().equals(key);
        }
      });
      // Proof that the second caller is blocked inside acquire (not merely about to call it),
      // and stays blocked while the first holds the lock.
      awaitBlockedInAcquire(waiter, second);
      for (int i = 0; i < 20; i++) {
        Thread.sleep(10);
        assertThat(second.isDone()).as("the waiter got the lock while it was held").isFalse();
      }
      first.close();
      assertThat(second.get(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.close();
      pool.shutdownNow();
    }
  }

  /** Waits (bounded) until the thread waits or sleeps with a locker's {@code acquire} on its stack. */
  private static void awaitBlockedInAcquire(AtomicReference<Thread> thread, Future<?> call)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      assertThat(call.isDone()).as("acquire returned while the lock was held").isFalse();
      Thread t = thread.get();
      if (t != null && (t.getState() == Thread.State.WAITING
          || t.getState() == Thread.State.TIMED_WAITING)
          && Arrays.stream(t.getStackTrace()).anyMatch(e -> e.getMethodName().equals("acquire"))) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the second caller was never seen waiting inside acquire");
  }

  @Test
  void expiredLeaseFreesTheLock() {
    GrantLocker locker = locker();
    GrantKey key = GrantKey.of("lease.amocrm.ru");
    GrantLock abandoned = locker.acquire(key, Duration.ofMillis(300), Duration.ofSeconds(5));
    // The holder never closes it; a second acquirer that may wait longer than the lease gets in.
    try (GrantLock taken = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(30))) {
      assertThat(taken.key()).isEqualTo(key);
      abandoned.close(); // a late release by the first holder must not free the second's lock
      assertThatThrownBy(() -> locker.acquire(key, Duration.ofMinutes(1), Duration.ofMillis(200)))
          .isInstanceOf(LockTimeoutException.class);
    }
  }
}
