package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.error.UntrustedHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one client's requests go: the account's current domain and its base URL. The services
 * build every URL on the base URL the client was built with ({@link #configured()}); when the
 * account moves to another domain, {@link #reroute} moves each request onto the new base, the
 * token goes only to the current base ({@link BearerInterceptor}), and refreshes go there too.
 *
 * <p>A client built with a fixed base URL does not follow moves ({@link #follows()} is false):
 * its base URL is a proxy's or a test server's, and nothing says where the new domain would be
 * behind it. A client with a resolver (the default {@code https://<domain>/}, or the builder's)
 * follows a move only to an amoCRM account host; any other host gets nothing (an {@link
 * UntrustedHostException}). Thread-safe: the route is one volatile value.
 */
public final class AccountHosts {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");

  private record Route(String domain, HttpUrl base, String prefix) {}

  private final @Nullable Function<String, HttpUrl> resolver;
  private final boolean allowInsecureHttp;
  private final Route configured;
  private volatile Route current;

  private AccountHosts(String domain, HttpUrl base,
      @Nullable Function<String, HttpUrl> resolver, boolean allowInsecureHttp) {
    this.resolver = resolver;
    this.allowInsecureHttp = allowInsecureHttp;
    this.configured = route(domain, base);
    this.current = configured;
  }

  /** Hosts that never move: requests go to {@code base} whatever amoCRM says. */
  public static AccountHosts fixed(String domain, HttpUrl base) {
    return new AccountHosts(domain, base, null, false);
  }

  /**
   * Hosts that follow the account: each domain's base URL comes from {@code resolver}.
   *
   * @param base the base URL of {@code domain}, already resolved and checked
   */
  public static AccountHosts following(String domain, HttpUrl base,
      Function<String, HttpUrl> resolver, boolean allowInsecureHttp) {
    return new AccountHosts(domain, base, Objects.requireNonNull(resolver, "resolver == null"),
        allowInsecureHttp);
  }

  /** The default resolver: {@code https://<domain>/}. */
  public static HttpUrl https(String domain) {
    return new HttpUrl.Builder().scheme("https").host(domain).build();
  }

  /** Returns true if this client follows the account to another domain. */
  public boolean follows() {
    return resolver != null;
  }

  /** Returns the base URL the client was built with, the one URLs are built on. */
  public HttpUrl configured() {
    return configured.base();
  }

  /** Returns the base URL requests go to now. */
  public HttpUrl base() {
    return current.base();
  }

  /** Returns the account's current domain. */
  public String domain() {
    return current.domain();
  }

  /**
   * Returns the URL moved onto the current base if it is on the configured base and the account
   * moved; else the URL itself. The hot path: one volatile read and one comparison.
   */
  HttpUrl reroute(HttpUrl url) {
    Route now = current;
    if (now == configured) {
      return url;
    }
    String text = url.toString();
    if (!text.startsWith(configured.prefix())) {
      return url;
    }
    HttpUrl moved = HttpUrl.parse(now.prefix() + text.substring(configured.prefix().length()));
    return moved != null ? moved : url;
  }

  /**
   * Returns the base URL of an amoCRM host, to send a token to.
   *
   * @throws UntrustedHostException if it is not an amoCRM account host, the resolver refused it,
   *     or it resolved to plain http off loopback without {@code allowInsecureHttp}
   */
  HttpUrl baseFor(String host) {
    Function<String, HttpUrl> r = resolver;
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (r == null) {
      throw new UntrustedHostException(host, "this client's base URL is fixed ("
          + configured.base() + "); it sends nothing to " + printable(host));
    }
    if (!ClientWiring.isAccountDomain(h)) {
      throw new UntrustedHostException(printable(host), "amoCRM named " + printable(host)
          + " as a host of account " + configured.domain() + ", but it is not an amoCRM account"
          + " host (one label under amocrm.ru, amocrm.com or kommo.com); nothing was sent to it");
    }
    HttpUrl base;
    try {
      base = r.apply(h);
    } catch (RuntimeException e) {
      throw new UntrustedHostException(h, "the base URL resolver refused " + h + ": " + e);
    }
    if (base == null) {
      throw new UntrustedHostException(h, "the base URL resolver has no URL for " + h);
    }
    if (!base.isHttps() && !ClientWiring.isLoopback(base.host()) && !allowInsecureHttp) {
      throw new UntrustedHostException(h, "the base URL resolver sent " + h + " to plain http"
          + " off loopback; tokens would travel in the clear");
    }
    return base;
  }

  /**
   * Moves the account to another domain: requests go to its base URL from now on.
   *
   * @return true if the route changed
   * @throws UntrustedHostException as {@link #baseFor} does; the route stays as it was
   */
  synchronized boolean moveTo(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    if (d.equals(current.domain())) {
      return false;
    }
    HttpUrl base = baseFor(d);
    Route was = current;
    current = d.equals(configured.domain()) && base.equals(configured.base()) ? configured
        : route(d, base);
    log.warn("account {} moved to {}: requests go to {} from now on (were going to {})",
        configured.domain(), d, base, was.base());
    return true;
  }

  /**
   * True for amoCRM's API cluster hosts, such as {@code api-a.amocrm.ru}: a token's {@code
   * api_domain} names one; it says where to ask for the account's domain, and is no account.
   */
  static boolean isClusterHost(String domain) {
    return domain.toLowerCase(Locale.ROOT).matches("api-[a-z0-9]{1,3}\\.[a-z.]+");
  }

  private static Route route(String domain, HttpUrl base) {
    String text = base.toString();
    return new Route(domain, base, text.endsWith("/") ? text : text + "/");
  }

  /** A host as amoCRM sent it, safe to log: no control characters, bounded. */
  static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 100; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) || Character.isWhitespace(c) ? '?' : c);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "AccountHosts{" + current.domain() + " at " + current.base()
        + (follows() ? ", following" : ", fixed") + '}';
  }
}
