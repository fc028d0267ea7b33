package io.github.farolero.amocrm.testkit;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A pair {@link MockAmoCrmServer} issued directly (without a code), to seed a token store in a
 * test.
 *
 * @param accessToken the access token, a JWT
 * @param refreshToken the refresh token, or null for a long-lived token
 * @param issuedAt when the mock issued it, on the mock's clock
 * @param expiresAt when the access token expires, on the mock's clock
 * @param accountDomain the account's domain
 */
public record IssuedTokens(
    String accessToken,
    @Nullable String refreshToken,
    Instant issuedAt,
    Instant expiresAt,
    String accountDomain) {

  /**
   * Returns the record a store should hold for this pair.
   *
   * @param key the grant
   * @param version the version to write (1 for a first write)
   * @return the record
   */
  public TokenRecord toRecord(GrantKey key, long version) {
    return new TokenRecord(key, accessToken, refreshToken, expiresAt, issuedAt, accountDomain,
        version);
  }

  /** Returns the record for the mock's account under {@code GrantKey.of(accountDomain)}, version 1. */
  public TokenRecord toRecord() {
    return toRecord(GrantKey.of(accountDomain), 1);
  }

  @Override
  public String toString() {
    return "IssuedTokens{" + toRecord() + '}';
  }
}
