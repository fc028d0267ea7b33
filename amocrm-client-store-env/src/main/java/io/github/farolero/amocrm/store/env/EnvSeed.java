package io.github.farolero.amocrm.store.env;

import io.github.farolero.amocrm.auth.Jwt;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one account's set of variables. Every error names the variable and never its value: the
 * value may be a token.
 */
final class EnvSeed {

  static final String DOMAIN = "DOMAIN";
  static final String ACCESS_TOKEN = "ACCESS_TOKEN";
  static final String REFRESH_TOKEN = "REFRESH_TOKEN";
  static final String TOKEN_EXPIRES_AT = "TOKEN_EXPIRES_AT";
  static final String LONG_LIVED_TOKEN = "LONG_LIVED_TOKEN";

  /** Unix seconds past this are surely milliseconds (it is the year 5138). */
  private static final long MAX_UNIX_SECONDS = 100_000_000_000L;

  /**
   * An {@code iat} before this is no amoCRM token's (its OAuth API is years younger): a test
   * token or a broken claim, so the issue time is unknown.
   */
  static final Instant EARLIEST_ISSUE = Instant.parse("2010-01-01T00:00:00Z");

  /**
   * How far an {@code iat} may be ahead of this host's clock (amoCRM's clock and this host's
   * differ a little); further ahead, the claim is not believed.
   */
  static final Duration ISSUE_SKEW = Duration.ofMinutes(5);

  private EnvSeed() {}

  /**
   * Returns the set's record, or null if none of its token variables is set (unset and blank are
   * alike; {@code AMOCRM_DOMAIN} alone, which also configures clients, holds no record).
   *
   * @param set the variables' common prefix, such as {@code AMOCRM_} or {@code AMOCRM_SHOP_}
   * @param now this host's time, which bounds the issue time ({@link #issuedAt})
   */
  static @Nullable TokenRecord read(Map<String, String> env, String set, Instant now) {
    String access = given(env, set + ACCESS_TOKEN);
    String refresh = given(env, set + REFRESH_TOKEN);
    String longLived = given(env, set + LONG_LIVED_TOKEN);
    if (access == null && refresh == null && longLived == null) {
      return null; // the domain alone configures a client; it is not a seed
    }
    GrantKey key = key(env, set);
    String domain = key.domain();
    if (longLived != null) {
      if (access != null || refresh != null) {
        throw new IllegalArgumentException("set either " + set + LONG_LIVED_TOKEN + " or "
            + set + ACCESS_TOKEN + " with " + set + REFRESH_TOKEN + ", not both");
      }
      String token = token(longLived, set + LONG_LIVED_TOKEN);
      Instant expiresAt = expiresAt(env, set, token, set + LONG_LIVED_TOKEN);
      return new TokenRecord(key, token, null, expiresAt, issuedAt(token, now), domain, 0);
    }
    if (access == null) {
      throw new IllegalArgumentException(set + ACCESS_TOKEN + " is not set (or empty), but "
          + "other " + set + "* variables are; set it, or " + set + LONG_LIVED_TOKEN
          + " for a long-lived token");
    }
    if (refresh == null) {
      throw new IllegalArgumentException(set + REFRESH_TOKEN + " is not set (or empty), but "
          + set + ACCESS_TOKEN + " is; for a long-lived token use " + set + LONG_LIVED_TOKEN);
    }
    String accessToken = token(access, set + ACCESS_TOKEN);
    String refreshToken = token(refresh, set + REFRESH_TOKEN);
    Instant expiresAt = expiresAt(env, set, accessToken, set + ACCESS_TOKEN);
    return new TokenRecord(key, accessToken, refreshToken, expiresAt, issuedAt(accessToken, now),
        domain, 0);
  }

  /**
   * Returns when the token was issued: its JWT {@code iat} claim if that is plausible, else
   * {@link Instant#EPOCH}, the record's marker for "unknown" (it sorts as the oldest record and
   * the keep-alive age does not apply to it).
   *
   * <p>Plausible: not before {@link #EARLIEST_ISSUE} and at most {@link #ISSUE_SKEW} ahead of
   * {@code now}. A claim ahead of {@code now} within the skew counts as {@code now}: the seed must
   * never rank newer than a pair this process refreshes after reading it (that pair is stamped
   * with this host's clock, and its refresh token is the live one).
   */
  static Instant issuedAt(String token, Instant now) {
    Instant iat;
    try {
      iat = Jwt.parse(token).issuedAt().orElse(null);
    } catch (IllegalArgumentException notJwt) {
      return Instant.EPOCH;
    }
    if (iat == null || iat.isBefore(EARLIEST_ISSUE)
        || Duration.between(now, iat).compareTo(ISSUE_SKEW) > 0) {
      return Instant.EPOCH;
    }
    return iat.isAfter(now) ? now : iat;
  }

  /** The value, trimmed; null if unset or blank. */
  private static @Nullable String given(Map<String, String> env, String variable) {
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String token(String value, String variable) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(variable + " holds whitespace, control or non-ASCII"
            + " characters inside the token; a token has none (check for a line break pasted"
            + " with it)");
      }
    }
    if (value.startsWith("\"") || value.startsWith("'")) {
      throw new IllegalArgumentException(variable + " starts with a quote; give the token"
          + " without quotes");
    }
    return value;
  }

  private static GrantKey key(Map<String, String> env, String set) {
    String variable = set + DOMAIN;
    String raw = given(env, variable);
    if (raw == null) {
      throw new IllegalArgumentException(variable + " is required with the other " + set
          + "* variables: the account's domain, such as example.amocrm.ru");
    }
    String d = raw.toLowerCase(Locale.ROOT);
    if (d.startsWith("https://")) {
      d = d.substring("https://".length());
    }
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    GrantKey key = accountKey(d);
    if (key == null) {
      throw new IllegalArgumentException(variable + " must be an amoCRM or Kommo account domain:"
          + " one name under amocrm.ru, amocrm.com or kommo.com, such as example.amocrm.ru");
    }
    return key;
  }

  /**
   * Returns the key of one label (not {@code www}) under amocrm.ru, amocrm.com or kommo.com, or
   * null. GrantKey judges the host name (characters, lengths); its message, which quotes the
   * value, is not used.
   */
  static @Nullable GrantKey accountKey(String d) {
    for (String suffix : new String[] {".amocrm.ru", ".amocrm.com", ".kommo.com"}) {
      if (d.endsWith(suffix)) {
        String label = d.substring(0, d.length() - suffix.length());
        if (label.isEmpty() || label.equals("www") || label.indexOf('.') >= 0) {
          return null;
        }
        try {
          GrantKey key = GrantKey.of(d);
          return key.domain().equals(d) ? key : null; // GrantKey trims; a space is no label's
        } catch (IllegalArgumentException notAHostName) {
          return null;
        }
      }
    }
    return null;
  }

  private static Instant expiresAt(Map<String, String> env, String set, String token,
      String tokenVariable) {
    String variable = set + TOKEN_EXPIRES_AT;
    String raw = given(env, variable);
    if (raw == null) {
      Instant fromJwt = null;
      try {
        fromJwt = Jwt.parse(token).expiresAt().orElse(null);
      } catch (IllegalArgumentException notJwt) {
        // Falls through to the error below.
      }
      if (fromJwt == null) {
        throw new IllegalArgumentException(variable + " is required (unix seconds) because "
            + tokenVariable + " is not a JWT with an exp claim");
      }
      return fromJwt;
    }
    long seconds;
    if (!raw.matches("[0-9]{1,19}")) {
      throw new IllegalArgumentException(variable
          + " must be a whole number of unix seconds, such as 1767225600");
    }
    try {
      seconds = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " is out of range for unix seconds");
    }
    if (seconds <= 0) {
      throw new IllegalArgumentException(variable + " must be positive unix seconds");
    }
    if (seconds >= MAX_UNIX_SECONDS) {
      throw new IllegalArgumentException(variable
          + " looks like milliseconds; give unix seconds (divide by 1000)");
    }
    return Instant.ofEpochSecond(seconds);
  }
}
