package io.github.farolero.amocrm.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One stored grant: an access token, the refresh token that renews it, and what a store needs to
 * keep them safe. Immutable.
 *
 * <p>{@link #toString()} shows fingerprints, never the tokens. JSON through {@link #toJson()} and
 * {@link #fromJson(String)} is the one serialized form (there is no Java serialization).
 *
 * @param key the grant this record belongs to
 * @param accessToken the access token (a JWT), sent as {@code Authorization: Bearer}
 * @param refreshToken the single-use refresh token, or null for a long-lived token
 * @param expiresAt when the access token expires, computed from when the token request was sent
 * @param issuedAt when the pair was issued; the refresh token's age is measured from here.
 *     {@link Instant#EPOCH} means "unknown" (a seed whose issue time nobody recorded): such a
 *     record sorts as the oldest ({@link #RECENCY}), and {@code RefreshPolicy}'s keep-alive age
 *     does not apply to it (its expiry windows do)
 * @param accountDomain the host API calls go to (usually {@code key.domain()})
 * @param version grows by one on every write; a store rejects a write whose version is not newer
 *     than the one it holds ({@link TokenStore#write}). Zero for a record that was never written.
 */
public record TokenRecord(
    GrantKey key,
    String accessToken,
    @Nullable String refreshToken,
    Instant expiresAt,
    Instant issuedAt,
    String accountDomain,
    long version) {

  /**
   * Orders records from oldest to newest: by {@link #issuedAt()}, then by {@link #version()}. The
   * composite store serves the greatest.
   */
  public static final Comparator<TokenRecord> RECENCY =
      Comparator.comparing(TokenRecord::issuedAt).thenComparingLong(TokenRecord::version);

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if a token is blank, the version negative, or the domain not
   *     a host name
   */
  public TokenRecord {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(accessToken, "accessToken == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    Objects.requireNonNull(issuedAt, "issuedAt == null");
    Objects.requireNonNull(accountDomain, "accountDomain == null");
    if (accessToken.isBlank()) {
      throw new IllegalArgumentException("accessToken is blank");
    }
    if (refreshToken != null && refreshToken.isBlank()) {
      throw new IllegalArgumentException("refreshToken is blank (use null for a long-lived token)");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version < 0: " + version);
    }
    accountDomain = GrantKey.of(accountDomain).domain();
  }

  /** Returns true for a long-lived token: one without a refresh token, which cannot be renewed. */
  public boolean isLongLived() {
    return refreshToken == null;
  }

  /** Returns a copy with another version. */
  public TokenRecord withVersion(long version) {
    return new TokenRecord(
        key, accessToken, refreshToken, expiresAt, issuedAt, accountDomain, version);
  }

  /**
   * Returns true if both records hold the same access and refresh tokens, whatever their
   * versions.
   */
  public boolean sameTokens(@Nullable TokenRecord other) {
    return other != null
        && accessToken.equals(other.accessToken)
        && Objects.equals(refreshToken, other.refreshToken);
  }

  /** Returns a short, non-reversible fingerprint of the access token, safe to log. */
  public String accessTokenFingerprint() {
    return Fingerprints.of(accessToken);
  }

  /** Returns a short fingerprint of the refresh token, or {@code "none"} for a long-lived token. */
  public String refreshTokenFingerprint() {
    return refreshToken == null ? "none" : Fingerprints.of(refreshToken);
  }

  /** Returns this record as JSON, the form file stores and backups keep. */
  public String toJson() {
    return TokenRecordJson.write(this);
  }

  /**
   * Reads a record written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the record
   * @throws IllegalArgumentException if the text is not a valid record; the message names the
   *     field at fault, never a value
   */
  public static TokenRecord fromJson(String json) {
    return TokenRecordJson.read(json);
  }

  @Override
  public String toString() {
    return "TokenRecord{key=" + key
        + ", access=" + accessTokenFingerprint()
        + ", refresh=" + refreshTokenFingerprint()
        + ", expiresAt=" + expiresAt
        + ", issuedAt=" + issuedAt
        + ", accountDomain=" + accountDomain
        + ", version=" + version + '}';
  }
}
