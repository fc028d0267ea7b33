package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.AmoCrmException;
import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException.Reason;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.RefreshPolicy.Phase;
import io.github.farolero.amocrm.auth.RefreshTokenRevokedException;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenRefreshException;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one grant's tokens valid: the engine behind the auth interceptor.
 *
 * <ul>
 *   <li><b>Single flight.</b> Concurrent callers of this manager share one refresh.
 *   <li><b>Lock, re-read, refresh only if still stale, save, use.</b> With a coordinating store the
 *       refresh runs under the store's lock; after taking it the store is read again, and if
 *       another process already refreshed its pair is used instead (invariant 1).
 *   <li><b>Save before use.</b> The new pair is written before it is returned; a failed save is
 *       retried, reported, and the pair kept in memory and saved again later (invariant 2).
 *   <li><b>Never delete on failure.</b> A refused refresh token first re-reads the store; only if
 *       it still holds the dead token is the grant marked for re-authorization (invariant 3).
 *   <li><b>Windows.</b> Advisory: one caller refreshes, others keep the valid token; mandatory:
 *       callers wait (invariant 7).
 * </ul>
 */
public final class TokenManager implements TokenSession {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");
  private static final Duration SAVE_RETRY_INTERVAL = Duration.ofSeconds(5);

  private final GrantKey key;
  private final TokenStore store;
  private final TokenEndpoint endpoint;
  private final Clock clock;
  private final RefreshPolicy policy;
  private final TokenListener listener;

  /** Serializes everything that changes tokens in this manager: refresh, authorize. */
  private final ReentrantLock mutation = new ReentrantLock();
  private final Object flightGuard = new Object();
  private @Nullable CompletableFuture<TokenRecord> flight; // guarded by flightGuard

  private final AtomicReference<@Nullable TokenRecord> current = new AtomicReference<>();
  /** A refreshed pair whose save failed; saved again on later calls. */
  private volatile @Nullable TokenRecord unsaved;
  private volatile Instant nextSaveRetry = Instant.MIN;
  /** The record amoCRM refused; no refresh is tried again until the store holds another. */
  private volatile @Nullable TokenRecord dead;
  private volatile @Nullable ReauthorizationRequiredException deadCause;

  public TokenManager(
      GrantKey key,
      TokenStore store,
      TokenEndpoint endpoint,
      Clock clock,
      RefreshPolicy policy,
      TokenListener listener) {
    this.key = Objects.requireNonNull(key, "key == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  /** What a refresh must achieve; a record that satisfies it needs no refresh. */
  @FunctionalInterface
  private interface Need {
    boolean satisfiedBy(TokenRecord record, Instant now);
  }

  private Need timely() {
    return (r, now) -> policy.phaseOf(r, now) == Phase.FRESH;
  }

  private static Need replacing(String rejectedAccessToken) {
    return (r, now) -> !r.accessToken().equals(rejectedAccessToken) && now.isBefore(r.expiresAt());
  }

  private static final Need ANY_NEWER = (r, now) -> true;

  // ---------------------------------------------------------------------------------------------
  // The interceptor's side.

  /** Returns the access token to send now, refreshing first if the windows say so. */
  public String accessToken() {
    retryUnsavedSave();
    TokenRecord rec = currentOrLoad();
    Instant now = clock.instant();
    TokenRecord deadRecord = dead;
    if (deadRecord != null && deadRecord.sameTokens(rec)) {
      TokenRecord revived = reviveOrFail(rec, true);
      if (revived.sameTokens(rec)) {
        return rec.accessToken(); // refused refresh token, but the access token is still valid
      }
      rec = revived;
    }
    if (rec.isLongLived()) {
      if (now.isBefore(rec.expiresAt())) {
        return rec.accessToken();
      }
      throw markDead(rec, Reason.LONG_LIVED_TOKEN_EXPIRED, null);
    }
    switch (policy.phaseOf(rec, now)) {
      case FRESH:
        return rec.accessToken();
      case ADVISORY: {
        TokenRecord refreshed = refreshIfIdle(rec);
        return refreshed != null ? refreshed.accessToken() : rec.accessToken();
      }
      default: {
        try {
          return refreshShared(rec, timely()).accessToken();
        } catch (AmoCrmException e) {
          // A due refresh failed; a token that is still valid keeps serving meanwhile.
          if (clock.instant().isBefore(rec.expiresAt())) {
            log.warn("refresh of {} failed; its access token ({}) is still valid until {}: {}",
                key, rec.accessTokenFingerprint(), rec.expiresAt(), e.getMessage());
            return rec.accessToken();
          }
          throw e;
        }
      }
    }
  }

  /**
   * Called after amoCRM answered 401 to a request that carried {@code rejected}. Returns the token
   * to retry with, refreshing at most once; null if there is nothing better to retry with.
   */
  public @Nullable String tokenAfterUnauthorized(String rejected) {
    Objects.requireNonNull(rejected, "rejected == null");
    for (int attempt = 0; attempt < 2; attempt++) {
      TokenRecord cur = currentOrLoad();
      Instant now = clock.instant();
      if (!cur.accessToken().equals(rejected) && now.isBefore(cur.expiresAt())) {
        return cur.accessToken(); // someone refreshed since the request was sent
      }
      if (cur.isLongLived()) {
        throw markDead(cur, Reason.LONG_LIVED_TOKEN_REFUSED, null);
      }
      TokenRecord deadRecord = dead;
      if (deadRecord != null && deadRecord.sameTokens(cur)) {
        reviveOrFail(cur, false);
        continue;
      }
      TokenRecord refreshed = refreshShared(cur, replacing(rejected));
      if (!refreshed.accessToken().equals(rejected)) {
        return refreshed.accessToken();
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // TokenSession.

  @Override
  public GrantKey key() {
    return key;
  }

  @Override
  public Optional<TokenStatus> status() {
    TokenRecord pending = unsaved;
    Optional<TokenRecord> stored = store.load(key);
    if (pending != null
        && (stored.isEmpty() || TokenRecord.RECENCY.compare(pending, stored.get()) > 0)) {
      return Optional.of(TokenStatus.of(pending));
    }
    return stored.map(TokenStatus::of);
  }

  @Override
  public TokenStatus authorize(String code) {
    Objects.requireNonNull(code, "code == null");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code is blank");
    }
    return install(version -> endpoint.exchangeCode(code).toRecord(key, key.domain(), version),
        "authorized");
  }

  @Override
  public TokenStatus authorize(AuthorizationCallback callback) {
    Objects.requireNonNull(callback, "callback == null");
    GrantKey referer;
    try {
      referer = GrantKey.of(callback.referer());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the callback's referer is not a domain");
    }
    if (!referer.domain().equals(key.domain())) {
      throw new IllegalArgumentException("the callback is for account " + referer.domain()
          + ", but this client is for " + key.domain() + "; build a client for that account");
    }
    return authorize(callback.code());
  }

  @Override
  public TokenStatus refresh() {
    TokenRecord rec = currentOrLoad();
    if (rec.isLongLived()) {
      throw new IllegalStateException(key + " uses a long-lived token, which cannot be refreshed");
    }
    TokenRecord deadRecord = dead;
    if (deadRecord != null && deadRecord.sameTokens(rec)) {
      rec = reviveOrFail(rec, false);
    }
    return TokenStatus.of(refreshShared(rec, ANY_NEWER));
  }

  @Override
  public TokenStatus useLongLivedToken(String token) {
    Objects.requireNonNull(token, "token == null");
    Jwt jwt = Jwt.parse(token.trim());
    Instant exp = jwt.expiresAt();
    if (exp == null) {
      throw new IllegalArgumentException("the long-lived token has no exp claim");
    }
    String apiDomain = jwt.apiDomain();
    String domain = apiDomain != null ? apiDomain : key.domain();
    String trimmed = token.trim();
    return install(version -> new TokenRecord(key, trimmed, null, exp, clock.instant(), domain,
        version), "stored a long-lived token for");
  }

  @Override
  public boolean needsReauthorization() {
    TokenRecord deadRecord = dead;
    TokenRecord cur = current.get();
    return deadRecord != null && deadRecord.sameTokens(cur);
  }

  @Override
  public String toString() {
    return "TokenManager{" + key + ", store=" + store.info().name() + '}';
  }

  // ---------------------------------------------------------------------------------------------
  // Loading and the dead state.

  private TokenRecord currentOrLoad() {
    TokenRecord cur = current.get();
    if (cur != null) {
      return cur;
    }
    TokenRecord loaded = store.load(key).orElseThrow(
        () -> new ReauthorizationRequiredException(key, Reason.NO_TOKENS, null));
    current.compareAndSet(null, loaded);
    return Objects.requireNonNull(current.get());
  }

  /**
   * The current record was refused before. Re-read the store: a person (or another process) may
   * have authorized again. If not, return the dead record while its access token is still valid
   * and {@code serveWhileValid}, else fail. Never calls the token endpoint.
   */
  private TokenRecord reviveOrFail(TokenRecord rec, boolean serveWhileValid) {
    TokenRecord reread;
    try {
      reread = store.load(key).orElse(null);
    } catch (TokenStoreException e) {
      reread = null;
    }
    if (reread != null && !reread.sameTokens(rec)) {
      adopt(reread);
      return reread;
    }
    ReauthorizationRequiredException cause = deadCause;
    if (serveWhileValid && !rec.isLongLived() && clock.instant().isBefore(rec.expiresAt())) {
      return rec; // the access token still works; the app learns from the listener
    }
    throw cause != null ? cause
        : new ReauthorizationRequiredException(key, Reason.REFRESH_TOKEN_REFUSED, null);
  }

  private ReauthorizationRequiredException markDead(
      TokenRecord rec, Reason reason, @Nullable Throwable cause) {
    ReauthorizationRequiredException e = new ReauthorizationRequiredException(key, reason, cause);
    boolean first = !rec.sameTokens(dead);
    deadCause = e;
    dead = rec;
    if (first) {
      log.error("{}", e.getMessage());
      tell(l -> l.onReauthorizationRequired(e));
    }
    return e;
  }

  private void adopt(TokenRecord rec) {
    current.set(rec);
    TokenRecord deadRecord = dead;
    if (deadRecord != null && !deadRecord.sameTokens(rec)) {
      dead = null;
      deadCause = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Single flight.

  /** Advisory: refresh on this thread unless a refresh is already running; null if none ran. */
  private @Nullable TokenRecord refreshIfIdle(TokenRecord seen) {
    CompletableFuture<TokenRecord> mine = new CompletableFuture<>();
    synchronized (flightGuard) {
      if (flight != null) {
        return null;
      }
      flight = mine;
    }
    try {
      return runFlight(mine, seen, timely());
    } catch (ReauthorizationRequiredException e) {
      return null; // reported through the listener; the valid token keeps serving
    } catch (AmoCrmException e) {
      log.warn("advisory refresh of {} failed; the current token keeps serving until {}: {}",
          key, seen.expiresAt(), e.getMessage());
      return null;
    }
  }

  /** Joins the running refresh, or runs one on this thread. */
  private TokenRecord refreshShared(TokenRecord seen, Need need) {
    CompletableFuture<TokenRecord> f;
    boolean owner = false;
    synchronized (flightGuard) {
      if (flight == null) {
        flight = new CompletableFuture<>();
        owner = true;
      }
      f = flight;
    }
    if (owner) {
      return runFlight(f, seen, need);
    }
    TokenRecord shared = await(f);
    if (need.satisfiedBy(shared, clock.instant()) || !shared.sameTokens(seen)) {
      return shared;
    }
    // The refresh we joined was for another need and left ours unmet: run our own.
    return refreshShared(shared, need);
  }

  private TokenRecord runFlight(CompletableFuture<TokenRecord> f, TokenRecord seen, Need need) {
    try {
      TokenRecord r = refreshLocked(seen, need);
      f.complete(r);
      return r;
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
      throw e;
    } finally {
      synchronized (flightGuard) {
        if (flight == f) {
          flight = null;
        }
      }
    }
  }

  private TokenRecord await(CompletableFuture<TokenRecord> f) {
    long waitMillis = saturatedAdd(millis(policy.lockWait()), millis(policy.lockLease()));
    try {
      return f.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new TokenRefreshException(key, "refresh of " + key + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new TokenRefreshException(key, "waited " + waitMillis
          + " ms for another thread's refresh of " + key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenRefreshException(key, "interrupted while waiting for a refresh of " + key, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The refresh: lock, re-read, refresh only if still stale, save, use.

  private TokenRecord refreshLocked(TokenRecord seen, Need need) {
    mutation.lock();
    try {
      TokenRecord cur = current.get();
      if (cur != null && !cur.sameTokens(seen) && need.satisfiedBy(cur, clock.instant())) {
        return cur; // a refresh by this manager finished after the caller looked
      }
      try (GrantLock ignored = lock()) {
        TokenRecord stored = store.load(key).orElse(null);
        TokenRecord base = newest(stored, current.get());
        if (base == null) {
          throw new ReauthorizationRequiredException(key, Reason.NO_TOKENS, null);
        }
        if (!base.sameTokens(seen) && need.satisfiedBy(base, clock.instant())) {
          log.debug("{} was refreshed elsewhere; using the stored pair ({})", key,
              base.accessTokenFingerprint());
          adopt(base);
          return base;
        }
        if (base.isLongLived()) {
          throw markDead(base, base.expiresAt().isAfter(clock.instant())
              ? Reason.LONG_LIVED_TOKEN_REFUSED : Reason.LONG_LIVED_TOKEN_EXPIRED, null);
        }
        return refreshWith(base, stored);
      }
    } catch (ReauthorizationRequiredException e) {
      throw e;
    } catch (AmoCrmException e) {
      AmoCrmException reported = e instanceof TokenStoreException
          ? new TokenRefreshException(key, "refresh of " + key + " failed: " + e.getMessage(), e)
          : e;
      tell(l -> l.onRefreshFailed(key, reported));
      throw reported;
    } finally {
      mutation.unlock();
    }
  }

  private TokenRecord refreshWith(TokenRecord base, @Nullable TokenRecord stored) {
    String refreshToken = Objects.requireNonNull(base.refreshToken());
    TokenGrant grant;
    try {
      grant = endpoint.refresh(refreshToken);
    } catch (RefreshTokenRevokedException e) {
      // Invariant 3: another process may have won the race; re-read before giving up.
      TokenRecord again = store.load(key).orElse(null);
      if (again != null && !again.sameTokens(base)) {
        log.info("refresh token of {} was already used; another process refreshed first,"
            + " using its pair ({})", key, again.accessTokenFingerprint());
        adopt(again);
        return again;
      }
      throw markDead(base, Reason.REFRESH_TOKEN_REFUSED, e);
    }
    long version = Math.max(base.version(), stored == null ? 0 : stored.version()) + 1;
    TokenRecord next = save(grant.toRecord(key, base.accountDomain(), version));
    adopt(next);
    log.info("refreshed tokens of {}: access {} valid until {} (version {})", key,
        next.accessTokenFingerprint(), next.expiresAt(), next.version());
    tell(l -> l.onRefreshed(TokenStatus.of(next)));
    return next;
  }

  /** Takes the store's lock, or none if the store does not coordinate. */
  private GrantLock lock() {
    GrantLocker locker = store.locker().orElse(null);
    if (locker == null) {
      return new GrantLock() {
        @Override
        public GrantKey key() {
          return key;
        }

        @Override
        public void close() {}
      };
    }
    return locker.acquire(key, policy.lockLease(), policy.lockWait());
  }

  private static @Nullable TokenRecord newest(@Nullable TokenRecord a, @Nullable TokenRecord b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return TokenRecord.RECENCY.compare(a, b) >= 0 ? a : b;
  }

  /**
   * Saves a fresh pair from amoCRM (invariant 2). Such a pair is the live one, so a version
   * conflict means the store holds something older: re-version and write again. Other failures
   * are retried; after the last, the pair is kept in memory and the listener told.
   *
   * @return the record as saved (its version may have grown), or as kept in memory
   */
  private TokenRecord save(TokenRecord next) {
    TokenRecord attempt = next;
    RuntimeException last = null;
    for (int i = 1; i <= policy.saveAttempts(); i++) {
      try {
        store.write(attempt);
        unsaved = null;
        return attempt;
      } catch (TokenVersionConflictException c) {
        last = c;
        attempt = attempt.withVersion(Math.max(c.storedVersion(), attempt.version()) + 1);
        i--; // a conflict is not a failure; bounded because versions only grow by others' writes
        if (attempt.version() > next.version() + 1000) {
          break;
        }
      } catch (RuntimeException e) {
        last = e;
        if (i < policy.saveAttempts()) {
          sleepQuietly(100L * i);
        }
      }
    }
    unsaved = attempt;
    nextSaveRetry = clock.instant().plus(SAVE_RETRY_INTERVAL);
    RuntimeException failure = last != null ? last
        : new TokenStoreException("could not save the tokens of " + key);
    log.error("could not save the new tokens of {} to {} after {} attempts; keeping them in"
        + " memory and trying again later. A restart before then loses them: {}", key,
        store.info().name(), policy.saveAttempts(), failure.toString());
    tell(l -> l.onStoreWriteFailed(key, failure));
    return attempt;
  }

  /** Tries again to save a pair whose save failed, at most every few seconds (on the clock). */
  private void retryUnsavedSave() {
    TokenRecord pending = unsaved;
    if (pending == null || clock.instant().isBefore(nextSaveRetry) || !mutation.tryLock()) {
      return;
    }
    try {
      pending = unsaved;
      if (pending == null) {
        return;
      }
      nextSaveRetry = clock.instant().plus(SAVE_RETRY_INTERVAL);
      try {
        store.write(pending);
        unsaved = null;
        log.info("saved the pending tokens of {} to {}", key, store.info().name());
      } catch (TokenVersionConflictException c) {
        resolvePendingConflict(pending, c);
      } catch (RuntimeException e) {
        log.warn("still cannot save the pending tokens of {}: {}", key, e.toString());
      }
    } finally {
      mutation.unlock();
    }
  }

  /**
   * A pending pair met a newer version in the store. If the stored pair was issued later (a
   * person authorized again meanwhile), it wins; otherwise the pending pair, fresh from amoCRM,
   * is the live one and is written over it.
   */
  private void resolvePendingConflict(TokenRecord pending, TokenVersionConflictException c) {
    try {
      TokenRecord stored = store.load(key).orElse(null);
      if (stored != null && stored.issuedAt().isAfter(pending.issuedAt())) {
        unsaved = null;
        adopt(stored);
        return;
      }
      TokenRecord again = pending.withVersion(c.storedVersion() + 1);
      store.write(again);
      unsaved = null;
      adopt(again);
    } catch (RuntimeException e) {
      log.warn("still cannot save the pending tokens of {}: {}", key, e.toString());
    }
  }

  /**
   * Installs a new record (from a code, or a long-lived token) under the lock, replacing what was
   * stored. {@code make} runs under the lock and gets the version to use.
   */
  private TokenStatus install(LongFunction<TokenRecord> make, String verb) {
    mutation.lock();
    try (GrantLock ignored = lock()) {
      TokenRecord stored;
      try {
        stored = store.load(key).orElse(null);
      } catch (TokenStoreException e) {
        stored = null; // the write below will say whether the store works
      }
      TokenRecord known = newest(stored, current.get());
      TokenRecord next = make.apply((known == null ? 0 : known.version()) + 1);
      TokenRecord saved = save(next);
      adopt(saved);
      // An explicit install revives even a record equal to the dead one (a person chose it).
      dead = null;
      deadCause = null;
      if (unsaved == saved) {
        throw new TokenStoreException(verb + " " + key + ", but the tokens could not be saved to "
            + store.info().name() + "; they are kept in memory for this process only");
      }
      log.info("{} {}: access {} valid until {} (version {})", verb, key,
          saved.accessTokenFingerprint(), saved.expiresAt(), saved.version());
      return TokenStatus.of(saved);
    } finally {
      mutation.unlock();
    }
  }

  /** Tells the listener; a listener that throws is logged and ignored. */
  private void tell(Consumer<TokenListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException listenerFailure) {
      log.warn("token listener threw", listenerFailure);
    }
  }

  /** Milliseconds of a duration, saturating instead of overflowing (a policy may say "forever"). */
  private static long millis(Duration d) {
    try {
      return Math.max(0, d.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
