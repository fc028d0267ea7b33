package io.github.farolero.amocrm.store;

import java.util.List;
import java.util.Optional;

/**
 * Keeps {@link TokenRecord}s, one per {@link GrantKey}. The extension point for where tokens live:
 * memory, a file, the environment, a database, or several of them through
 * {@link CompositeTokenStore}.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Absent is not failed.</b> {@link #load} returns empty when the store answered and holds
 *       nothing for the key, and throws {@link TokenStoreException} when it could not answer (I/O
 *       error, database down, corrupt data it cannot step over). Callers treat the two
 *       differently: absent means "authorize", failed means "try another store".
 *   <li><b>Compare-and-set on version.</b> {@link #write} stores a record only if the store holds
 *       nothing for its key or holds an older {@link TokenRecord#version()}; otherwise it throws
 *       {@link TokenVersionConflictException} and changes nothing. A writer that read version
 *       {@code v} writes {@code v + 1}, so of two writers that read the same version only the
 *       first wins.
 *   <li><b>Atomic.</b> After a crash a reader sees the old record or the new one, never a mix.
 *   <li><b>Read your writes, across processes.</b> A load after a successful write (by this or any
 *       other process sharing the store) returns that write or a newer one: no stale caches.
 *   <li><b>Values, not objects.</b> Records are immutable; a store never hands out live state.
 *   <li><b>Secrets.</b> Tokens never appear in a store's logs or exception messages.
 * </ul>
 *
 * <p>A store may also offer {@link #locker() coordination}: a per-grant lock that the token
 * manager holds while it refreshes, so that one process refreshes and the others re-read.
 *
 * <p>Implementations are thread-safe. Contract tests that every implementation should pass ship
 * in {@code amocrm-client-testkit} as {@code TokenStoreContract}.
 */
public interface TokenStore {

  /**
   * Reads the record of a grant.
   *
   * @param key the grant
   * @return the record, or empty if the store holds none for the key
   * @throws TokenStoreException if the store could not be read
   */
  Optional<TokenRecord> load(GrantKey key);

  /**
   * Writes a record if its version is newer than the stored one (or nothing is stored).
   *
   * @param record the record; its version must be greater than the stored record's
   * @throws TokenVersionConflictException if the store holds the same or a newer version; nothing
   *     was written
   * @throws TokenStoreException if the write failed or the store is read-only; the old record, if
   *     any, is intact
   */
  void write(TokenRecord record);

  /**
   * Deletes the record of a grant. Stores never delete on their own: this is for operators
   * (revoking an integration, cleaning a test account).
   *
   * @param key the grant
   * @return true if a record was deleted, false if there was none
   * @throws TokenStoreException if the store could not be changed or is read-only
   */
  boolean delete(GrantKey key);

  /**
   * Lists the grants the store holds, in no particular order.
   *
   * @return the keys
   * @throws TokenStoreException if the store could not be read
   */
  List<GrantKey> keys();

  /** Returns the store's name and traits. */
  StoreInfo info();

  /**
   * Returns this store's lock, if it offers one. The default offers none.
   *
   * @return the locker, or empty
   */
  default Optional<GrantLocker> locker() {
    return Optional.empty();
  }
}
