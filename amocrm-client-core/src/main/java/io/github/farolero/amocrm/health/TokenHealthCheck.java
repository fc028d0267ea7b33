package io.github.farolero.amocrm.health;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether a store's grants are healthy, from what the store holds, without calling amoCRM
 * (unless asked to {@link #verify}). Each grant gets a {@link HealthState} and the
 * {@link HealthReason reasons} for it (their codes are constants of {@link HealthReason}):
 *
 * <ul>
 *   <li>the store (or every member of a composite) cannot be read: UNKNOWN;
 *   <li>no tokens are stored: CRITICAL (authorize);
 *   <li>a composite member cannot be read: WARN, or CRITICAL if it is the member that provides the
 *       lock; a writable member holds an older record or none: WARN (the next read repairs it);
 *   <li>the access token expired: WARN (the next call renews it), expires soon: noted as OK; a
 *       long-lived token expired: CRITICAL, expires soon: WARN;
 *   <li>the pair's age against amoCRM's 3-month refresh-token death ({@link HealthPolicy}): WARN,
 *       then CRITICAL, then dead;
 *   <li>from a {@link TokenSession} of this process also: re-authorization required (CRITICAL),
 *       the last refresh failed (WARN).
 * </ul>
 *
 * <pre>{@code
 * StoreHealth health = TokenHealthCheck.of(store).checkAll();
 * System.exit(health.state().exitCode());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenHealthCheck {

  private final TokenStore store;
  private final HealthPolicy policy;
  private final Clock clock;

  private TokenHealthCheck(Builder b) {
    this.store = b.store;
    this.policy = b.policy;
    this.clock = b.clock;
  }

  /**
   * Returns a check of a store with the default thresholds and the system clock.
   *
   * @param store the store
   * @return the check
   */
  public static TokenHealthCheck of(TokenStore store) {
    return builder(store).build();
  }

  /**
   * Returns a builder of a check of a store.
   *
   * @param store the store
   * @return the builder
   */
  public static Builder builder(TokenStore store) {
    return new Builder(store);
  }

  /**
   * Checks every grant the store holds.
   *
   * @return the store's health; UNKNOWN with a reason if its grants could not be listed
   */
  public StoreHealth checkAll() {
    Instant now = clock.instant();
    String name = store.info().name();
    StoreKeys.Listing listing = StoreKeys.of(store);
    if (!listing.anyAnswered()) {
      HealthReason r = new HealthReason(HealthState.UNKNOWN, HealthReason.STORE_UNREACHABLE,
          name + " could not list its grants: " + String.join("; ", listing.unreachable()));
      return new StoreHealth(name, HealthState.UNKNOWN, List.of(r), List.of(), now);
    }
    // A member that cannot be listed shows in each grant's own reasons (it cannot be read either).
    List<GrantKey> keys = new ArrayList<>(listing.keys());
    keys.sort(Comparator.comparing(GrantKey::toString));
    List<TokenHealth> grants = new ArrayList<>(keys.size());
    HealthState state = HealthState.OK;
    for (GrantKey key : keys) {
      TokenHealth h = check(key, now, List.of());
      grants.add(h);
      state = state.worst(h.state());
    }
    return new StoreHealth(name, state, List.of(), grants, now);
  }

  /**
   * Checks one grant from what the store holds.
   *
   * @param key the grant
   * @return its health
   */
  public TokenHealth check(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    return check(key, clock.instant(), List.of());
  }

  /**
   * Checks a grant as this process sees it: what the store holds, plus whether this process found
   * its tokens dead and whether its last refresh failed.
   *
   * @param session a client's token session ({@code client.tokens()}) over this check's store
   * @return its health
   */
  public TokenHealth check(TokenSession session) {
    Objects.requireNonNull(session, "session == null");
    return check(session.key(), clock.instant(), sessionReasons(session));
  }

  /**
   * Checks a grant and verifies it with one cheap API call ({@code GET /api/v4/account}) through
   * the client, which refreshes first if the windows say so (under the store's lock).
   *
   * @param client a client of the grant, over this check's store
   * @return its health after the call, with the call's outcome among the reasons
   */
  public TokenHealth verify(AmoCrmClient client) {
    Objects.requireNonNull(client, "client == null");
    HealthReason outcome;
    try {
      client.account();
      outcome = new HealthReason(HealthState.OK, HealthReason.VERIFIED,
          "GET /api/v4/account succeeded with the stored tokens");
    } catch (ReauthorizationRequiredException e) {
      outcome = new HealthReason(HealthState.CRITICAL, HealthReason.REAUTHORIZATION_REQUIRED,
          e.getMessage());
    } catch (AccountBlockedException e) {
      outcome = new HealthReason(HealthState.CRITICAL, HealthReason.ACCOUNT_REFUSED,
          e.getMessage());
    } catch (AmoCrmHttpException e) {
      boolean refused = e.status() == 401 || e.status() == 402 || e.status() == 403;
      outcome = new HealthReason(refused ? HealthState.CRITICAL : HealthState.WARN,
          refused ? HealthReason.ACCOUNT_REFUSED : HealthReason.VERIFY_FAILED, e.getMessage());
    } catch (AmoCrmException e) {
      outcome = new HealthReason(HealthState.WARN, HealthReason.VERIFY_FAILED, e.getMessage());
    }
    List<HealthReason> extra = new ArrayList<>(sessionReasons(client.tokens()));
    extra.add(outcome);
    return check(client.tokens().key(), clock.instant(), extra);
  }

  private static List<HealthReason> sessionReasons(TokenSession session) {
    List<HealthReason> reasons = new ArrayList<>(2);
    if (session.needsReauthorization()) {
      reasons.add(new HealthReason(HealthState.CRITICAL, HealthReason.REAUTHORIZATION_REQUIRED,
          "amoCRM refused the tokens of " + session.key() + " and no store holds newer ones;"
              + " authorize again (amocrm-tokens authorize)"));
    }
    Optional<AmoCrmException> failure = session.lastRefreshFailure();
    failure.ifPresent(e -> reasons.add(new HealthReason(HealthState.WARN,
        HealthReason.LAST_REFRESH_FAILED, "the last refresh failed: " + e.getMessage())));
    return reasons;
  }

  private TokenHealth check(GrantKey key, Instant now, List<HealthReason> extra) {
    List<HealthReason> reasons = new ArrayList<>(extra);
    Read read = store instanceof CompositeTokenStore composite
        ? readMembers(composite, key, reasons) : readStore(key, reasons);
    TokenRecord record = read.record;
    if (read.answered && record == null) {
      reasons.add(new HealthReason(HealthState.CRITICAL, HealthReason.NO_TOKENS,
          "no tokens are stored for " + key + "; authorize the integration (amocrm-tokens"
              + " authorize)"));
    }
    if (record != null) {
      judge(record, now, reasons);
    }
    reasons.sort(Comparator.comparing(HealthReason::state,
        (a, b) -> a == b ? 0 : a.worst(b) == a ? -1 : 1));
    HealthState state = HealthState.OK;
    for (HealthReason r : reasons) {
      state = state.worst(r.state());
    }
    return new TokenHealth(key, state, reasons, record == null ? null : TokenStatus.of(record),
        now);
  }

  /** What a read found: the record (or none), and whether any store answered at all. */
  private record Read(@Nullable TokenRecord record, boolean answered) {}

  private Read readStore(GrantKey key, List<HealthReason> reasons) {
    try {
      return new Read(store.load(key).orElse(null), true);
    } catch (RuntimeException e) {
      reasons.add(new HealthReason(HealthState.UNKNOWN, HealthReason.STORE_UNREACHABLE,
          store.info().name() + " could not be read: " + e.getMessage()));
      return new Read(null, false);
    }
  }

  /** Reads each member, so that a member down or behind shows, not only the composite's answer. */
  private Read readMembers(CompositeTokenStore composite, GrantKey key,
      List<HealthReason> reasons) {
    TokenStore lockMember = composite.lockMember().orElse(null);
    List<TokenStore> answered = new ArrayList<>();
    List<@Nullable TokenRecord> held = new ArrayList<>();
    TokenRecord newest = null;
    for (TokenStore m : composite.members()) {
      try {
        TokenRecord r = m.load(key).orElse(null);
        answered.add(m);
        held.add(r);
        if (r != null && (newest == null || TokenRecord.RECENCY.compare(r, newest) > 0)) {
          newest = r;
        }
      } catch (RuntimeException e) {
        // In a declared single-host deployment the next-widest lock serves meanwhile.
        boolean lock = m == lockMember && !composite.singleHost();
        reasons.add(new HealthReason(lock ? HealthState.CRITICAL : HealthState.WARN,
            lock ? HealthReason.LOCK_MEMBER_UNREACHABLE : HealthReason.MEMBER_UNREACHABLE,
            m.info().name() + " could not be read" + (lock ? " and it provides the lock:"
                + " refreshes that fall due fail until it is back" : "") + ": "
                + e.getMessage()));
      }
    }
    if (answered.isEmpty()) {
      reasons.add(new HealthReason(HealthState.UNKNOWN, HealthReason.STORE_UNREACHABLE,
          "no member of " + composite.info().name() + " could be read"));
      return new Read(null, false);
    }
    for (int i = 0; i < answered.size(); i++) {
      TokenStore m = answered.get(i);
      TokenRecord r = held.get(i);
      if (newest != null && m.info().writable()
          && (r == null || TokenRecord.RECENCY.compare(r, newest) < 0)) {
        reasons.add(new HealthReason(HealthState.WARN, HealthReason.MEMBER_STALE, m.info().name()
            + (r == null ? " holds no record" : " holds version " + r.version())
            + " where the newest is version " + newest.version() + "; the next read repairs it"));
      }
    }
    return new Read(newest, true);
  }

  private void judge(TokenRecord r, Instant now, List<HealthReason> reasons) {
    Duration left = Duration.between(now, r.expiresAt());
    if (r.isLongLived()) {
      if (left.isNegative() || left.isZero()) {
        reasons.add(new HealthReason(HealthState.CRITICAL, HealthReason.LONG_LIVED_TOKEN_EXPIRED,
            "the long-lived token of " + r.key() + " expired at " + r.expiresAt() + "; make a"
                + " new one in the account's integration settings"));
      } else if (left.compareTo(policy.longLivedTokenExpiring()) <= 0) {
        reasons.add(new HealthReason(HealthState.WARN, HealthReason.ACCESS_TOKEN_EXPIRING,
            "the long-lived token of " + r.key() + " expires at " + r.expiresAt() + "; make a"
                + " new one in the account's integration settings before then"));
      }
      return;
    }
    if (left.isNegative() || left.isZero()) {
      reasons.add(new HealthReason(HealthState.WARN, HealthReason.ACCESS_TOKEN_EXPIRED,
          "the access token expired at " + r.expiresAt() + "; the next API call (or"
              + " amocrm-tokens refresh) renews it"));
    } else if (left.compareTo(policy.accessTokenExpiring()) <= 0) {
      reasons.add(new HealthReason(HealthState.OK, HealthReason.ACCESS_TOKEN_EXPIRING,
          "the access token expires at " + r.expiresAt() + "; the next API call renews it"));
    }
    if (r.issuedAt().equals(Instant.EPOCH)) {
      reasons.add(new HealthReason(HealthState.OK, HealthReason.ISSUE_TIME_UNKNOWN,
          "the pair's issue time is unknown (a seed without iat); its first refresh sets it"));
      return;
    }
    Duration age = Duration.between(r.issuedAt(), now);
    long days = age.toDays();
    if (age.compareTo(policy.refreshTokenLifetime()) >= 0) {
      reasons.add(new HealthReason(HealthState.CRITICAL, HealthReason.REFRESH_TOKEN_EXPIRED,
          "the pair was last refreshed " + days + " days ago; amoCRM drops a refresh token unused"
              + " for " + policy.refreshTokenLifetime().toDays() + " days: authorize again"
              + " (amocrm-tokens authorize)"));
    } else if (age.compareTo(policy.refreshTokenAgeCritical()) >= 0) {
      reasons.add(new HealthReason(HealthState.CRITICAL, HealthReason.REFRESH_TOKEN_NEAR_DEATH,
          "the pair was last refreshed " + days + " days ago; amoCRM drops it at "
              + policy.refreshTokenLifetime().toDays() + ": refresh now (amocrm-tokens refresh)"));
    } else if (age.compareTo(policy.refreshTokenAgeWarning()) >= 0) {
      reasons.add(new HealthReason(HealthState.WARN, HealthReason.REFRESH_TOKEN_AGING,
          "the pair was last refreshed " + days + " days ago; keep it alive (a TokenKeeper, or"
              + " amocrm-tokens refresh from cron)"));
    }
  }

  @Override
  public String toString() {
    return "TokenHealthCheck{" + store.info().name() + ", " + policy + '}';
  }

  /** Builds a {@link TokenHealthCheck}. Not thread-safe. */
  public static final class Builder {
    private final TokenStore store;
    private HealthPolicy policy = HealthPolicy.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder(TokenStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
    }

    /**
     * Sets the thresholds. Default {@link HealthPolicy#defaults()}.
     *
     * @param policy the thresholds
     * @return this builder
     */
    public Builder policy(HealthPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /**
     * Sets the clock ages and expiries are judged on. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     */
    public TokenHealthCheck build() {
      return new TokenHealthCheck(this);
    }
  }
}
