package io.github.farolero.amocrm.auth;

import com.squareup.moshi.JsonReader;
import io.github.farolero.amocrm.auth.DisposableTokenException.Check;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the disposable (one-time) tokens amoCRM gives widgets ({@code X-Auth-Token} of {@code
 * $authorizedAjax}) and Salesbot: JWTs signed with HS256 and the integration's secret key. A token
 * passes if its signature matches (compared in constant time, before anything of the token is
 * believed), its header's {@code alg} is {@code HS256}, it is within {@code nbf}..{@code exp}
 * (with a small clock skew), its {@code client_uuid} is this integration's, and, where set, its
 * {@code aud} and {@code account_id} are the expected ones.
 *
 * <pre>{@code
 * DisposableTokenVerifier verifier = DisposableTokenVerifier
 *     .forIntegration(clientId, clientSecret)
 *     .audience("https://app.example.com");
 * DisposableToken token = verifier.verify(request.getHeader("X-Auth-Token"));
 * long userId = token.userId();
 * }</pre>
 *
 * <p>A verifier does not remember tokens: to refuse one used twice, keep the {@link
 * DisposableToken#id() jti} until its {@code exp}. Immutable and thread-safe; the configuring
 * methods return a new verifier. {@link #toString()} never shows the secret.
 */
public final class DisposableTokenVerifier {

  /** The clock skew allowed by default: amoCRM's and this machine's clocks differ a little. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final String clientId;
  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration leeway;
  private final @Nullable String audience;
  private final @Nullable Long accountId;

  private DisposableTokenVerifier(String clientId, SecretKeySpec key, Clock clock,
      Duration leeway, @Nullable String audience, @Nullable Long accountId) {
    this.clientId = clientId;
    this.key = key;
    this.clock = clock;
    this.leeway = leeway;
    this.audience = audience;
    this.accountId = accountId;
  }

  /**
   * Returns a verifier for an integration's tokens.
   *
   * @param clientId the integration's id (its client id), which tokens carry as {@code
   *     client_uuid}
   * @param clientSecret the integration's secret key, which signs the tokens
   * @return the verifier, on the system clock with {@link #DEFAULT_LEEWAY}
   * @throws IllegalArgumentException if either is blank
   */
  public static DisposableTokenVerifier forIntegration(String clientId, String clientSecret) {
    Objects.requireNonNull(clientId, "clientId == null");
    Objects.requireNonNull(clientSecret, "clientSecret == null");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("clientId is blank");
    }
    if (clientSecret.isBlank()) {
      throw new IllegalArgumentException("clientSecret is blank");
    }
    return new DisposableTokenVerifier(clientId, new SecretKeySpec(
        clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), Clock.systemUTC(),
        DEFAULT_LEEWAY, null, null);
  }

  /**
   * Returns a verifier that reads the time from this clock.
   *
   * @param clock the clock
   * @return the new verifier
   */
  public DisposableTokenVerifier clock(Clock clock) {
    return new DisposableTokenVerifier(clientId, key, Objects.requireNonNull(clock,
        "clock == null"), leeway, audience, accountId);
  }

  /**
   * Returns a verifier that allows this clock skew on {@code nbf}, {@code iat} and {@code exp}.
   *
   * @param leeway the skew, from zero to five minutes
   * @return the new verifier
   * @throws IllegalArgumentException if it is negative or longer than five minutes
   */
  public DisposableTokenVerifier leeway(Duration leeway) {
    Objects.requireNonNull(leeway, "leeway == null");
    if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("leeway must be 0 to 5 minutes: " + leeway);
    }
    return new DisposableTokenVerifier(clientId, key, clock, leeway, audience, accountId);
  }

  /**
   * Returns a verifier that also requires this {@code aud}: the integration's base address as
   * amoCRM forms it from the redirect URI, such as {@code https://app.example.com}. A trailing
   * slash on either side is ignored.
   *
   * @param audience the expected audience
   * @return the new verifier
   */
  public DisposableTokenVerifier audience(String audience) {
    Objects.requireNonNull(audience, "audience == null");
    return new DisposableTokenVerifier(clientId, key, clock, leeway, audience, accountId);
  }

  /**
   * Returns a verifier that also requires this {@code account_id}.
   *
   * @param accountId the expected account
   * @return the new verifier
   */
  public DisposableTokenVerifier account(long accountId) {
    return new DisposableTokenVerifier(clientId, key, clock, leeway, audience, accountId);
  }

  /**
   * Verifies a token and returns its claims.
   *
   * @param token the token as amoCRM sent it (without a {@code Bearer} prefix)
   * @return the claims
   * @throws DisposableTokenException if a check fails; {@link DisposableTokenException#check()}
   *     names it
   */
  public DisposableToken verify(String token) {
    Objects.requireNonNull(token, "token == null");
    // The signature first, over the token's bytes as they came: nothing of the header or the
    // claims is read before it matched. Compared as the canonical base64url text, so a signature
    // with other unused trailing bits does not pass for the same one.
    int lastDot = token.lastIndexOf('.');
    if (lastDot < 0) {
      throw new DisposableTokenException(Check.MALFORMED,
          "the disposable token is not a JWT (expected 3 dot-separated parts)");
    }
    byte[] expected = ENCODER.encode(hmac(token.substring(0, lastDot)));
    byte[] given = token.substring(lastDot + 1).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new DisposableTokenException(Check.SIGNATURE,
          "the disposable token's signature does not match the integration's secret key");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new DisposableTokenException(Check.MALFORMED,
          "the disposable token is not a JWT (expected 3 dot-separated parts)");
    }
    Map<String, Object> header = json(parts[0], "header");
    if (!"HS256".equals(header.get("alg"))) {
      throw new DisposableTokenException(Check.ALGORITHM,
          "the disposable token's alg is not HS256");
    }
    Map<String, Object> claims = json(parts[1], "claims");
    Instant now = clock.instant();
    Instant exp = time(claims, "exp", true);
    Instant nbf = time(claims, "nbf", false);
    Instant iat = time(claims, "iat", false);
    if ((nbf != null && nbf.isAfter(now.plus(leeway)))
        || (iat != null && iat.isAfter(now.plus(leeway)))) {
      throw new DisposableTokenException(Check.NOT_YET_VALID,
          "the disposable token is not valid yet (nbf or iat is in the future)");
    }
    if (!now.minus(leeway).isBefore(exp)) {
      throw new DisposableTokenException(Check.EXPIRED, "the disposable token expired at " + exp);
    }
    String client = string(claims, "client_uuid", true);
    if (!clientId.equals(client)) {
      throw new DisposableTokenException(Check.CLIENT,
          "the disposable token is for another integration (client_uuid)");
    }
    String aud = string(claims, "aud", false);
    if (audience != null && (aud == null || !trim(audience).equals(trim(aud)))) {
      throw new DisposableTokenException(Check.AUDIENCE,
          "the disposable token is for another audience (aud)");
    }
    long account = number(claims, "account_id");
    if (accountId != null && accountId != account) {
      throw new DisposableTokenException(Check.ACCOUNT,
          "the disposable token is for another account (account_id " + account + ")");
    }
    Object admin = claims.get("is_admin");
    return new DisposableToken(string(claims, "iss", false), aud, string(claims, "jti", false),
        iat, nbf, exp, account, string(claims, "subdomain", false), client,
        number(claims, "user_id"), Boolean.TRUE.equals(admin) || "1".equals(admin)
            || "true".equals(admin) || (admin instanceof Number n && n.intValue() == 1));
  }

  private byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256"); // a Mac is not thread-safe: one per call
      mac.init(key);
      return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Reads a JSON object's top-level members: numbers exactly (a {@code Long} when integral, not a
   * {@code double} that rounds ids past 2^53), nested values skipped.
   */
  private static Map<String, Object> json(String part, String what) {
    try (JsonReader r = JsonReader.of(new Buffer().write(Base64.getUrlDecoder().decode(part)))) {
      Map<String, Object> m = new LinkedHashMap<>();
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        switch (r.peek()) {
          case NUMBER -> {
            String n = r.nextString();
            try {
              m.put(name, Long.parseLong(n));
            } catch (NumberFormatException e) {
              m.put(name, Double.parseDouble(n));
            }
          }
          case STRING -> m.put(name, r.nextString());
          case BOOLEAN -> m.put(name, r.nextBoolean());
          default -> r.skipValue();
        }
      }
      r.endObject();
      if (r.peek() == JsonReader.Token.END_DOCUMENT) {
        return m;
      }
    } catch (Exception e) {
      // reported below, without the token
    }
    throw new DisposableTokenException(Check.MALFORMED,
        "the disposable token's " + what + " is not base64url JSON");
  }

  private static @Nullable Instant time(Map<String, Object> claims, String name,
      boolean required) {
    Object v = claims.get(name);
    if (v == null && !required) {
      return null;
    }
    if (v instanceof Number n && Math.abs(n.doubleValue()) < 3.1e16) {
      return Instant.ofEpochSecond(n.longValue());
    }
    throw new DisposableTokenException(Check.MALFORMED,
        "the disposable token's " + name + " is missing or not a time");
  }

  private static long number(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new DisposableTokenException(Check.MALFORMED,
        "the disposable token's " + name + " is missing or not a number");
  }

  private static @Nullable String string(Map<String, Object> claims, String name,
      boolean required) {
    Object v = claims.get(name);
    if (v instanceof String s) {
      return s;
    }
    if (v == null && !required) {
      return null;
    }
    throw new DisposableTokenException(Check.MALFORMED,
        "the disposable token's " + name + " is missing or not a string");
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String toString() {
    return "DisposableTokenVerifier{clientId=" + clientId + ", leeway=" + leeway
        + (audience != null ? ", audience=" + audience : "")
        + (accountId != null ? ", account=" + accountId : "") + '}';
  }
}
