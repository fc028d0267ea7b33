package io.github.farolero.amocrm.health;

import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every grant of a store alive when the app makes no API calls: a grant whose pair is older
 * than the keep-alive age is refreshed, so its refresh token never reaches amoCRM's 3-month idle
 * death. Each refresh goes through the grant's {@link TokenSession}, so it takes the store's lock
 * and re-reads first: several keepers (one per instance of an app) refresh each grant once.
 *
 * <pre>{@code
 * TokenKeeper keeper = TokenKeeper.builder(store, key -> clients.forGrant(key).tokens())
 *     .build()
 *     .start();                 // checks every hour; keeper.close() stops it
 * }</pre>
 *
 * <ul>
 *   <li><b>When</b>: a pair is due once its age reaches the keep-alive age (default that of
 *       {@link RefreshPolicy#defaults()}: 30 days), less a jitter of up to 10 % that is fixed per
 *       grant, so grants authorized together do not all refresh in the same run. Long-lived
 *       tokens are never due; a pair whose issue time is unknown is.
 *   <li><b>Bounded</b>: one grant at a time, each refresh bounded by the engine's own bounds; a
 *       run stops between grants when the keeper is closed.
 *   <li><b>Reporting</b>: each run's outcome is returned by {@link #runOnce()} and logged;
 *       failures are also told to the keeper's {@link TokenListener}.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class TokenKeeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.keeper");

  private final TokenStore store;
  private final Function<GrantKey, TokenSession> sessions;
  private final Duration keepAliveAge;
  private final double jitter;
  private final Duration interval;
  private final Clock clock;
  private final TokenListener listener;
  private final Object lifecycle = new Object();
  private @Nullable ScheduledExecutorService scheduler; // guarded by lifecycle
  private volatile boolean closed;

  private TokenKeeper(Builder b) {
    this.store = b.store;
    this.sessions = b.sessions;
    this.keepAliveAge = b.keepAliveAge;
    this.jitter = b.jitter;
    this.interval = b.interval;
    this.clock = b.clock;
    this.listener = b.listener;
  }

  /**
   * Returns a builder of a keeper of every grant of a store.
   *
   * @param store the store whose grants are kept alive
   * @param sessions gives the token session of a grant, such as {@code key ->
   *     clientFor(key).tokens()}; called once per refresh
   * @return the builder
   */
  public static Builder builder(TokenStore store, Function<GrantKey, TokenSession> sessions) {
    return new Builder(store, sessions);
  }

  /**
   * What one run did.
   *
   * @param at when it started, on the keeper's clock
   * @param refreshed the grants refreshed (by this keeper, or found refreshed by another under
   *     the lock)
   * @param notDue how many grants were not due
   * @param failed the grants whose refresh failed, with why (no tokens in the text)
   */
  public record Run(Instant at, List<GrantKey> refreshed, int notDue,
      Map<GrantKey, String> failed) {

    /** Copies the collections. */
    public Run {
      Objects.requireNonNull(at, "at == null");
      refreshed = List.copyOf(refreshed);
      failed = Map.copyOf(failed);
    }
  }

  /**
   * Checks every grant once and refreshes those that are due. Returns early, with what was done,
   * if the keeper is closed meanwhile.
   *
   * @return what the run did
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the store's grants could not
   *     be listed (for a composite: if no member could; grants of the members that answered are
   *     kept alive while another member is down)
   */
  public Run runOnce() {
    Instant now = clock.instant();
    List<GrantKey> refreshed = new ArrayList<>();
    Map<GrantKey, String> failed = new LinkedHashMap<>();
    int notDue = 0;
    StoreKeys.Listing listing = StoreKeys.of(store);
    if (!listing.anyAnswered()) {
      throw new TokenStoreException("could not list the grants of "
          + store.info().name() + ": " + String.join("; ", listing.unreachable()));
    }
    for (GrantKey key : listing.keys()) {
      if (closed) {
        break;
      }
      TokenRecord record;
      try {
        record = store.load(key).orElse(null);
      } catch (RuntimeException e) {
        failed.put(key, "could not be read: " + e.getMessage());
        report(key, e);
        continue;
      }
      if (record == null || !isDue(record, now)) {
        notDue++;
        continue;
      }
      try {
        sessions.apply(key).refresh();
        refreshed.add(key);
      } catch (ReauthorizationRequiredException e) {
        failed.put(key, e.getMessage()); // the session told its listener already
      } catch (RuntimeException e) {
        failed.put(key, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        report(key, e);
      }
    }
    Run run = new Run(now, refreshed, notDue, failed);
    if (!refreshed.isEmpty() || !failed.isEmpty()) {
      log.info("keep-alive of {}: {} refreshed, {} not due, {} failed {}", store.info().name(),
          refreshed.size(), notDue, failed.size(), failed.keySet());
    }
    return run;
  }

  /**
   * Returns true if the record's pair is old enough to refresh now: its age has reached the
   * keep-alive age less the grant's jitter. Long-lived tokens are never due.
   *
   * @param record the stored record
   * @param now the instant to judge at
   * @return true if due
   */
  public boolean isDue(TokenRecord record, Instant now) {
    if (record.isLongLived()) {
      return false;
    }
    if (record.issuedAt().equals(Instant.EPOCH)) {
      return true; // unknown age: a refresh sets it
    }
    long ageMillis = Duration.between(record.issuedAt(), now).toMillis();
    long dueMillis = (long) (keepAliveAge.toMillis() * (1.0 - jitter * spread(record.key())));
    return ageMillis >= dueMillis;
  }

  /** A number in [0, 1) fixed per grant, so one grant's due age does not move between runs. */
  private static double spread(GrantKey key) {
    CRC32 crc = new CRC32();
    crc.update(key.toString().getBytes(StandardCharsets.UTF_8));
    return (crc.getValue() & 0xffff) / 65536.0;
  }

  /**
   * Runs {@link #runOnce()} every interval on a daemon thread, the first run after a random part
   * of one interval (so instances started together do not run together). Idempotent.
   *
   * @return this keeper
   * @throws IllegalStateException if it was closed
   */
  public TokenKeeper start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("this keeper was closed");
      }
      if (scheduler == null) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(task -> {
          Thread t = new Thread(task, "amocrm-token-keeper");
          t.setDaemon(true);
          return t;
        });
        long period = Math.max(1, interval.toMillis());
        s.scheduleWithFixedDelay(this::runQuietly,
            ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MILLISECONDS);
        scheduler = s;
      }
    }
    return this;
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      log.warn("keep-alive of {} could not run: {}", store.info().name(), e.toString());
    }
  }

  /** Stops the schedule; a run in progress stops before its next grant. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      closed = true;
      if (scheduler != null) {
        scheduler.shutdownNow();
        scheduler = null;
      }
    }
  }

  private void report(GrantKey key, RuntimeException e) {
    AmoCrmException error = e instanceof AmoCrmException a ? a
        : new AmoCrmException("keep-alive of " + key + " failed: " + e.getClass().getSimpleName(),
            e);
    try {
      listener.onRefreshFailed(key, error);
    } catch (RuntimeException listenerFailure) {
      log.warn("token listener threw {}; ignored", listenerFailure.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "TokenKeeper{" + store.info().name() + ", keepAliveAge=" + keepAliveAge + ", every "
        + interval + '}';
  }

  /** Builds a {@link TokenKeeper}. Not thread-safe. */
  public static final class Builder {
    private final TokenStore store;
    private final Function<GrantKey, TokenSession> sessions;
    private Duration keepAliveAge = RefreshPolicy.defaults().keepAliveAge();
    private double jitter = 0.1;
    private Duration interval = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();
    private TokenListener listener = TokenListener.NONE;

    private Builder(TokenStore store, Function<GrantKey, TokenSession> sessions) {
      this.store = Objects.requireNonNull(store, "store == null");
      this.sessions = Objects.requireNonNull(sessions, "sessions == null");
    }

    /**
     * Sets the age past which a pair is refreshed. Default 30 days (amoCRM's refresh tokens die
     * after 3 months unused).
     *
     * @param age more than zero
     * @return this builder
     */
    public Builder keepAliveAge(Duration age) {
      Objects.requireNonNull(age, "age == null");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("keepAliveAge <= 0: " + age);
      }
      this.keepAliveAge = age;
      return this;
    }

    /**
     * Sets how much earlier than the keep-alive age a grant may be due, as a fraction fixed per
     * grant. Default 0.1 (up to 3 days earlier at 30 days).
     *
     * @param fraction from 0 (none) to 0.5
     * @return this builder
     */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 0.5)) {
        throw new IllegalArgumentException("jitter is not in [0, 0.5]: " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /**
     * Sets how often {@link #start()}'s schedule runs. Default 1 hour.
     *
     * @param interval more than zero
     * @return this builder
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval <= 0: " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * Sets the clock ages are judged on. Default {@link Clock#systemUTC()}; tests pass one they
     * move.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Sets who hears of refreshes the keeper could not do (the sessions' own listeners hear of
     * theirs). Default {@link TokenListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(TokenListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Builds the keeper; call {@link TokenKeeper#start()} to schedule it.
     *
     * @return the keeper
     */
    public TokenKeeper build() {
      return new TokenKeeper(this);
    }
  }
}
