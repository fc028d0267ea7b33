package io.github.farolero.amocrm.store;

/**
 * How far a {@link GrantLocker}'s lock reaches. The composite store takes its lock from the member
 * with the widest reach.
 */
public enum LockScope {
  /** Excludes other threads of this JVM only (an in-memory store). */
  JVM,
  /** Excludes other processes on this host (a file lock). */
  HOST,
  /** Excludes every process that shares the store, on any host (a database lease). */
  CLUSTER
}
