package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenStoreTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One grant's calls to its token store, each under a deadline: a store that never answers (a hung
 * NFS mount, a database that stopped answering) must not hold a caller forever (invariant 2).
 *
 * <p>A call runs on a daemon thread of its own and the caller waits at most the deadline, then
 * gets a {@link TokenStoreTimeoutException}. The abandoned call may still finish; a lock it then
 * obtains is released at once. Once {@value #MAX_OVERDUE} calls of a grant are overdue (past
 * their deadline and still running), the store is not asked again until one of them returns, so
 * a hung store costs a few threads, not one per request. The store's own threads are never
 * interrupted (a file channel closes itself on an interrupt). Thread-safe.
 */
final class StoreCalls {

  static final int MAX_OVERDUE = 4;
  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");
  private static final ExecutorService POOL = Threads.cachedPool("amocrm-store-call", true);

  private final TokenStore store;
  private final GrantKey key;
  private final Duration timeout;
  private final AtomicInteger overdue = new AtomicInteger();

  StoreCalls(TokenStore store, GrantKey key, Duration timeout) {
    this.store = store;
    this.key = key;
    this.timeout = timeout;
  }

  /** Returns the store's name, for messages. */
  String storeName() {
    return store.info().name();
  }

  /** {@link TokenStore#load}, under the deadline. */
  Optional<TokenRecord> load() {
    return call("read", () -> store.load(key), timeout, null);
  }

  /** {@link TokenStore#write}, under the deadline. */
  void write(TokenRecord record) {
    call("write", () -> {
      store.write(record);
      return Boolean.TRUE;
    }, timeout, null);
  }

  /**
   * Takes the store's lock of the grant, or a lock that excludes nobody if the store does not
   * coordinate. Waits at most {@code maxWait} for another holder plus the deadline. Releasing it
   * waits at most the deadline too.
   */
  GrantLock lock(Duration lease, Duration maxWait) {
    GrantLocker locker = store.locker().orElse(null);
    if (locker == null) {
      return new NoLock(key);
    }
    GrantLock held = call("lock", () -> locker.acquire(key, lease, maxWait),
        Durations.saturatedSum(maxWait, timeout), GrantLock::close);
    return new BoundedRelease(held);
  }

  /**
   * The store's lock, released under the deadline. A release is a store call like any other (a
   * database lease is released by a statement, which hangs when the database does), and it runs
   * at the end of a flight, after the pair is saved: unbounded, it would keep every waiter from
   * that pair until the flight's own bound, hold this manager's lock, and keep the flight's
   * thread (not a daemon) from ending. Past the deadline the release goes on in the background
   * and the lease ends the lock if it never returns. It is tried even when earlier calls are
   * overdue: a lock left held blocks every other process until its lease runs out.
   */
  private final class BoundedRelease implements GrantLock {
    private final GrantLock held;

    BoundedRelease(GrantLock held) {
      this.held = held;
    }

    @Override
    public GrantKey key() {
      return held.key();
    }

    @Override
    public void close() {
      try {
        run("release of the lock", () -> {
          held.close();
          return Boolean.TRUE;
        }, timeout, null);
      } catch (RuntimeException e) {
        log.warn("{}; the lock's lease frees it", e.getMessage());
      }
    }
  }

  private <T> T call(String what, Callable<T> op, Duration bound,
      @Nullable Consumer<T> onAbandoned) {
    if (overdue.get() >= MAX_OVERDUE) {
      throw new TokenStoreTimeoutException(storeName() + " has not answered " + MAX_OVERDUE
          + " earlier calls for " + key + " within their deadline; it is not asked again until"
          + " one of them returns", timeout);
    }
    return run(what, op, bound, onAbandoned);
  }

  /** Runs {@code op} on a store-call thread and waits at most {@code bound}. */
  private <T> T run(String what, Callable<T> op, Duration bound,
      @Nullable Consumer<T> onAbandoned) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      POOL.execute(() -> {
        try {
          result.complete(op.call());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    } catch (RejectedExecutionException e) {
      throw new TokenStoreException("could not start the " + what + " of " + key + " in "
          + storeName(), e);
    }
    try {
      return result.get(Durations.nanos(bound), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(result, onAbandoned);
      throw new TokenStoreTimeoutException("the " + what + " of " + key + " in " + storeName()
          + " did not answer within " + Durations.describe(bound), bound);
    } catch (InterruptedException e) {
      abandon(result, onAbandoned);
      Thread.currentThread().interrupt();
      throw new TokenStoreException("interrupted while waiting for the " + what + " of " + key
          + " in " + storeName(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new TokenStoreException("the " + what + " of " + key + " in " + storeName()
          + " failed", cause);
    }
  }

  private <T> void abandon(CompletableFuture<T> result, @Nullable Consumer<T> onAbandoned) {
    if (!result.isDone()) {
      overdue.incrementAndGet();
      result.whenComplete((value, failure) -> overdue.decrementAndGet());
    }
    if (onAbandoned != null) {
      result.thenAccept(onAbandoned);
    }
  }

  /** The lock of a store that does not coordinate: excludes nobody. */
  private record NoLock(GrantKey key) implements GrantLock {
    @Override
    public void close() {}
  }
}
