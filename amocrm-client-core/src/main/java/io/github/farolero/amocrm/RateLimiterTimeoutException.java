package io.github.farolero.amocrm;

import java.time.Duration;

/**
 * A request waited longer than {@link RateLimit#maxWait()} for its turn under the client's own
 * rate limiter, and was not sent. Too many threads share one integration's limit: queue work
 * instead, or raise the wait.
 */
public class RateLimiterTimeoutException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param waited how long the request waited
   * @param limit the limit it waited under
   */
  public RateLimiterTimeoutException(Duration waited, RateLimit limit) {
    super("waited " + waited.toMillis() + " ms for a turn under the rate limit " + limit
        + " and gave up; too many threads share this integration's limit");
  }
}
