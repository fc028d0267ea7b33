package io.github.farolero.amocrm.store;

/**
 * A held per-grant lock from {@link GrantLocker#acquire}. Close it to release; closing twice, or
 * after the lease ran out, is harmless. Not reentrant.
 */
public interface GrantLock extends AutoCloseable {

  /** Returns the grant this lock excludes. */
  GrantKey key();

  /** Releases the lock. Never throws: a failure to release ends with the lease. */
  @Override
  void close();
}
