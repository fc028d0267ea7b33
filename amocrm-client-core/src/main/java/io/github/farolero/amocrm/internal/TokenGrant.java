package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A pair from the token endpoint. {@code sentAt} is when the request was sent: expiry counts from
 * there, not from when the answer arrived, so a slow answer never makes a token look younger.
 */
public record TokenGrant(
    String accessToken,
    String refreshToken,
    long expiresInSeconds,
    Instant sentAt,
    @Nullable String apiDomain) {

  /** Returns the record to store for this pair. */
  public TokenRecord toRecord(GrantKey key, String accountDomain, long version) {
    return new TokenRecord(
        key,
        accessToken,
        refreshToken,
        sentAt.plusSeconds(expiresInSeconds),
        sentAt,
        accountDomain,
        version);
  }

  @Override
  public String toString() {
    // No tokens, not even their fingerprints: the record made from this grant shows those.
    return "TokenGrant{expiresIn=" + expiresInSeconds + "s, sentAt=" + sentAt
        + (apiDomain == null ? "" : ", apiDomain=" + apiDomain) + '}';
  }
}
