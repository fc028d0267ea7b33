package io.github.farolero.amocrm;

import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.time.Duration;

/**
 * Hears what a client's API requests meet on their way, for metrics: each response, each retry,
 * each wait for a turn under the rate limit, each 429 and ban, each call of the token endpoint.
 * Set one with {@link AmoCrmClient.Builder#requestListener(RequestListener)}; its token engine's
 * events go to a {@link io.github.farolero.amocrm.auth.TokenListener}. Every method has a
 * do-nothing default; {@link #NONE} ignores everything and costs nothing: without a listener the
 * client neither reads the time nor builds the values below.
 *
 * <p>Called synchronously, on the thread that makes the request, so keep it short (count, time,
 * record; do not block and do not call the client). Anything a listener throws, an {@code Error}
 * included, is logged and ignored: it never breaks a call. Implementations must be thread-safe:
 * every thread of every client it is set on calls it.
 *
 * <p>No value passed here contains a token, a code or a secret. Paths are templates: {@code
 * /api/v4/leads/{id}}, each segment that is neither a plain lower-case word nor the API version
 * replaced by {@code {id}}, and no query, so they make bounded metric tags.
 */
public interface RequestListener {

  /** Ignores everything. */
  RequestListener NONE = new RequestListener() {};

  /** Why a request is sent again. */
  enum RetryReason {
    /** amoCRM answered 429 Too Many Requests. */
    TOO_MANY_REQUESTS,
    /** amoCRM answered 502, 503 or 504. */
    SERVER_ERROR,
    /** The request failed without an answer (connection, timeout). */
    IO_ERROR
  }

  /**
   * An API request got an answer (any status, success or error), before it is read or retried.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param pathTemplate the path without ids and query, such as {@code /api/v4/leads/{id}}
   * @param status the HTTP status
   * @param duration from sending (the wait for a turn under the rate limit included) to the
   *     answer's headers
   * @param attempt 1 for the first attempt, 2 for the first retry, and so on
   */
  default void onResponse(String method, String pathTemplate, int status, Duration duration,
      int attempt) {}

  /**
   * An API request failed without an answer (connection, timeout).
   *
   * @param method the HTTP method
   * @param pathTemplate the path template, as in {@link #onResponse}
   * @param duration from sending to the failure
   * @param attempt the attempt's number, from 1
   * @param error what failed
   */
  default void onFailure(String method, String pathTemplate, Duration duration, int attempt,
      IOException error) {}

  /**
   * An API request will be sent again after a delay (the retry policy allowed it).
   *
   * @param method the HTTP method
   * @param pathTemplate the path template, as in {@link #onResponse}
   * @param reason why
   * @param delay how long the client waits before the next attempt
   * @param attempt the number of the attempt that failed, from 1
   */
  default void onRetry(String method, String pathTemplate, RetryReason reason, Duration delay,
      int attempt) {}

  /**
   * A request got its turn under the client's rate limit (every request does, once per attempt).
   *
   * @param waited how long it waited for the turn (zero or near it when the window had room)
   * @param queued how many requests were still queued behind it for a turn when it got its own
   */
  default void onRateLimitWait(Duration waited, int queued) {}

  /**
   * amoCRM answered 429 Too Many Requests; every request of the integration and account pauses.
   *
   * @param pause how long they pause
   */
  default void onTooManyRequests(Duration pause) {}

  /**
   * amoCRM answered 403 with a ban; nothing more is sent to the account for a cool-down.
   *
   * @param coolDown how long requests are refused locally
   */
  default void onBan(Duration coolDown) {}

  /**
   * The token endpoint ({@code POST /oauth2/access_token}) answered or failed.
   *
   * @param key the grant
   * @param grantType {@code refresh_token} or {@code authorization_code}
   * @param status the HTTP status, or 0 if no answer came (connection, timeout)
   * @param duration how long the request took
   */
  default void onTokenEndpoint(GrantKey key, String grantType, int status, Duration duration) {}
}
