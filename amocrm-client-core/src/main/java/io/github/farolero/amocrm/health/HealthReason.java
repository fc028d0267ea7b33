package io.github.farolero.amocrm.health;

import java.util.Objects;

/**
 * Why a grant is in its state: a stable code for machines (alerts, dashboards) and a sentence for
 * people. Never holds a token.
 *
 * @param state the state this reason alone puts the grant in
 * @param code a stable, lower-case, dash-separated code, such as {@code refresh-token-aging}
 * @param message what is wrong and, where a person must act, what to do
 */
public record HealthReason(HealthState state, String code, String message) {

  /** The store holds no tokens for the grant: authorize it. CRITICAL. */
  public static final String NO_TOKENS = "no-tokens";
  /** The store (or every member of a composite) could not be read. UNKNOWN. */
  public static final String STORE_UNREACHABLE = "store-unreachable";
  /** A member of a composite store could not be read; the others serve. WARN. */
  public static final String MEMBER_UNREACHABLE = "member-unreachable";
  /**
   * The member of a composite that provides the cluster's lock could not be read: refreshes that
   * fall due fail until it is back. CRITICAL.
   */
  public static final String LOCK_MEMBER_UNREACHABLE = "lock-member-unreachable";
  /** A member of a composite holds an older record, or none; the next read repairs it. WARN. */
  public static final String MEMBER_STALE = "member-stale";
  /** The access token has expired; the next call (or a refresh) renews it. WARN. */
  public static final String ACCESS_TOKEN_EXPIRED = "access-token-expired";
  /** The access token expires soon; normal for OAuth grants (OK), WARN for a long-lived token. */
  public static final String ACCESS_TOKEN_EXPIRING = "access-token-expiring";
  /** A long-lived token has expired: make a new one in the account's settings. CRITICAL. */
  public static final String LONG_LIVED_TOKEN_EXPIRED = "long-lived-token-expired";
  /** The pair has not been refreshed for longer than the warning age. WARN. */
  public static final String REFRESH_TOKEN_AGING = "refresh-token-aging";
  /** The refresh token is close to amoCRM's 3-month idle death: refresh it now. CRITICAL. */
  public static final String REFRESH_TOKEN_NEAR_DEATH = "refresh-token-near-death";
  /** The refresh token is older than amoCRM keeps one: re-authorize. CRITICAL. */
  public static final String REFRESH_TOKEN_EXPIRED = "refresh-token-expired";
  /** The pair's issue time is unknown (an environment seed without {@code iat}). OK. */
  public static final String ISSUE_TIME_UNKNOWN = "issue-time-unknown";
  /** This process found the grant's tokens dead: a person must re-authorize. CRITICAL. */
  public static final String REAUTHORIZATION_REQUIRED = "reauthorization-required";
  /** The last refresh failed for a reason that may pass. WARN. */
  public static final String LAST_REFRESH_FAILED = "last-refresh-failed";
  /** A verifying API call succeeded with the stored tokens. OK. */
  public static final String VERIFIED = "verified";
  /** A verifying API call failed for a reason that may pass (network, 5xx, 429). WARN. */
  public static final String VERIFY_FAILED = "verify-failed";
  /** amoCRM refuses the account (a 403 ban or an unpaid account). CRITICAL. */
  public static final String ACCOUNT_REFUSED = "account-refused";

  /** Checks the parts. */
  public HealthReason {
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(message, "message == null");
  }

  /** Returns {@code STATE code: message}. */
  @Override
  public String toString() {
    return state + " " + code + ": " + message;
  }
}
