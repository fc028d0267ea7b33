package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import java.util.Optional;

/**
 * The tokens of one grant, as the client manages them: authorize with a code, see their status,
 * refresh on demand. Obtained from {@code AmoCrmClient.tokens()}; refreshes also happen on their
 * own as API calls need them.
 *
 * <p>Not meant to be implemented outside this library. Thread-safe.
 */
public interface TokenSession {

  /** Returns the grant these tokens belong to. */
  GrantKey key();

  /**
   * Returns the status of the stored tokens, read from the store now (or the in-memory pair, if
   * its save is still pending).
   *
   * @return the status, or empty if no tokens are stored
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the store cannot be read
   */
  Optional<TokenStatus> status();

  /**
   * Exchanges an authorization code for tokens and saves them, replacing whatever was stored.
   *
   * @param code the {@code code} query parameter of the redirect (single-use, about 20 minutes)
   * @return the new tokens' status
   * @throws OAuthException if amoCRM refused, with its {@link OAuthException#reason() reason}:
   *     {@code AUTHORIZATION_CODE_REFUSED} if the code expired or was used, {@code
   *     INVALID_CLIENT} if the client id or secret is wrong, {@code REDIRECT_URI_MISMATCH} if the
   *     redirect URI is not the registered one
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the tokens could not be saved
   *     (they are kept in memory for this process); a {@link
   *     io.github.farolero.amocrm.store.TokenStoreTimeoutException} if the store did not answer in
   *     time
   * @throws io.github.farolero.amocrm.store.LockTimeoutException if the grant's lock stayed held
   */
  TokenStatus authorize(String code);

  /**
   * Like {@link #authorize(String)}, from a parsed redirect; checks that the redirect's account
   * ({@code referer}) is this session's.
   *
   * @param callback the parsed redirect
   * @return the new tokens' status
   * @throws IllegalArgumentException if the callback is for another account
   */
  TokenStatus authorize(AuthorizationCallback callback);

  /**
   * Refreshes now, whatever the windows say (under the store's lock; if another process
   * refreshed meanwhile, its pair is used instead). For keep-alive jobs. Reports success only for
   * a pair that is stored. The refresh runs on a thread of its own: if this thread is interrupted
   * meanwhile, the interrupt is deferred until the new pair is saved, then restored.
   *
   * @return the current tokens' status
   * @throws ReauthorizationRequiredException if the refresh token is dead
   * @throws TokenRefreshException if the refresh failed for a reason that may pass (the token
   *     endpoint, the store or its lock), or did not finish within its bound
   * @throws io.github.farolero.amocrm.store.TokenStoreException if amoCRM issued a new pair but it
   *     could not be saved: it is kept in memory and saved again later
   */
  TokenStatus refresh();

  /**
   * Stores a long-lived token (made in the account's settings for a private integration) in
   * place of OAuth tokens. Its expiry is read from the token's JWT {@code exp} claim.
   *
   * @param token the long-lived token
   * @return its status
   * @throws IllegalArgumentException if the token is not a JWT with an {@code exp} claim
   */
  TokenStatus useLongLivedToken(String token);

  /** Returns true if this process found the grant's tokens dead and a person must re-authorize. */
  boolean needsReauthorization();

  /**
   * Returns why this process's last refresh of the grant failed, if it failed for a reason that
   * may pass (network, store, lock) and no refresh has succeeded since. For health checks.
   *
   * @return the failure (its message names no token), or empty
   */
  Optional<AmoCrmException> lastRefreshFailure();
}
