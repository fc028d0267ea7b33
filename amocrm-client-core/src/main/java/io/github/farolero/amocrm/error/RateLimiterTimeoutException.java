package io.github.farolero.amocrm.error;

/**
 * A request waited longer than {@code RateLimit.maxWait()} for its turn under the client's own
 * rate limiter, and was not sent. Too many threads share one integration's limit: queue work
 * instead, or raise the wait. Immutable.
 */
public class RateLimiterTimeoutException extends AmoCrmException {
  private static final long serialVersionUID = 2L;

  /**
   * Creates the exception.
   *
   * @param message how long the request waited, under which limit
   */
  public RateLimiterTimeoutException(String message) {
    super(message);
  }
}
