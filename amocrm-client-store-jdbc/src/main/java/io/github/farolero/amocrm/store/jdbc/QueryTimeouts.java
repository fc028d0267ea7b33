package io.github.farolero.amocrm.store.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query timeout of statements whose driver would make it costly: one watcher thread per JVM
 * cancels ({@link Statement#cancel()}) every statement that runs past its deadline, instead of
 * the driver arming a timer for each statement.
 *
 * <p>PostgreSQL's driver implements {@link Statement#setQueryTimeout} with a {@code
 * java.util.Timer}: each statement schedules a task, cancels it and purges the timer's queue,
 * which wakes the timer thread on every statement (measured: a third of a one-row {@code UPDATE}
 * on a loaded two-core machine). Its timer task, when it fires, calls {@code cancel()} on the
 * statement, which is what the watcher does, so the bound and what the caller sees (SQLState
 * {@code 57014}, "the database did not answer in time") stay the same. The driver's statement
 * cancels only while the statement runs, and an execution that ends waits for a cancel in
 * flight; the watcher also never cancels a statement whose execution returned (the statement's
 * watch is closed first, under the same lock).
 *
 * <ul>
 *   <li>Registering a statement is one add to a concurrent set and removing it one remove: no
 *       thread is woken while the watcher runs.
 *   <li>The watcher looks every {@value #PERIOD_MILLIS} ms, so a statement is cancelled between
 *       its timeout and {@value #PERIOD_MILLIS} ms after it (the timeout is whole seconds).
 *   <li>It stops after a second without statements (nothing lingers in an idle application or
 *       after an undeploy) and the next statement starts it again.
 *   <li>A cancel runs on a thread of its own: a cancel that hangs (it opens a connection to the
 *       server) delays no other statement's timeout.
 * </ul>
 */
final class QueryTimeouts {

  private static final Logger log = LoggerFactory.getLogger(QueryTimeouts.class);
  static final long PERIOD_MILLIS = 50;
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Set<Watch> ACTIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean RUNNING = new AtomicBoolean();

  private QueryTimeouts() {}

  /** A statement being watched; closed when its execution returned, normally or not. */
  static final class Watch implements AutoCloseable {
    private final Statement statement;
    private final long deadline;
    private final int timeoutSeconds;
    private boolean done; // guarded by this
    private boolean expired; // guarded by this

    private Watch(Statement statement, long deadline, int timeoutSeconds) {
      this.statement = statement;
      this.deadline = deadline;
      this.timeoutSeconds = timeoutSeconds;
    }

    /** Ends the watch; waits for a cancel in flight, so the statement may be closed after. */
    @Override
    public void close() {
      synchronized (this) {
        done = true;
      }
      ACTIVE.remove(this);
    }

    /**
     * Returns the failure to throw for one the statement's execution threw: a timeout if the
     * watcher cancelled it, else the failure itself.
     */
    SQLException failure(SQLException e) {
      synchronized (this) {
        if (!expired || e instanceof SQLTimeoutException) {
          return e;
        }
      }
      return new SQLTimeoutException("the statement ran past the query timeout of "
          + timeoutSeconds + " s and was cancelled", e.getSQLState(), e.getErrorCode(), e);
    }

    /** Cancels the statement unless its execution returned; the watcher's call at the deadline. */
    void expire() {
      synchronized (this) {
        if (done || expired) {
          return;
        }
        expired = true;
      }
      ACTIVE.remove(this);
      Thread t = new Thread(this::cancel, "amocrm-jdbc-query-cancel");
      t.setDaemon(true);
      t.start();
    }

    private void cancel() {
      synchronized (this) {
        if (done) {
          return; // returned meanwhile: nothing to cancel
        }
        try {
          statement.cancel();
        } catch (SQLException | RuntimeException e) {
          log.warn("could not cancel a statement past its query timeout of {} s: {}",
              timeoutSeconds, e.toString());
        }
      }
    }
  }

  /**
   * Watches a statement about to execute; close the watch when the execution returned.
   *
   * @param statement the statement
   * @param timeoutSeconds its timeout
   * @return the watch
   */
  static Watch watch(Statement statement, int timeoutSeconds) {
    Watch w = new Watch(statement,
        System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds), timeoutSeconds);
    ACTIVE.add(w);
    if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
      start();
    }
    return w;
  }

  /** True while a watch is watched (for tests). */
  static boolean watching(Watch watch) {
    return ACTIVE.contains(watch);
  }

  private static void start() {
    Thread t = new Thread(QueryTimeouts::watchAll, "amocrm-jdbc-query-timeouts");
    t.setDaemon(true);
    t.start();
  }

  private static void watchAll() {
    long busy = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      if (ACTIVE.isEmpty()) {
        if (now - busy > IDLE_NANOS) {
          RUNNING.set(false);
          // A statement registered after the look above may have seen RUNNING still set and
          // started no watcher: then this one goes on.
          if (ACTIVE.isEmpty() || !RUNNING.compareAndSet(false, true)) {
            return;
          }
          busy = now;
        }
      } else {
        busy = now;
        for (Watch w : ACTIVE) {
          if (now - w.deadline >= 0) {
            w.expire();
          }
        }
      }
      LockSupport.parkNanos(PERIOD_NANOS);
    }
  }
}
