package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateLimit;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The JVM-wide registry of rate limiters: one per integration (client id), account domain and
 * limit. amoCRM counts requests per integration, and a ban falls on the account, so every client of
 * one integration talking to one account shares a limiter; two accounts of one public integration
 * do not slow each other. Clients configured with different limits get different limiters (their
 * owner asked for that). Entries are never removed: one is a few dozen bytes per integration and
 * account.
 */
public final class RateLimiters {

  private record Key(String clientId, String domain, RateLimit limit) {}

  private static final ConcurrentMap<Key, SlidingWindowLimiter> SHARED = new ConcurrentHashMap<>();

  private RateLimiters() {}

  /**
   * Returns the shared limiter.
   *
   * @param clientId the integration's client id, or "" for a long-lived token without one
   * @param domain the account's domain
   * @param limit the limit
   */
  public static SlidingWindowLimiter shared(String clientId, String domain, RateLimit limit) {
    Key key = new Key(clientId, domain.toLowerCase(Locale.ROOT), limit);
    return SHARED.computeIfAbsent(key, k -> new SlidingWindowLimiter(k.limit(), NanoClock.SYSTEM));
  }
}
