package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.Sleeper;
import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.auth.Jwt;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException.Reason;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.RefreshPolicy.Phase;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenRefreshException;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one grant's tokens valid: the engine behind the auth interceptors. It reads top-down as
 * the steps of a refresh; each step that needs care is a small class of its own:
 *
 * <ul>
 *   <li>{@link SingleFlight}: concurrent callers share one refresh, which runs on a thread no
 *       caller can interrupt; waits are bounded, interrupts deferred until the pair is saved.
 *   <li>Under the store's lock, the store is read again, and if another process already refreshed,
 *       its pair is used instead (invariant 1).
 *   <li>{@link DurableSave}: the new pair is saved before it is used; a failed save is retried,
 *       reported, kept in memory and saved again later (invariant 2).
 *   <li>A refused refresh token first re-reads the store; only if it still holds the dead token
 *       is the grant marked for re-authorization, and the record is kept (invariant 3).
 *   <li>{@link StoreCalls}: every store call has a deadline; {@link Notices}: listeners hear of
 *       it all after the locks are released, and cannot break anything.
 * </ul>
 */
public final class TokenManager implements TokenSession {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");

  /** What a refresh must achieve; a record that satisfies it needs no refresh. */
  @FunctionalInterface
  private interface Need {
    boolean satisfiedBy(TokenRecord record, Instant now);
  }

  private static final Need ANY_NEWER = (r, now) -> true;

  private final GrantKey key;
  private final StoreCalls store;
  private final TokenEndpoint endpoint;
  private final Clock clock;
  private final RefreshPolicy policy;
  private final Notices notices;
  private final SingleFlight flights;
  private final DurableSave saver;
  /** How long a caller waits for a refresh or an authorization it started or joined. */
  private final long flightBoundNanos;

  /** Serializes what changes tokens in this manager (refresh, authorize); held on flights only. */
  private final ReentrantLock mutation = new ReentrantLock();
  private final AtomicReference<@Nullable TokenRecord> current = new AtomicReference<>();
  /** The current record and the millisecond until which it needs no refresh; see {@link #adopt}. */
  private volatile @Nullable Fresh fresh;
  /** The record {@link #current} replaced: its tokens may still be echoed in an error. */
  private volatile @Nullable TokenRecord previous;
  /** Why the last refresh failed, if it may pass and none succeeded since; for health checks. */
  private volatile @Nullable AmoCrmException lastRefreshFailure;
  /** The last authorization code this manager exchanged: an answer may echo it too. */
  private volatile @Nullable String lastCode;
  /**
   * The newest pair amoCRM's token endpoint issued to this manager (not one read from the store):
   * how the 401 path tells its own refresh from adopting another process's.
   */
  private volatile @Nullable TokenRecord refreshedHere;
  /** The record amoCRM refused; no refresh is tried again until the store holds another. */
  private volatile @Nullable TokenRecord dead;
  private volatile @Nullable ReauthorizationRequiredException deadCause;

  /**
   * Creates the manager of one grant.
   *
   * @param sleeper waits between save attempts
   */
  public TokenManager(
      GrantKey key,
      TokenStore store,
      TokenEndpoint endpoint,
      Clock clock,
      RefreshPolicy policy,
      TokenListener listener,
      Sleeper sleeper) {
    this.key = Objects.requireNonNull(key, "key == null");
    this.store = new StoreCalls(Objects.requireNonNull(store, "store == null"), key,
        policy.storeTimeout());
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.notices = Notices.immediate(Objects.requireNonNull(listener, "listener == null"),
        this::scrub);
    this.flights = new SingleFlight(notices);
    this.saver = new DurableSave(key, this.store, Objects.requireNonNull(sleeper,
        "sleeper == null"), clock, policy.saveAttempts());
    this.flightBoundNanos = flightBound(policy, endpoint.callTimeout());
  }

  /**
   * The longest a flight can take when every part of it runs into its own bound: the manager's
   * lock and the store's lock (each {@code lockWait}), the store's calls (each
   * {@code storeTimeout}), the token request, and the save's attempts; plus a margin. Past it the
   * caller stops waiting with a typed error (the flight goes on and saves what it gets).
   */
  private static long flightBound(RefreshPolicy p, Duration tokenCall) {
    Duration sum = Duration.ofSeconds(10);
    for (Duration d : new Duration[] {p.lockWait(), p.lockWait(), tokenCall,
        p.storeTimeout().multipliedBy(4L + p.saveAttempts())}) {
      sum = Durations.saturatedSum(sum, d);
    }
    return Durations.nanos(sum);
  }

  private Need timely() {
    return (r, now) -> policy.phaseOf(r, now) == Phase.FRESH;
  }

  private static Need replacing(String rejectedAccessToken) {
    return (r, now) -> !r.accessToken().equals(rejectedAccessToken) && now.isBefore(r.expiresAt());
  }

  // ---------------------------------------------------------------------------------------------
  // The interceptors' side.

  /**
   * Returns the record whose access token to send now, refreshing first if the windows say so.
   * Called by the wire-side interceptor, after the rate limiter admitted the request.
   */
  public TokenRecord tokenForRequest() {
    // The hot path: a record known to be fresh until a millisecond, no save pending, none dead.
    // One volatile read, one clock read, no allocation.
    Fresh f = fresh;
    if (f != null && clock.millis() < f.untilMillis() && saver.pending() == null
        && dead == null) {
      return f.record();
    }
    saver.retryIfDue(mutation, this::adopt);
    TokenRecord rec = currentOrLoad();
    Instant now = clock.instant();
    TokenRecord deadRecord = dead;
    if (deadRecord != null && deadRecord.sameTokens(rec)) {
      TokenRecord revived = reviveOrFail(rec, true);
      if (revived.sameTokens(rec)) {
        return rec; // refused refresh token, but the access token is still valid
      }
      rec = revived;
    }
    if (rec.isLongLived()) {
      if (now.isBefore(rec.expiresAt())) {
        return rec;
      }
      throw markDead(rec, Reason.LONG_LIVED_TOKEN_EXPIRED, null, notices);
    }
    switch (policy.phaseOf(rec, now)) {
      case FRESH:
        return rec;
      case ADVISORY:
        return refreshIfIdle(rec);
      default:
        try {
          return refreshShared(rec, timely());
        } catch (AmoCrmException e) {
          // A due refresh failed; a token that is still valid keeps serving meanwhile.
          if (clock.instant().isBefore(rec.expiresAt())) {
            log.warn("refresh of {} failed; its access token ({}) is still valid until {}: {}",
                key, rec.accessTokenFingerprint(), rec.expiresAt(), e.getMessage());
            return rec;
          }
          throw e;
        }
    }
  }

  /**
   * Called after amoCRM answered 401 to a request that carried {@code refused}. Compares it with
   * the store's newest record (read again, not only memory): if that is newer, it is the one to
   * retry with; if not, and {@code mayRefresh}, refreshes under the lock. Returns a record
   * strictly newer than the refused one, or null if there is none.
   *
   * @param refusal describes amoCRM's answer, kept as the cause when a long-lived token is refused
   * @param mayRefresh false once this request's own 401 has caused a refresh: a fresh pair that
   *     amoCRM refuses at once will not be helped by another, so only a pair someone else saved
   *     is tried then
   */
  public @Nullable Retry afterUnauthorized(TokenRecord refused,
      Supplier<? extends AmoCrmException> refusal, boolean mayRefresh) {
    Objects.requireNonNull(refused, "refused == null");
    TokenRecord stored = null;
    try {
      stored = store.load().orElse(null);
    } catch (TokenStoreException e) {
      log.debug("after a 401, {} could not be read again: {}", key, e.getMessage());
    }
    TokenRecord best = newest(stored, current.get());
    if (best != null && newer(best, refused) && clock.instant().isBefore(best.expiresAt())) {
      adopt(best);
      return new Retry(best, false); // another thread or process refreshed since it was sent
    }
    if (refused.isLongLived()) {
      throw markDead(refused, Reason.LONG_LIVED_TOKEN_REFUSED, refusal.get(), notices);
    }
    TokenRecord base = best != null ? best : refused;
    TokenRecord deadRecord = dead;
    if (deadRecord != null && deadRecord.sameTokens(base)) {
      TokenRecord revived = reviveOrFail(base, false);
      return newer(revived, refused) ? new Retry(revived, false) : null;
    }
    if (!mayRefresh) {
      return null;
    }
    TokenRecord refreshed = refreshShared(base, replacing(refused.accessToken()));
    // Under the lock the flight may have found another process's pair and refreshed nothing:
    // then this request has not used its refresh, and may still refresh if amoCRM kills that
    // pair before the retry reaches the wire (the retry waits for the limiter's window).
    return newer(refreshed, refused)
        ? new Retry(refreshed, refreshed.sameTokens(refreshedHere))
        : null;
  }

  /**
   * The record to retry a refused request with.
   *
   * @param record strictly newer than the refused one
   * @param refreshed true if the 401 path refreshed to get it: amoCRM's token endpoint issued it
   *     to this manager (not read from the store, before or under the lock)
   */
  public record Retry(TokenRecord record, boolean refreshed) {}

  /** True if {@code a} holds other tokens than {@code b} and was issued (or written) after it. */
  private static boolean newer(TokenRecord a, TokenRecord b) {
    return !a.sameTokens(b) && TokenRecord.RECENCY.compare(a, b) > 0;
  }

  /**
   * Returns the secrets an answer from amoCRM might echo: the tokens of the current, the previous
   * and a pending record, and the last authorization code. For scrubbing messages; never logged.
   */
  List<String> knownTokens() {
    List<String> tokens = new ArrayList<>(7);
    String code = lastCode;
    if (code != null) {
      tokens.add(code);
    }
    for (TokenRecord r : new TokenRecord[] {current.get(), previous, saver.pending()}) {
      if (r != null) {
        tokens.add(r.accessToken());
        if (r.refreshToken() != null) {
          tokens.add(r.refreshToken());
        }
      }
    }
    return tokens;
  }

  /** Removes every known secret, whole or in part, from text built from amoCRM's answers. */
  public String scrub(String text) {
    return endpoint.redactor(knownTokens()).redact(text);
  }

  // ---------------------------------------------------------------------------------------------
  // TokenSession.

  @Override
  public GrantKey key() {
    return key;
  }

  @Override
  public Optional<TokenStatus> status() {
    TokenRecord pending = saver.pending();
    Optional<TokenRecord> stored = store.load();
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
    lastCode = code;
    // The account's current domain: after a move it is no longer the key's.
    AccountHosts hosts = endpoint.hosts();
    String domain = hosts.follows() ? hosts.domain() : key.domain();
    return install(version -> endpoint.exchangeCode(code).toRecord(key, domain, version),
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
    TokenRecord refreshed = refreshShared(rec, ANY_NEWER);
    if (saver.isPending(refreshed)) {
      throw new TokenStoreException("refreshed the tokens of " + key + ", but they could not be"
          + " saved to " + store.storeName() + "; they are kept in memory and saved again later,"
          + " and a restart before then loses them", saver.pendingFailure());
    }
    return TokenStatus.of(refreshed);
  }

  @Override
  public TokenStatus useLongLivedToken(String token) {
    Objects.requireNonNull(token, "token == null");
    String trimmed = token.trim();
    Jwt jwt = Jwt.parse(trimmed);
    Instant exp = jwt.expiresAt().orElseThrow(
        () -> new IllegalArgumentException("the long-lived token has no exp claim"));
    String domain = jwt.apiDomain().orElse(key.domain());
    return install(version -> new TokenRecord(key, trimmed, null, exp, clock.instant(), domain,
        version), "stored a long-lived token for");
  }

  @Override
  public Optional<AmoCrmException> lastRefreshFailure() {
    return Optional.ofNullable(lastRefreshFailure);
  }

  @Override
  public boolean needsReauthorization() {
    TokenRecord deadRecord = dead;
    return deadRecord != null && deadRecord.sameTokens(current.get());
  }

  @Override
  public String toString() {
    return "TokenManager{" + key + ", store=" + store.storeName() + '}';
  }

  // ---------------------------------------------------------------------------------------------
  // Loading and the dead state.

  /**
   * Routes requests to the domain a record names, if it is not where they go now: another process
   * found the account's move and saved it. Only amoCRM account hosts are followed; an API cluster
   * host (a long-lived token's {@code api_domain}, stored by older versions) is no account.
   */
  private void follow(TokenRecord rec) {
    AccountHosts hosts = endpoint.hosts();
    String domain = rec.accountDomain();
    if (!hosts.follows() || domain.equals(hosts.domain()) || AccountHosts.isClusterHost(domain)) {
      return;
    }
    try {
      hosts.moveTo(domain);
    } catch (AmoCrmException e) {
      log.warn("the stored record of {} names domain {}, which this client does not follow: {}",
          key, AccountHosts.printable(domain), e.getMessage());
    }
  }

  private TokenRecord currentOrLoad() {
    TokenRecord cur = current.get();
    if (cur != null) {
      return cur;
    }
    TokenRecord loaded = store.load().orElseThrow(
        () -> new ReauthorizationRequiredException(key, Reason.NO_TOKENS, null));
    synchronized (this) {
      if (current.compareAndSet(null, loaded)) {
        follow(loaded);
        fresh = freshOf(loaded);
      }
    }
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
      reread = store.load().orElse(null);
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
      TokenRecord rec, Reason reason, @Nullable Throwable cause, Notices tell) {
    ReauthorizationRequiredException e = new ReauthorizationRequiredException(key, reason, cause);
    boolean first = !rec.sameTokens(dead);
    deadCause = e;
    dead = rec;
    if (first) {
      log.error("{}", e.getMessage());
      tell.add(l -> l.onReauthorizationRequired(e));
    }
    return e;
  }

  /**
   * A record and the first millisecond (on the clock, floored) at which the refresh policy might
   * want it refreshed: before it, the record is {@link Phase#FRESH} for certain.
   */
  private record Fresh(TokenRecord record, long untilMillis) {}

  private Fresh freshOf(TokenRecord r) {
    Instant until = r.isLongLived() ? r.expiresAt() : r.expiresAt().minus(policy.advisoryWindow());
    if (!r.isLongLived() && !r.issuedAt().equals(Instant.EPOCH)) {
      Instant keepAlive = r.issuedAt().plus(policy.keepAliveAge());
      until = keepAlive.isBefore(until) ? keepAlive : until;
    }
    long millis;
    try {
      millis = until.toEpochMilli(); // floored: earlier than the instant, never later
    } catch (ArithmeticException e) {
      millis = until.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return new Fresh(r, millis);
  }

  private synchronized void adopt(TokenRecord rec) {
    // Synchronized: current and fresh change together (adopting is rare; reading is lock-free).
    follow(rec);
    fresh = freshOf(rec);
    TokenRecord was = current.getAndSet(rec);
    if (was != null && !was.sameTokens(rec)) {
      previous = was;
    }
    TokenRecord deadRecord = dead;
    if (deadRecord != null && !deadRecord.sameTokens(rec)) {
      dead = null;
      deadCause = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Single flight.

  /**
   * Advisory window: the caller that finds no refresh running starts one and waits for it; the
   * others keep the valid token. A failure here is soft.
   */
  private TokenRecord refreshIfIdle(TokenRecord seen) {
    SingleFlight.Flight<TokenRecord> mine =
        flights.startIfIdle(tell -> refreshLocked(seen, timely(), tell));
    if (mine == null) {
      return seen;
    }
    try {
      return awaitFlight(mine);
    } catch (ReauthorizationRequiredException e) {
      return seen; // reported through the listener; the valid token keeps serving
    } catch (AmoCrmException e) {
      log.warn("advisory refresh of {} failed; the current token keeps serving until {}: {}",
          key, seen.expiresAt(), e.getMessage());
      return seen;
    }
  }

  /** Joins the running refresh, or starts one. */
  private TokenRecord refreshShared(TokenRecord seen, Need need) {
    TokenRecord base = seen;
    for (int joined = 0; ; joined++) {
      TokenRecord from = base;
      SingleFlight.Flight<TokenRecord> f = flights.join(tell -> refreshLocked(from, need, tell));
      TokenRecord shared = awaitFlight(f);
      if (f.startedHere() || need.satisfiedBy(shared, clock.instant())
          || !shared.sameTokens(from) || joined > 0) {
        return shared;
      }
      base = shared; // the refresh we joined was for another need and left ours unmet
    }
  }

  private <T> T awaitFlight(SingleFlight.Flight<T> f) {
    return f.await(flightBoundNanos, () -> new TokenRefreshException(key,
        "the refresh of " + key + " did not finish within "
            + TimeUnit.NANOSECONDS.toSeconds(flightBoundNanos) + " s; it goes on, and saves what"
            + " it gets", null));
  }

  // ---------------------------------------------------------------------------------------------
  // The refresh, on a flight thread: lock, re-read, refresh only if still stale, save, use.

  private TokenRecord refreshLocked(TokenRecord seen, Need need, Notices tell) {
    try {
      lockMutation();
      try {
        TokenRecord cur = current.get();
        if (cur != null && !cur.sameTokens(seen) && need.satisfiedBy(cur, clock.instant())) {
          return cur; // a refresh by this manager finished after the caller looked
        }
        try (GrantLock ignored = store.lock(policy.lockLease(), policy.lockWait())) {
          TokenRecord stored = store.load().orElse(null);
          log.debug("refreshing {}: took the lock of {}; it holds {}", key, store.storeName(),
              stored);
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
                ? Reason.LONG_LIVED_TOKEN_REFUSED : Reason.LONG_LIVED_TOKEN_EXPIRED, null, tell);
          }
          return refreshWith(base, stored, tell);
        }
      } finally {
        mutation.unlock();
      }
    } catch (ReauthorizationRequiredException e) {
      throw e;
    } catch (AmoCrmException e) {
      AmoCrmException reported = e instanceof TokenStoreException
          ? new TokenRefreshException(key, "refresh of " + key + " failed: " + e.getMessage(), e)
          : e;
      lastRefreshFailure = reported;
      tell.add(l -> l.onRefreshFailed(key, reported));
      throw reported;
    }
  }

  private TokenRecord refreshWith(TokenRecord base, @Nullable TokenRecord stored, Notices tell) {
    String refreshToken = Objects.requireNonNull(base.refreshToken());
    TokenGrant grant;
    boolean moved = false;
    try {
      grant = endpoint.refresh(refreshToken);
    } catch (OAuthException e) {
      boolean refused = e.reason() == OAuthException.Reason.REFRESH_TOKEN_REFUSED;
      if (refused) {
        // Invariant 3: another process may have won the race; re-read before giving up.
        TokenRecord again = store.load().orElse(null);
        if (again != null && !again.sameTokens(base)) {
          log.info("refresh token of {} was already used; another process refreshed first,"
              + " using its pair ({})", key, again.accessTokenFingerprint());
          adopt(again);
          return again;
        }
      }
      grant = refreshWhereTheAccountMoved(base, e);
      moved = grant != null;
      if (grant == null) {
        if (!refused) {
          throw e;
        }
        throw markDead(base, Reason.REFRESH_TOKEN_REFUSED, e, tell);
      }
    }
    long version = Math.max(base.version(), stored == null ? 0 : stored.version()) + 1;
    AccountHosts hosts = endpoint.hosts();
    String domain = hosts.follows() ? hosts.domain() : base.accountDomain();
    TokenRecord next = saver.save(grant.toRecord(key, domain, version), tell);
    refreshedHere = next;
    adopt(next);
    log.info("refreshed tokens of {}: access {} valid until {} (version {})", key,
        next.accessTokenFingerprint(), next.expiresAt(), next.version());
    lastRefreshFailure = null;
    tell.add(l -> l.onRefreshed(TokenStatus.of(next)));
    // Just moved: the domain came from amoCRM's answer, and the claim changes with it.
    return moved ? next : followApiDomainChange(base, next, tell);
  }

  /**
   * A refresh was refused with 401 or 404: amoCRM's answer at a domain the account left (its own
   * library then asks where the account is). Asks, and if the account moved to an amoCRM host,
   * routes the client there and refreshes there with the same refresh token (the refused attempt
   * did not use it up). Returns null if the account did not move, or this client does not follow.
   *
   * @throws io.github.farolero.amocrm.error.UntrustedHostException if amoCRM says the account is
   *     at a host that is not amoCRM's; nothing is sent there
   */
  private @Nullable TokenGrant refreshWhereTheAccountMoved(TokenRecord base, OAuthException e) {
    AccountHosts hosts = endpoint.hosts();
    if (!hosts.follows() || (e.status() != 401 && e.status() != 404)) {
      return null;
    }
    String refreshToken = Objects.requireNonNull(base.refreshToken());
    String domain = endpoint.currentDomain(refreshToken, apiDomain(base));
    if (domain == null || domain.equals(hosts.domain())) {
      return null;
    }
    try {
      hosts.moveTo(domain);
    } catch (AmoCrmException refusedHost) {
      refusedHost.addSuppressed(e);
      throw refusedHost;
    }
    log.warn("the token endpoint of {} answered {}: the account is at {} now; refreshing there",
        key, e.status(), domain);
    return endpoint.refresh(refreshToken);
  }

  /**
   * After a refresh: if the new access token's {@code api_domain} claim differs from the old
   * one's, the account may have moved; ask amoCRM where it is, and if it moved, route there and
   * save the record again with its new domain. The new pair was saved before this (invariant 2),
   * so a failure here loses nothing: the stored domain is the old one, and the next refusal there
   * finds the move again.
   */
  private TokenRecord followApiDomainChange(TokenRecord base, TokenRecord next, Notices tell) {
    AccountHosts hosts = endpoint.hosts();
    String before = apiDomain(base);
    String after = apiDomain(next);
    if (!hosts.follows() || before == null || after == null || before.equals(after)) {
      return next;
    }
    String domain = endpoint.currentDomain(Objects.requireNonNull(next.refreshToken()), after);
    if (domain == null || domain.equals(hosts.domain())) {
      return next;
    }
    hosts.moveTo(domain); // an untrusted host throws: the pair is saved, requests stay put
    TokenRecord moved = saver.save(new TokenRecord(key, next.accessToken(), next.refreshToken(),
        next.expiresAt(), next.issuedAt(), domain, next.version() + 1), tell);
    adopt(moved);
    return moved;
  }

  private static @Nullable String apiDomain(TokenRecord r) {
    try {
      return Jwt.parse(r.accessToken()).apiDomain().map(d -> d.toLowerCase(java.util.Locale.ROOT))
          .orElse(null);
    } catch (IllegalArgumentException notAJwt) {
      return null;
    }
  }

  /** Takes this manager's own lock, waiting at most {@code lockWait}. */
  private void lockMutation() {
    boolean locked;
    try {
      locked = mutation.tryLock(Durations.nanos(policy.lockWait()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenStoreException("interrupted while waiting to change the tokens of " + key,
          e);
    }
    if (!locked) {
      throw new LockTimeoutException("another refresh or authorization of " + key + " in this"
          + " process still runs after " + Durations.describe(policy.lockWait()));
    }
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
   * Installs a new record (from a code, or a long-lived token) under the lock, replacing what was
   * stored. {@code make} runs under the lock and gets the version to use. Runs on a flight thread:
   * a pair amoCRM issued for a code is saved even if the caller is interrupted.
   */
  private TokenStatus install(LongFunction<TokenRecord> make, String verb) {
    return awaitFlight(flights.runAlone(tell -> installLocked(make, verb, tell)));
  }

  private TokenStatus installLocked(LongFunction<TokenRecord> make, String verb, Notices tell) {
    lockMutation();
    try (GrantLock ignored = store.lock(policy.lockLease(), policy.lockWait())) {
      TokenRecord stored;
      try {
        stored = store.load().orElse(null);
      } catch (TokenStoreException e) {
        stored = null; // the write below will say whether the store works
      }
      TokenRecord known = newest(stored, current.get());
      TokenRecord saved = saver.save(make.apply((known == null ? 0 : known.version()) + 1), tell);
      adopt(saved);
      // An explicit install revives even a record equal to the dead one (a person chose it).
      dead = null;
      deadCause = null;
      if (saver.isPending(saved)) {
        throw new TokenStoreException(verb + " " + key + ", but the tokens could not be saved to "
            + store.storeName() + "; they are kept in memory for this process only",
            saver.pendingFailure());
      }
      log.info("{} {}: access {} valid until {} (version {})", verb, key,
          saved.accessTokenFingerprint(), saved.expiresAt(), saved.version());
      return TokenStatus.of(saved);
    } finally {
      mutation.unlock();
    }
  }
}
