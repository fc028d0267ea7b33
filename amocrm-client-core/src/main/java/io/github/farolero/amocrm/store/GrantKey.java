package io.github.farolero.amocrm.store;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Identifies one grant (one account authorized for one integration) inside a {@link TokenStore}.
 *
 * <p>A grant is named by the account's domain ({@code example.amocrm.ru}, {@code x.kommo.com})
 * and, where an app runs several integrations against one account, the integration's client id.
 * The domain is lower-cased; both parts are checked to be plain host and id characters, so a key
 * is safe to log but stores must still escape it before using it as a file name.
 *
 * @param domain the account's domain, lower case
 * @param clientId the integration's client id, or null when an app has only one integration
 */
public record GrantKey(String domain, @Nullable String clientId) {

  private static final int MAX_DOMAIN_LENGTH = 253;
  private static final int MAX_CLIENT_ID_LENGTH = 128;

  /**
   * Checks and normalizes the parts.
   *
   * @throws IllegalArgumentException if the domain is not a host name or the client id is empty
   *     or holds characters other than letters, digits, {@code -}, {@code _} and {@code .}
   */
  public GrantKey {
    Objects.requireNonNull(domain, "domain == null");
    domain = domain.trim();
    if (!domain.chars().allMatch(ch -> ch < 0x80)) {
      throw new IllegalArgumentException("domain is not a host name: \"" + printable(domain) + "\"");
    }
    domain = domain.toLowerCase(Locale.ROOT);
    if (!isHostName(domain)) {
      throw new IllegalArgumentException("domain is not a host name: \"" + printable(domain) + "\"");
    }
    if (clientId != null && !isClientId(clientId)) {
      throw new IllegalArgumentException(
          "clientId must be 1-" + MAX_CLIENT_ID_LENGTH + " of [A-Za-z0-9._-]");
    }
  }

  /**
   * Returns the key of an account's only integration.
   *
   * @param domain the account's domain, such as {@code example.amocrm.ru}
   * @return the key
   */
  public static GrantKey of(String domain) {
    return new GrantKey(domain, null);
  }

  /**
   * Returns the key of one of several integrations of an account.
   *
   * @param domain the account's domain, such as {@code example.amocrm.ru}
   * @param clientId the integration's client id
   * @return the key
   */
  public static GrantKey of(String domain, String clientId) {
    return new GrantKey(domain, Objects.requireNonNull(clientId, "clientId == null"));
  }

  /**
   * Parses the form {@link #id()} returns: {@code domain} or {@code domain/clientId}.
   *
   * @param id the text form of a key
   * @return the key
   * @throws IllegalArgumentException if the text is not a key
   */
  public static GrantKey parse(String id) {
    Objects.requireNonNull(id, "id == null");
    int slash = id.indexOf('/');
    return slash < 0
        ? new GrantKey(id, null)
        : new GrantKey(id.substring(0, slash), id.substring(slash + 1));
  }

  /** Returns the text form, {@code domain} or {@code domain/clientId}, which {@link #parse} reads. */
  public String id() {
    return clientId == null ? domain : domain + "/" + clientId;
  }

  @Override
  public String toString() {
    return id();
  }

  private static boolean isHostName(String s) {
    if (s.isEmpty() || s.length() > MAX_DOMAIN_LENGTH || s.startsWith(".") || s.endsWith(".")) {
      return false;
    }
    for (String label : s.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isClientId(String s) {
    if (s.isEmpty() || s.length() > MAX_CLIENT_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Shows a rejected domain without control characters and without unbounded length. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 80; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? '?' : c);
    }
    return out.toString();
  }
}
