package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * What is known about a grant's tokens, without the tokens: safe to log, show and export as a
 * metric label.
 *
 * @param key the grant
 * @param accountDomain the host API calls go to
 * @param expiresAt when the access token expires
 * @param issuedAt when the pair was issued
 * @param version the stored record's version
 * @param longLived true for a long-lived token (no refresh token)
 * @param accessTokenFingerprint the first hex digits of the access token's SHA-256
 * @param refreshTokenFingerprint the same for the refresh token, or {@code "none"}
 */
public record TokenStatus(
    GrantKey key,
    String accountDomain,
    Instant expiresAt,
    Instant issuedAt,
    long version,
    boolean longLived,
    String accessTokenFingerprint,
    String refreshTokenFingerprint) {

  /** Checks the parts are present. */
  public TokenStatus {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(accountDomain, "accountDomain == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    Objects.requireNonNull(issuedAt, "issuedAt == null");
    Objects.requireNonNull(accessTokenFingerprint, "accessTokenFingerprint == null");
    Objects.requireNonNull(refreshTokenFingerprint, "refreshTokenFingerprint == null");
  }

  /**
   * Returns the status of a record.
   *
   * @param record the record
   * @return its status
   */
  public static TokenStatus of(TokenRecord record) {
    return new TokenStatus(
        record.key(),
        record.accountDomain(),
        record.expiresAt(),
        record.issuedAt(),
        record.version(),
        record.isLongLived(),
        record.accessTokenFingerprint(),
        record.refreshTokenFingerprint());
  }
}
