package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.GrantKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The client's settings as the environment gives them: the variables {@code EnvTokenStore} reads,
 * read the same way (a blank variable is unset; values are trimmed; the domain may come as
 * {@code https://example.amocrm.ru/}). Every error names the variable, never its value: the value
 * may be the client secret or a token, and no cause that might quote it is attached.
 *
 * @param domain {@code AMOCRM_DOMAIN}, a host name, lower case
 * @param clientId {@code AMOCRM_CLIENT_ID}, or null
 * @param clientSecret {@code AMOCRM_CLIENT_SECRET}, or null
 * @param redirectUri {@code AMOCRM_REDIRECT_URI}, an http(s) URL, or null
 * @param baseUrl {@code AMOCRM_BASE_URL}, or null
 * @param longLivedToken {@code AMOCRM_LONG_LIVED_TOKEN}, or null
 */
public record ClientEnvironment(
    String domain,
    @Nullable String clientId,
    @Nullable String clientSecret,
    @Nullable String redirectUri,
    @Nullable HttpUrl baseUrl,
    @Nullable String longLivedToken) {

  public static final String DOMAIN = "AMOCRM_DOMAIN";
  public static final String CLIENT_ID = "AMOCRM_CLIENT_ID";
  public static final String CLIENT_SECRET = "AMOCRM_CLIENT_SECRET";
  public static final String REDIRECT_URI = "AMOCRM_REDIRECT_URI";
  public static final String BASE_URL = "AMOCRM_BASE_URL";
  public static final String LONG_LIVED_TOKEN = "AMOCRM_LONG_LIVED_TOKEN";

  /**
   * Reads the variables.
   *
   * @throws IllegalStateException if a required variable is unset or blank: {@code
   *     AMOCRM_DOMAIN}, and {@code AMOCRM_CLIENT_ID}, {@code AMOCRM_CLIENT_SECRET} and {@code
   *     AMOCRM_REDIRECT_URI} unless {@code AMOCRM_LONG_LIVED_TOKEN} is set
   * @throws IllegalArgumentException if a value is malformed
   */
  public static ClientEnvironment read(Map<String, String> env) {
    Objects.requireNonNull(env, "environment == null");
    String rawDomain = given(env, DOMAIN);
    if (rawDomain == null) {
      throw new IllegalStateException(DOMAIN + " is not set (or blank): the account's domain,"
          + " such as example.amocrm.ru");
    }
    String clientId = given(env, CLIENT_ID);
    String clientSecret = given(env, CLIENT_SECRET);
    String redirectUri = given(env, REDIRECT_URI);
    String longLived = given(env, LONG_LIVED_TOKEN);
    if (longLived == null) {
      List<String> missing = new ArrayList<>();
      if (clientId == null) {
        missing.add(CLIENT_ID);
      }
      if (clientSecret == null) {
        missing.add(CLIENT_SECRET);
      }
      if (redirectUri == null) {
        missing.add(REDIRECT_URI);
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(String.join(", ", missing)
            + (missing.size() == 1 ? " is" : " are") + " not set (or blank); an OAuth"
            + " integration needs " + CLIENT_ID + ", " + CLIENT_SECRET + " and " + REDIRECT_URI
            + ", a private integration " + LONG_LIVED_TOKEN + " instead");
      }
    }
    String domain = domain(rawDomain);
    if (redirectUri != null && HttpUrl.parse(redirectUri) == null) {
      throw new IllegalArgumentException(REDIRECT_URI + " is not an http or https URL");
    }
    HttpUrl baseUrl = null;
    String rawBase = given(env, BASE_URL);
    if (rawBase != null) {
      baseUrl = HttpUrl.parse(rawBase);
      if (baseUrl == null) {
        throw new IllegalArgumentException(BASE_URL + " is not an http or https URL");
      }
    }
    if (longLived != null && !printable(longLived)) {
      throw new IllegalArgumentException(LONG_LIVED_TOKEN + " holds whitespace, control or"
          + " non-ASCII characters inside the token; a token has none (check for a line break"
          + " pasted with it)");
    }
    if (longLived != null && (longLived.startsWith("\"") || longLived.startsWith("'"))) {
      throw new IllegalArgumentException(LONG_LIVED_TOKEN + " starts with a quote; give the token"
          + " without quotes");
    }
    return new ClientEnvironment(domain, clientId, clientSecret, redirectUri, baseUrl, longLived);
  }

  /** Like the env store: lower case, an {@code https://} and trailing slashes dropped. */
  private static String domain(String raw) {
    String d = raw.toLowerCase(Locale.ROOT);
    if (d.startsWith("https://")) {
      d = d.substring("https://".length());
    }
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    try {
      return GrantKey.of(d).domain();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(DOMAIN + " is not a host name; it must be the account's"
          + " domain, such as example.amocrm.ru");
    }
  }

  private static boolean printable(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** The value, trimmed; null if unset or blank. */
  private static @Nullable String given(Map<String, String> env, String variable) {
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
