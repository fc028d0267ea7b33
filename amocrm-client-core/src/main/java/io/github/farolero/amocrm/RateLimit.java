package io.github.farolero.amocrm;

import java.time.Duration;
import java.util.Objects;

/**
 * How many API requests the client sends: at most {@code requests} in any {@code window}, and how
 * long a request may wait for its turn. amoCRM allows 7 requests per second per integration and
 * blocks accounts that keep breaking it, so the {@linkplain #defaults() default} is exactly that.
 *
 * <p>The limit is a sliding window, not a token bucket: no window of that length, wherever it
 * starts, holds more than {@code requests} requests, so there are no bursts. A request's slot is
 * counted from when it was sent until its response arrived, plus the window; so the limit holds
 * on amoCRM's side too, whatever the network delays. Every {@link AmoCrmClient} of one
 * integration (client id) and one account in a JVM shares one limiter, whatever limit each has:
 * a client's request waits until fewer than its own {@code requests} requests of any of them are
 * counted in the window. So a client with a lower limit keeps to it, and clients with different
 * {@code maxWait}s still share amoCRM's 7 per second.
 *
 * <p>A 429 answer pauses the window for every client of the integration and account until its
 * {@code Retry-After} (or one window) has passed. A 403 ban answer makes every client refuse
 * requests locally, with {@link io.github.farolero.amocrm.error.AccountBlockedException} and no
 * request sent, for {@code banCoolDown}; then one request probes whether the ban was lifted, and
 * only its success lets the others go. Sending more requests to a banned account makes the ban
 * longer.
 *
 * @param requests how many requests fit in one window, at least 1
 * @param window the window's length, positive
 * @param maxWait how long a request may wait for its turn before a
 *     {@link io.github.farolero.amocrm.error.RateLimiterTimeoutException}; positive
 * @param banCoolDown how long nothing is sent after a 403 ban answer; positive
 */
public record RateLimit(int requests, Duration window, Duration maxWait, Duration banCoolDown) {

  /** The default longest wait for a turn: 60 seconds. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);

  /**
   * The default cool-down after a 403 ban answer: 10 minutes. amoCRM does not publish how long a
   * ban lasts; requests sent during one make it longer.
   */
  public static final Duration DEFAULT_BAN_COOL_DOWN = Duration.ofMinutes(10);

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException if a value is not positive
   */
  public RateLimit {
    Objects.requireNonNull(window, "window == null");
    Objects.requireNonNull(maxWait, "maxWait == null");
    Objects.requireNonNull(banCoolDown, "banCoolDown == null");
    if (requests < 1) {
      throw new IllegalArgumentException("requests < 1: " + requests);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window is not positive: " + window);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait is not positive: " + maxWait);
    }
    if (banCoolDown.isNegative() || banCoolDown.isZero()) {
      throw new IllegalArgumentException("banCoolDown is not positive: " + banCoolDown);
    }
  }

  /**
   * Creates a limit with the {@linkplain #DEFAULT_BAN_COOL_DOWN default ban cool-down}.
   *
   * @param requests how many requests fit in one window, at least 1
   * @param window the window's length, positive
   * @param maxWait how long a request may wait for its turn; positive
   * @throws IllegalArgumentException if a value is not positive
   */
  public RateLimit(int requests, Duration window, Duration maxWait) {
    this(requests, window, maxWait, DEFAULT_BAN_COOL_DOWN);
  }

  /** Returns amoCRM's limit: 7 requests in any second, waiting at most 60 seconds for a turn. */
  public static RateLimit defaults() {
    return perSecond(7);
  }

  /**
   * Returns a limit of {@code requests} in any second, waiting at most 60 seconds for a turn.
   *
   * @param requests how many requests in any one second, at least 1
   * @return the limit
   * @throws IllegalArgumentException if {@code requests < 1}
   */
  public static RateLimit perSecond(int requests) {
    return new RateLimit(requests, Duration.ofSeconds(1), DEFAULT_MAX_WAIT);
  }

  /**
   * Returns this limit with another longest wait for a turn.
   *
   * @param maxWait the longest wait, positive
   * @return the new limit
   * @throws IllegalArgumentException if it is not positive
   */
  public RateLimit withMaxWait(Duration maxWait) {
    return new RateLimit(requests, window, maxWait, banCoolDown);
  }

  /**
   * Returns this limit with another cool-down after a 403 ban answer.
   *
   * @param banCoolDown how long nothing is sent after a ban answer, positive
   * @return the new limit
   * @throws IllegalArgumentException if it is not positive
   */
  public RateLimit withBanCoolDown(Duration banCoolDown) {
    return new RateLimit(requests, window, maxWait, banCoolDown);
  }

  @Override
  public String toString() {
    return requests + " per " + window.toMillis() + " ms";
  }
}
