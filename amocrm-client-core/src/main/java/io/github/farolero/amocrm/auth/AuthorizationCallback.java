package io.github.farolero.amocrm.auth;

import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The parameters amoCRM sends back to the integration's redirect URI after the user allowed
 * access. The token response does not name the account, so keep {@link #referer()}: it is the
 * account's domain.
 *
 * @param code the authorization code (single-use, about 20 minutes)
 * @param referer the account's domain, such as {@code example.amocrm.ru}
 * @param state the {@code state} the authorization URL carried, or null
 * @param fromWidget true if the authorization came from a widget install
 */
public record AuthorizationCallback(
    String code, String referer, @Nullable String state, boolean fromWidget) {

  /** Checks the parts. */
  public AuthorizationCallback {
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(referer, "referer == null");
    if (code.isBlank()) {
      throw new IllegalArgumentException("code is blank");
    }
  }

  /**
   * Reads the redirect URL amoCRM sent the user to.
   *
   * @param redirect the full URL, with its query
   * @return the parameters
   * @throws IllegalArgumentException if {@code code} or {@code referer} is missing
   */
  public static AuthorizationCallback parse(HttpUrl redirect) {
    Objects.requireNonNull(redirect, "redirect == null");
    String error = redirect.queryParameter("error");
    String code = redirect.queryParameter("code");
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("the redirect has no code"
          + (error == null ? ""
              : " (error=" + error.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?")
                  + ": the user may have denied access)"));
    }
    String referer = redirect.queryParameter("referer");
    if (referer == null || referer.isBlank()) {
      throw new IllegalArgumentException("the redirect has no referer (the account's domain)");
    }
    return new AuthorizationCallback(
        code,
        referer,
        redirect.queryParameter("state"),
        "1".equals(redirect.queryParameter("from_widget")));
  }

  /**
   * Checks the state against the one this app put in the authorization URL (against CSRF).
   *
   * @param expected the state this app generated; never null (a lost session state must not
   *     pass as "no state")
   * @throws IllegalArgumentException if it differs, or the redirect carries no state
   */
  public void requireState(String expected) {
    Objects.requireNonNull(expected, "expected == null");
    if (!Objects.equals(expected, state)) {
      throw new IllegalArgumentException("the redirect's state does not match: possible CSRF");
    }
  }

  @Override
  public String toString() {
    return "AuthorizationCallback{referer=" + referer + ", fromWidget=" + fromWidget
        + ", code=<hidden>}";
  }
}
