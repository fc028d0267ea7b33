package io.github.farolero.amocrm.auth;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims amoCRM puts in its access tokens and long-lived tokens, read without verifying the
 * signature: a client is the token's bearer, not its audience, and holds no key to verify it.
 * For stores and tools that must know when a token they were handed expires or was issued
 * (a seed from the environment, an old token file).
 *
 * <pre>{@code
 * Jwt jwt = Jwt.parse(System.getenv("AMOCRM_ACCESS_TOKEN"));
 * Instant expiresAt = jwt.expiresAt().orElseThrow();
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no claim values.
 */
public final class Jwt {

  private static final JsonAdapter<Map<String, Object>> CLAIMS = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  /** Past this many seconds an {@code Instant} overflows; such a claim is no date. */
  private static final double MAX_SECONDS = 3.1e16;

  private final Map<String, Object> claims;

  private Jwt(Map<String, Object> claims) {
    this.claims = claims;
  }

  /**
   * Reads a token's claims.
   *
   * @param token a JWT: three base64url parts separated by dots
   * @return its claims
   * @throws IllegalArgumentException if it is not a JWT whose payload is a JSON object; the message
   *     never holds the token
   */
  public static Jwt parse(String token) {
    Objects.requireNonNull(token, "token == null");
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("the token is not a JWT (expected 3 dot-separated parts)");
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      Map<String, Object> claims = CLAIMS.fromJson(new String(payload, StandardCharsets.UTF_8));
      if (claims == null) {
        throw new IllegalArgumentException("the token's JWT payload is null");
      }
      return new Jwt(Collections.unmodifiableMap(new LinkedHashMap<>(claims))); // nulls allowed
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the token's JWT payload is not base64url JSON");
    }
  }

  /** Returns the {@code exp} claim: when the token expires; empty if absent or not a number. */
  public Optional<Instant> expiresAt() {
    return instant("exp");
  }

  /**
   * Returns the {@code iat} claim: when the token was issued, on the issuer's clock; empty if
   * absent or not a number. Whether it is plausible is the caller's to judge.
   */
  public Optional<Instant> issuedAt() {
    return instant("iat");
  }

  /**
   * Returns the {@code api_domain} claim (amoCRM adds it to tokens issued since August 2024): the
   * amoCRM host that answers where the account is ({@code /oauth2/account/current/subdomain}),
   * an API cluster host such as {@code api-a.amocrm.ru}; empty if absent.
   */
  public Optional<String> apiDomain() {
    Object d = claims.get("api_domain");
    return d instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  /** A NumericDate claim (unix seconds); out of {@code Instant}'s range is empty too. */
  private Optional<Instant> instant(String claim) {
    Object v = claims.get(claim);
    if (!(v instanceof Number n) || Math.abs(n.doubleValue()) > MAX_SECONDS) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(n.longValue()));
  }

  @Override
  public String toString() {
    return "Jwt{claims=" + claims.keySet() + '}';
  }
}
