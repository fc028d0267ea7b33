package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's {@link RequestListener} behind a wall: anything it throws, an {@code Error} included,
 * is logged (its class only: a message could echo anything) and contained. Callers check {@code
 * listener != RequestListener.NONE} before building any event value, so a client without a
 * listener reads no time and allocates nothing for it.
 */
final class RequestEvents implements RequestListener {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.api");

  private final RequestListener listener;

  private RequestEvents(RequestListener listener) {
    this.listener = listener;
  }

  /** Returns {@code listener} walled in, or {@link RequestListener#NONE} itself. */
  static RequestListener safe(RequestListener listener) {
    if (listener == NONE || listener instanceof RequestEvents) {
      return listener;
    }
    return new RequestEvents(listener);
  }

  /**
   * Returns a URL's path as a bounded template: every segment that is not a plain lower-case word
   * ({@code a-z}, {@code _}, {@code -}) or an API version ({@code v4}) becomes {@code {id}}; the
   * query is dropped.
   */
  static String template(HttpUrl url) {
    StringBuilder sb = new StringBuilder(32);
    for (String segment : url.encodedPathSegments()) {
      if (segment.isEmpty()) {
        continue;
      }
      sb.append('/').append(isWord(segment) ? segment : "{id}");
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  private static boolean isWord(String segment) {
    if (segment.length() <= 3 && segment.length() >= 2 && segment.charAt(0) == 'v') {
      return isDigits(segment, 1); // an API version: v4
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (!((c >= 'a' && c <= 'z') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private void threw(String event, Throwable t) {
    log.warn("request listener {} threw {} from {}; ignored", listener.getClass().getName(),
        t.getClass().getName(), event);
  }

  @Override
  public void onResponse(String method, String pathTemplate, int status, Duration duration,
      int attempt) {
    try {
      listener.onResponse(method, pathTemplate, status, duration, attempt);
    } catch (Throwable t) {
      threw("onResponse", t);
    }
  }

  @Override
  public void onFailure(String method, String pathTemplate, Duration duration, int attempt,
      IOException error) {
    try {
      listener.onFailure(method, pathTemplate, duration, attempt, error);
    } catch (Throwable t) {
      threw("onFailure", t);
    }
  }

  @Override
  public void onRetry(String method, String pathTemplate, RetryReason reason, Duration delay,
      int attempt) {
    try {
      listener.onRetry(method, pathTemplate, reason, delay, attempt);
    } catch (Throwable t) {
      threw("onRetry", t);
    }
  }

  @Override
  public void onRateLimitWait(Duration waited, int queued) {
    try {
      listener.onRateLimitWait(waited, queued);
    } catch (Throwable t) {
      threw("onRateLimitWait", t);
    }
  }

  @Override
  public void onTooManyRequests(Duration pause) {
    try {
      listener.onTooManyRequests(pause);
    } catch (Throwable t) {
      threw("onTooManyRequests", t);
    }
  }

  @Override
  public void onBan(Duration coolDown) {
    try {
      listener.onBan(coolDown);
    } catch (Throwable t) {
      threw("onBan", t);
    }
  }

  @Override
  public void onTokenEndpoint(GrantKey key, String grantType, int status, Duration duration) {
    try {
      listener.onTokenEndpoint(key, grantType, status, duration);
    } catch (Throwable t) {
      threw("onTokenEndpoint", t);
    }
  }

  @Override
  public String toString() {
    return "RequestEvents{" + listener.getClass().getName() + '}';
  }
}
