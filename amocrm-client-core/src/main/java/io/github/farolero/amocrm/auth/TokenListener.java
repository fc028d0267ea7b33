package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;

/**
 * Hears what the token manager does, for alerts and metrics. Every method has a do-nothing
 * default; {@link #NONE} ignores everything.
 *
 * <p>Called after every lock of the grant is released, on the thread that started the work (an
 * API call, {@code refresh()}, {@code authorize()}), before that call returns (or on the library's
 * refresh thread, if that caller stopped waiting at its bound); other callers
 * waiting for the same refresh are not held up by a slow listener. Anything a listener throws,
 * an {@code Error} included, is logged (without tokens) and ignored. Do not call the client from
 * here. Nothing passed here contains a token.
 */
public interface TokenListener {

  /** Ignores everything. */
  TokenListener NONE = new TokenListener() {};

  /**
   * A new pair was obtained and saved (or, if the save failed, kept in memory; see {@link
   * #onStoreWriteFailed}).
   *
   * @param status the new pair's status
   */
  default void onRefreshed(TokenStatus status) {}

  /**
   * A refresh failed for a reason that may pass (network, lock, store). If the access token was
   * still valid it kept serving.
   *
   * @param key the grant
   * @param error what failed
   */
  default void onRefreshFailed(GrantKey key, AmoCrmException error) {}

  /**
   * The grant needs a person to authorize it again; alert someone. Fired once per dead record in
   * this process.
   *
   * @param error the exception callers get, which says what to do
   */
  default void onReauthorizationRequired(ReauthorizationRequiredException error) {}

  /**
   * A refreshed pair could not be saved after every attempt. The pair is kept in memory and saved
   * again on later calls, but until then a restart would lose it: alert someone.
   *
   * @param key the grant
   * @param error the last failure
   */
  default void onStoreWriteFailed(GrantKey key, RuntimeException error) {}
}
