package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import okhttp3.OkHttpClient;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show "Interrupts" (issue 8, invariant 2): once amoCRM has issued a pair, an interrupt of
 * the caller never loses it. A caller is interrupted at random points of a refresh or an
 * authorization (before the call, while the token answer is in flight, during the answer's body
 * read, during each save attempt, or at a random moment); after EVERY run the store holds the
 * newest pair amoCRM issued (or amoCRM issued none in that run), its refresh token is live, a
 * fresh client on the same directory works without re-authorization, and the caller's interrupt
 * flag is set again if it was interrupted during the call.
 *
 * <p>The store is a real {@link FileTokenStore}: its {@code FileChannel} closes itself when the
 * writing thread is interrupted ({@link #aWriteFromAnInterruptedThreadFails}), which is the
 * hazard: a save done on the caller's thread would fail. The runs are random but reproducible:
 * each test prints its seed; {@code -Dinterrupts.seed=N} repeats a failing sequence.
 */
class InterruptedRefreshTest {

  private static final int RUNS = 100;
  private static final long SEED = Long.getLong("interrupts.seed", System.nanoTime());
  /** A generous bound on every wait of the test's own: a regression fails, never hangs. */
  private static final long BOUND_SECONDS = 60;

  @TempDir Path tmp;

  /** Where the caller is interrupted. */
  private enum Point {
    /** The caller's flag is set before it calls. */
    BEFORE_THE_CALL,
    /** After amoCRM issued the pair, before its answer's headers arrive (header latency). */
    ANSWER_IN_FLIGHT,
    /** After the headers arrived, before the body did (body delay). */
    BODY_READ,
    /** While the first save attempt runs (it then succeeds or fails; the second succeeds). */
    FIRST_SAVE_ATTEMPT,
    /** While the second attempt runs, after the first failed. */
    SECOND_SAVE_ATTEMPT,
    /** While the third and last attempt runs, after two failed (it succeeds). */
    THIRD_SAVE_ATTEMPT,
    /** At a random moment 0-40 ms after the call started, wherever it lands. */
    ANYWHERE
  }

  /** What the interrupted caller calls. */
  private enum Entry {
    /** {@code account()} with the access token expired: the call must refresh first. */
    API_CALL,
    /** {@code tokens().refresh()}. */
    REFRESH,
    /** {@code tokens().authorize(code)}. */
    AUTHORIZE
  }

  @Test
  void anApiCallThatMustRefresh() throws Exception {
    runAll(Entry.API_CALL);
  }

  @Test
  void tokensRefresh() throws Exception {
    runAll(Entry.REFRESH);
  }

  @Test
  void tokensAuthorize() throws Exception {
    runAll(Entry.AUTHORIZE);
  }

  /**
   * The negative control: the hazard is real. A FileTokenStore written from a thread whose
   * interrupt flag is set fails (the channel closes itself), and the old record stays. A save made
   * on the caller's thread, as before the engine's flight threads, would fail like this on every
   * retry, after amoCRM had already killed the old refresh token.
   */
  @Test
  void aWriteFromAnInterruptedThreadFails() {
    FileTokenStore store = FileTokenStore.of(tmp.resolve("tokens"));
    TokenRecord old = Records.record(1);
    store.write(old);
    Throwable thrown;
    Thread.currentThread().interrupt();
    try {
      thrown = Assertions.catchThrowable(() -> store.write(Records.record(2)));
    } finally {
      Thread.interrupted();
    }
    assertThat(thrown).isExactlyInstanceOf(TokenStoreException.class);
    assertThat(chain(thrown)).as("cause chain of %s", thrown)
        .anyMatch(t -> t instanceof ClosedByInterruptException);
    assertThat(store.load(Records.KEY)).contains(old);
    store.write(Records.record(2)); // not interrupted: the same write succeeds
    assertThat(store.load(Records.KEY)).contains(Records.record(2));
  }

  private static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  private void runAll(Entry entry) throws Exception {
    long seed = SEED + entry.ordinal();
    System.out.printf("InterruptedRefreshTest %s: seed %d (repeat with -Dinterrupts.seed=%d)%n",
        entry, seed, SEED);
    Random rnd = new Random(seed);
    List<Point> points = new ArrayList<>(RUNS);
    for (int i = 0; i < RUNS; i++) {
      points.add(Point.values()[i % Point.values().length]);
    }
    Collections.shuffle(points, rnd);

    Path dir = tmp.resolve("tokens-" + entry);
    MutableClock clock = MutableClock.create();
    // One OkHttpClient for every client of the test: they share its connections and threads.
    OkHttpClient http = new OkHttpClient();
    Map<Point, int[]> interrupted = new EnumMap<>(Point.class); // {interrupted, runs}
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit().start()) {
      client(amo, clock, http, FileTokenStore.of(dir)).tokens()
          .authorize(amo.issueAuthorizationCode());
      for (int i = 0; i < RUNS; i++) {
        Point point = points.get(i);
        String where = String.format("run %d of %s (seed %d), interrupted at %s", i, entry, seed,
            point);
        boolean wasInterrupted = runOnce(entry, point, rnd, amo, clock, http, dir, where);
        int[] tally = interrupted.computeIfAbsent(point, p -> new int[2]);
        tally[0] += wasInterrupted ? 1 : 0;
        tally[1]++;
      }
      System.out.printf("InterruptedRefreshTest %s: interrupted during the call / runs: %s;"
          + " %d pairs issued, %d refreshes, %d code exchanges, %d revoked%n", entry,
          describe(interrupted), amo.issuedPairs(), amo.refreshCalls(), amo.codeExchanges(),
          amo.revokedRefreshes());
      assertThat(amo.revokedRefreshes()).isZero();
      for (Point p : Point.values()) {
        if (p != Point.ANYWHERE) {
          assertThat(interrupted.get(p)[0]).as("runs interrupted during the call at %s", p)
              .isPositive();
        }
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static String describe(Map<Point, int[]> tally) {
    StringBuilder s = new StringBuilder();
    tally.forEach((p, t) -> s.append(s.length() == 0 ? "" : ", ").append(p).append(' ')
        .append(t[0]).append('/').append(t[1]));
    return s.toString();
  }

  /**
   * One run: a new client (warmed up or not, at random) is interrupted at {@code point} during
   * {@code entry}; then every promise is checked. Returns true if the interrupt reached the caller
   * before its call returned.
   */
  private static boolean runOnce(Entry entry, Point point, Random rnd, MockAmoCrmServer amo,
      MutableClock clock, OkHttpClient http, Path dir, String where) throws Exception {
    SaveHazards store = new SaveHazards(FileTokenStore.of(dir));
    AmoCrmClient client = client(amo, clock, http, store);
    if (rnd.nextBoolean()) {
      client.account(); // warm: the record is in memory, so the call goes straight to a flight
    }
    TokenRecord before = FileTokenStore.of(dir).load(amo.grantKey()).orElseThrow();
    clock.set(entry == Entry.API_CALL
        ? before.expiresAt().plusSeconds(1 + rnd.nextInt(600)) // expired: account() must refresh
        : clock.instant().plusSeconds(1 + rnd.nextInt(60)));
    String code = entry == Entry.AUTHORIZE ? amo.issueAuthorizationCode() : null;

    long latency = point == Point.ANSWER_IN_FLIGHT ? 1 + rnd.nextInt(30) : rnd.nextInt(3);
    long bodyDelay = point == Point.BODY_READ ? 1 + rnd.nextInt(30) : 0;
    amo.tokenEndpointLatency(Duration.ofMillis(latency));
    amo.tokenEndpointBodyDelay(Duration.ofMillis(bodyDelay));
    switch (point) {
      case FIRST_SAVE_ATTEMPT -> store.arm(rnd.nextInt(2), 1); // the paused attempt may fail too
      case SECOND_SAVE_ATTEMPT -> store.arm(1 + rnd.nextInt(2), 2);
      case THIRD_SAVE_ATTEMPT -> store.arm(2, 3); // the last attempt must succeed
      default -> store.arm(0, 0);
    }
    int issuedBefore = amo.issuedPairs();

    Caller caller = new Caller(point == Point.BEFORE_THE_CALL, switch (entry) {
      case API_CALL -> client::account;
      case REFRESH -> () -> client.tokens().refresh();
      case AUTHORIZE -> () -> client.tokens().authorize(code);
    });
    caller.thread.start();
    switch (point) {
      case BEFORE_THE_CALL -> { } // the caller interrupts itself
      case ANSWER_IN_FLIGHT -> {
        awaitIssued(amo, issuedBefore, caller);
        sleepMillis(rnd.nextInt((int) latency + 1));
        caller.interrupt();
      }
      case BODY_READ -> {
        awaitIssued(amo, issuedBefore, caller);
        sleepMillis(latency + rnd.nextInt((int) bodyDelay + 1));
        caller.interrupt();
      }
      case FIRST_SAVE_ATTEMPT, SECOND_SAVE_ATTEMPT, THIRD_SAVE_ATTEMPT -> {
        while (!store.paused.await(10, TimeUnit.MILLISECONDS) && caller.thread.isAlive()) {
          // the save attempt to interrupt has not started yet
        }
        caller.interrupt();
        store.resume.countDown();
      }
      case ANYWHERE -> {
        sleepMillis(rnd.nextInt(41));
        caller.interrupt();
      }
    }
    caller.thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
    store.resume.countDown();
    if (caller.thread.isAlive()) {
      fail(where + ": the caller did not return within " + BOUND_SECONDS + " s");
    }
    boolean interrupted;
    synchronized (caller.guard) {
      interrupted = caller.interruptSent;
      if (interrupted) {
        assertThat(caller.flagAfter).as(where + ": the caller's interrupt flag after the call"
            + " (outcome %s)", caller.outcome()).isTrue();
      }
    }

    // The store holds the newest pair amoCRM issued, or amoCRM issued none in this run.
    TokenRecord stored = FileTokenStore.of(dir).load(amo.grantKey()).orElseThrow();
    if (amo.issuedPairs() > issuedBefore) {
      // Compared as records, so a failure shows fingerprints, never the tokens themselves.
      TokenRecord latest = amo.latestIssuedTokens().orElseThrow()
          .toRecord(amo.grantKey(), stored.version());
      assertThat(stored.sameTokens(latest)).as(where + ": the store holds %s, the newest pair"
          + " issued is %s (outcome %s)", stored, latest, caller.outcome()).isTrue();
    } else {
      assertThat(stored).as(where + ": nothing issued, nothing changed").isEqualTo(before);
    }
    assertThat(amo.isRefreshTokenLive(stored.refreshToken()))
        .as(where + ": the stored refresh token is live").isTrue();

    // A fresh client (a restart) on the same directory works without re-authorization.
    AmoCrmClient restarted = client(amo, clock, http, FileTokenStore.of(dir));
    try {
      assertThat(restarted.account().name()).isEqualTo("Mock account");
    } catch (RuntimeException e) {
      throw new AssertionError(where + ": a fresh client on the same store failed", e);
    }
    assertThat(restarted.tokens().needsReauthorization()).as(where).isFalse();
    assertThat(amo.revokedRefreshes()).as(where + ": refreshes refused as revoked").isZero();
    return interrupted;
  }

  /** Waits until amoCRM issued a pair in this run (or the call ended without one). */
  private static void awaitIssued(MockAmoCrmServer amo, int issuedBefore, Caller caller) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (amo.issuedPairs() == issuedBefore && caller.thread.isAlive()
        && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(100_000);
    }
  }

  private static void sleepMillis(long millis) throws InterruptedException {
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static AmoCrmClient client(MockAmoCrmServer amo, MutableClock clock, OkHttpClient http,
      TokenStore store) {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain())
        .baseUrl(amo.baseUrl())
        .clientId(amo.clientId())
        .clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .clock(clock)
        .okHttpClient(http)
        .rateLimit(RateLimit.perSecond(1_000))
        // Real sleeps, but short: the save's retries run on the flight thread, which no caller
        // can interrupt, so a sleep there that throws would show an interrupt reached it.
        .sleeper(d -> TimeUnit.MILLISECONDS.sleep(1))
        .build();
  }

  /**
   * The interrupted caller, on a thread of its own. {@link #interrupt} and the end of the call
   * synchronize on {@link #guard}, so "interrupted during the call" is exact: an interrupt sent is
   * always before the call returned, and one not sent never is.
   */
  private static final class Caller implements Runnable {
    final Object guard = new Object();
    final Thread thread;
    private final boolean interruptFirst;
    private final Callable<?> call;
    boolean done; // guarded by guard
    boolean interruptSent; // guarded by guard
    boolean flagAfter; // guarded by guard
    private volatile Object result;
    private volatile Throwable failure;

    Caller(boolean interruptFirst, Callable<?> call) {
      this.interruptFirst = interruptFirst;
      this.call = call;
      this.thread = new Thread(this, "interrupted-caller");
    }

    @Override
    public void run() {
      if (interruptFirst) {
        synchronized (guard) {
          interruptSent = true;
          Thread.currentThread().interrupt();
        }
      }
      try {
        result = call.call();
      } catch (Throwable t) {
        failure = t;
      }
      synchronized (guard) {
        done = true;
        flagAfter = Thread.currentThread().isInterrupted();
      }
    }

    /** Interrupts the caller if its call has not returned yet. */
    void interrupt() {
      synchronized (guard) {
        if (!done) {
          interruptSent = true;
          thread.interrupt();
        }
      }
    }

    String outcome() {
      Throwable f = failure;
      return f != null ? "threw " + f : "returned " + (result == null ? "null" : "a result");
    }
  }

  /**
   * Forwards to a FileTokenStore. Armed for a run, its write attempts 1..{@code failFirst} fail,
   * and attempt {@code pauseAt} waits inside until the test has interrupted the caller: the
   * interrupt lands during that save attempt.
   */
  private static final class SaveHazards implements TokenStore {
    private final FileTokenStore delegate;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile int failFirst;
    private volatile int pauseAt;
    volatile CountDownLatch paused = new CountDownLatch(1);
    volatile CountDownLatch resume = new CountDownLatch(1);

    SaveHazards(FileTokenStore delegate) {
      this.delegate = delegate;
    }

    void arm(int failFirst, int pauseAt) {
      this.failFirst = failFirst;
      this.pauseAt = pauseAt;
      attempts.set(0);
    }

    @Override
    public void write(TokenRecord record) {
      int attempt = attempts.incrementAndGet();
      if (attempt == pauseAt) {
        paused.countDown();
        try {
          // Well within the store timeout (10 s): the test resumes it right after the interrupt.
          resume.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("the engine interrupted a store thread", e);
        }
      }
      if (attempt <= failFirst) {
        throw new TokenStoreException("save attempt " + attempt + " fails (test)");
      }
      delegate.write(record);
    }

    @Override
    public Optional<TokenRecord> load(GrantKey key) {
      return delegate.load(key);
    }

    @Override
    public boolean delete(GrantKey key) {
      return delegate.delete(key);
    }

    @Override
    public List<GrantKey> keys() {
      return delegate.keys();
    }

    @Override
    public StoreInfo info() {
      return delegate.info();
    }

    @Override
    public Optional<GrantLocker> locker() {
      return delegate.locker();
    }
  }
}
