package io.github.farolero.amocrm.store;

import java.time.Duration;

/**
 * The coordination capability a {@link TokenStore} may offer: a lock per grant, held while a
 * refresh runs, so that only one holder of the store refreshes and the others re-read.
 *
 * <p>Locks are leased: a holder that dies (a killed process, a lost database session) loses the
 * lock when its lease runs out, or sooner where the backend notices (a file lock dies with its
 * process). Waiting is bounded: {@link #acquire} fails after {@code maxWait} instead of going on
 * unlocked.
 *
 * <p>Locks are not reentrant. Implementations are thread-safe.
 */
public interface GrantLocker {

  /** Returns how far the lock reaches: this JVM, this host, or a cluster. */
  LockScope scope();

  /**
   * Takes the lock of one grant, waiting at most {@code maxWait}.
   *
   * @param key the grant
   * @param lease how long the lock stays held if the holder never releases it
   * @param maxWait how long to wait for another holder to release it
   * @return the held lock; close it to release
   * @throws LockTimeoutException if the lock was not free within {@code maxWait}
   * @throws TokenStoreException if the backend could not be asked (database down)
   */
  GrantLock acquire(GrantKey key, Duration lease, Duration maxWait);
}
