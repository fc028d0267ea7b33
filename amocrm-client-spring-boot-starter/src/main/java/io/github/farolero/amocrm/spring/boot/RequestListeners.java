package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link RequestListener} bean of the application (the metrics among them) as one listener:
 * each hears every event, and one that throws does not keep it from the others. With none, {@link
 * RequestListener#NONE} itself, which the client checks by identity to skip the hook.
 */
final class RequestListeners implements RequestListener {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.spring");

  private final List<RequestListener> listeners;

  private RequestListeners(List<RequestListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** One listener of all; {@link RequestListener#NONE} for none, the listener itself for one. */
  static RequestListener of(List<RequestListener> listeners) {
    if (listeners.isEmpty()) {
      return RequestListener.NONE;
    }
    return listeners.size() == 1 ? listeners.get(0) : new RequestListeners(listeners);
  }

  @Override
  public void onResponse(String method, String pathTemplate, int status, Duration duration,
      int attempt) {
    each(l -> l.onResponse(method, pathTemplate, status, duration, attempt));
  }

  @Override
  public void onFailure(String method, String pathTemplate, Duration duration, int attempt,
      IOException error) {
    each(l -> l.onFailure(method, pathTemplate, duration, attempt, error));
  }

  @Override
  public void onRetry(String method, String pathTemplate, RetryReason reason, Duration delay,
      int attempt) {
    each(l -> l.onRetry(method, pathTemplate, reason, delay, attempt));
  }

  @Override
  public void onRateLimitWait(Duration waited, int queued) {
    each(l -> l.onRateLimitWait(waited, queued));
  }

  @Override
  public void onTooManyRequests(Duration pause) {
    each(l -> l.onTooManyRequests(pause));
  }

  @Override
  public void onBan(Duration coolDown) {
    each(l -> l.onBan(coolDown));
  }

  @Override
  public void onTokenEndpoint(GrantKey key, String grantType, int status, Duration duration) {
    each(l -> l.onTokenEndpoint(key, grantType, status, duration));
  }

  private void each(Consumer<RequestListener> event) {
    for (RequestListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.warn("request listener {} threw {}; the others still hear the event",
            l.getClass().getName(), e.getClass().getName());
      }
    }
  }
}
