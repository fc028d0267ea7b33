package io.github.farolero.amocrm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the claims amoCRM puts in its access tokens ({@code exp}, {@code iat}, {@code
 * api_domain}) without verifying the signature: the library is the token's bearer, not its
 * audience.
 */
public final class Jwt {

  private final Map<String, Object> claims;

  private Jwt(Map<String, Object> claims) {
    this.claims = claims;
  }

  /** Parses a token; throws IllegalArgumentException (without the token) if it is not a JWT. */
  public static Jwt parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("the token is not a JWT (expected 3 dot-separated parts)");
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
      Map<String, Object> claims = Problem.OBJECT.fromJson(new String(payload, StandardCharsets.UTF_8));
      if (claims == null) {
        throw new IllegalArgumentException("the token's JWT payload is null");
      }
      return new Jwt(claims);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the token's JWT payload is not base64url JSON");
    }
  }

  /** Returns the {@code exp} claim, or null if absent or not a number. */
  public @Nullable Instant expiresAt() {
    return instant("exp");
  }

  /**
   * Returns the {@code iat} claim (when the token was issued, on the issuer's clock), or null if
   * absent or not a number. Whether it is plausible is the caller's to judge.
   */
  public @Nullable Instant issuedAt() {
    return instant("iat");
  }

  /** A NumericDate claim (unix seconds), or null; out of Instant's range is null too. */
  private @Nullable Instant instant(String claim) {
    Object v = claims.get(claim);
    if (!(v instanceof Number n) || Math.abs(n.doubleValue()) > 3.1e16) {
      return null;
    }
    return Instant.ofEpochSecond(n.longValue());
  }

  /** Returns the {@code api_domain} claim, or null. */
  public @Nullable String apiDomain() {
    Object d = claims.get("api_domain");
    return d instanceof String s && !s.isBlank() ? s : null;
  }
}
