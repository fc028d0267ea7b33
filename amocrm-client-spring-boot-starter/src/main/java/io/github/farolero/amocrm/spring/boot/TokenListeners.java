package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link TokenListener} bean of the application as one listener: each hears every event, in
 * the beans' order, and one that throws does not keep the event from the others.
 */
final class TokenListeners implements TokenListener {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.spring");

  private final List<TokenListener> listeners;

  private TokenListeners(List<TokenListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** One listener of all; {@link TokenListener#NONE} for none, the listener itself for one. */
  static TokenListener of(List<TokenListener> listeners) {
    if (listeners.isEmpty()) {
      return TokenListener.NONE;
    }
    return listeners.size() == 1 ? listeners.get(0) : new TokenListeners(listeners);
  }

  @Override
  public void onRefreshed(TokenStatus status) {
    each(l -> l.onRefreshed(status));
  }

  @Override
  public void onRefreshFailed(GrantKey key, AmoCrmException error) {
    each(l -> l.onRefreshFailed(key, error));
  }

  @Override
  public void onReauthorizationRequired(ReauthorizationRequiredException error) {
    each(l -> l.onReauthorizationRequired(error));
  }

  @Override
  public void onStoreWriteFailed(GrantKey key, RuntimeException error) {
    each(l -> l.onStoreWriteFailed(key, error));
  }

  private void each(Consumer<TokenListener> event) {
    for (TokenListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.warn("token listener {} threw {}; the others still hear the event",
            l.getClass().getName(), e.getClass().getName());
      }
    }
  }
}
