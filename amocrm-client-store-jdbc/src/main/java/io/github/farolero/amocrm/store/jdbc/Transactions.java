package io.github.farolero.amocrm.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a connection from the user's {@link DataSource}, as few round trips as each kind of
 * work allows without giving up "whole or nothing":
 *
 * <ul>
 *   <li>{@link #read}: a connection that comes in auto-commit mode runs the statements as they
 *       are, each its own transaction. Switching auto-commit off and on and committing are round
 *       trips of their own (MySQL's and MariaDB's drivers send each switch to the server): a load
 *       of one row would cost four round trips instead of one.
 *   <li>{@link #writeOrThrow}: work whose every statement is whole by itself (the compare-and-set
 *       {@code UPDATE}, the first {@code INSERT}, the lease's {@code UPDATE}s: each changes one row
 *       in one statement, and the work copes with another writer between its statements) runs in
 *       auto-commit too: one round trip for a write instead of a {@code BEGIN} and a {@code
 *       COMMIT} around it. A statement in auto-commit commits whole or not at all, like the
 *       transaction it replaces. Exceptions: a connection the pool hands out with auto-commit off
 *       (then this class commits, as it must), and a read-only connection where the driver binds
 *       read-only only inside a transaction (PostgreSQL's): a transaction, so the database refuses
 *       the write as before.
 *   <li>{@link #run}: work whose statements must commit together (a delete clears a record and
 *       removes an empty row), and DDL: one transaction, committed on success, rolled back on any
 *       failure.
 * </ul>
 *
 * <p>The connection's auto-commit setting is restored before it goes back to the pool. Each
 * statement is bounded by the query timeout: set on the statement ({@link
 * PreparedStatement#setQueryTimeout}), or, where the driver makes that costly, kept by {@link
 * QueryTimeouts} (same bound, same cancel).
 */
final class Transactions {

  private static final Logger log = LoggerFactory.getLogger(Transactions.class);

  /** Work on a connection inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    /**
     * Does the work; the caller commits.
     *
     * @param c the connection, in a transaction (or in auto-commit mode for a read)
     * @return the result
     * @throws SQLException to roll back and fail
     */
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final int queryTimeoutSeconds;

  /**
   * Creates the runner.
   *
   * @param dataSource where connections come from
   * @param queryTimeout the longest one statement may run; rounded up to whole seconds (JDBC's
   *     unit)
   */
  Transactions(DataSource dataSource, Duration queryTimeout) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    long seconds = (queryTimeout.toMillis() + 999) / 1000;
    this.queryTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }

  /**
   * Runs work that writes, in auto-commit where the connection comes so (see the class comment):
   * every statement of the work must be whole by itself, and the work must cope with another
   * writer between its statements. Lets the driver's exception through (after a rollback if a
   * transaction was used).
   *
   * @param <T> the result type
   * @param s the statements (their dialect decides whether a read-only connection needs a
   *     transaction)
   * @param work the work
   * @return what the work returned
   * @throws SQLException if the database failed
   */
  <T> T writeOrThrow(Statements s, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit && !(s.readOnlyOnlyInTransactions && c.isReadOnly())) {
        return work.run(c);
      }
      return inTransaction(c, autoCommit, work);
    }
  }

  /**
   * Like {@link #writeOrThrow}, a failure becoming a store exception.
   *
   * @param <T> the result type
   * @param what what is attempted, for the exception message (built only on failure)
   * @param s the statements
   * @param work the work
   * @return what the work returned
   */
  <T> T write(Supplier<String> what, Statements s, Work<T> work) {
    try {
      return writeOrThrow(s, work);
    } catch (SQLException e) {
      throw SqlFailures.wrap(what.get(), e, List.of());
    }
  }

  /**
   * Runs work in a transaction; a failure becomes a store exception naming {@code what}.
   *
   * @param <T> the result type
   * @param what what is attempted, for the exception message
   * @param work the work
   * @return what the work returned
   */
  <T> T run(String what, Work<T> work) {
    return run(what, List.of(), work);
  }

  /**
   * Runs work in a transaction.
   *
   * @param <T> the result type
   * @param what what is attempted, for the exception message
   * @param secrets values the work binds that must be cut out of driver messages
   * @param work the work
   * @return what the work returned
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the database failed; the
   *     transaction was rolled back
   */
  <T> T run(String what, Collection<String> secrets, Work<T> work) {
    try {
      return runOrThrow(work);
    } catch (SQLException e) {
      throw SqlFailures.wrap(what, e, secrets);
    }
  }

  /**
   * Runs work in a transaction, letting the driver's exception through (after rollback).
   *
   * @param <T> the result type
   * @param work the work
   * @return what the work returned
   * @throws SQLException if the database failed; the transaction was rolled back
   */
  <T> T runOrThrow(Work<T> work) throws SQLException {
    return execute(work, true);
  }

  /**
   * Runs work that only reads, each statement standing alone; a failure becomes a store
   * exception naming {@code what}.
   *
   * @param <T> the result type
   * @param what what is attempted, for the exception message
   * @param work the work; it must not write
   * @return what the work returned
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the database failed
   */
  <T> T read(String what, Work<T> work) {
    return read(() -> what, work);
  }

  /**
   * Like {@link #read(String, Work)}, the message built only on failure.
   *
   * @param <T> the result type
   * @param what what is attempted, for the exception message
   * @param work the work; it must not write
   * @return what the work returned
   */
  <T> T read(Supplier<String> what, Work<T> work) {
    try {
      return execute(work, false);
    } catch (SQLException e) {
      throw SqlFailures.wrap(what.get(), e, List.of());
    }
  }

  /**
   * Runs work that only reads, each statement standing alone, letting the driver's exception
   * through.
   *
   * @param <T> the result type
   * @param work the work; it must not write
   * @return what the work returned
   * @throws SQLException if the database failed
   */
  <T> T readOrThrow(Work<T> work) throws SQLException {
    return execute(work, false);
  }

  private <T> T execute(Work<T> work, boolean transaction) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit && !transaction) {
        return work.run(c);
      }
      return inTransaction(c, autoCommit, work);
    }
  }

  private static <T> T inTransaction(Connection c, boolean autoCommit, Work<T> work)
      throws SQLException {
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      if (autoCommit) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException e) {
          log.debug("could not restore auto-commit on a connection: {}", e.toString());
        }
      }
    }
  }

  /**
   * Prepares a statement of the hot paths (load, write, lease): with the query timeout set on it,
   * or, where {@link Statements#watchedTimeouts}, without (then run it through {@link
   * #executeUpdate} or {@link #executeQuery}, which keep the timeout).
   *
   * @param c the connection
   * @param s the statements
   * @param sql the statement
   * @return the prepared statement; the caller closes it
   * @throws SQLException if the driver refuses
   */
  PreparedStatement prepare(Connection c, Statements s, String sql) throws SQLException {
    return s.watchedTimeouts ? c.prepareStatement(sql) : prepare(c, sql);
  }

  /**
   * Runs an update prepared by {@link #prepare(Connection, Statements, String)}, within the query
   * timeout.
   *
   * @param s the statements
   * @param ps the statement
   * @return the update count
   * @throws SQLException if the database failed or the timeout passed
   */
  int executeUpdate(Statements s, PreparedStatement ps) throws SQLException {
    if (!s.watchedTimeouts) {
      return ps.executeUpdate();
    }
    try (QueryTimeouts.Watch w = QueryTimeouts.watch(ps, queryTimeoutSeconds)) {
      try {
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw w.failure(e);
      }
    }
  }

  /**
   * Runs a query prepared by {@link #prepare(Connection, Statements, String)}, within the query
   * timeout (the rows of these queries come with the execution).
   *
   * @param s the statements
   * @param ps the statement
   * @return the rows; the caller closes them
   * @throws SQLException if the database failed or the timeout passed
   */
  ResultSet executeQuery(Statements s, PreparedStatement ps) throws SQLException {
    if (!s.watchedTimeouts) {
      return ps.executeQuery();
    }
    try (QueryTimeouts.Watch w = QueryTimeouts.watch(ps, queryTimeoutSeconds)) {
      try {
        return ps.executeQuery();
      } catch (SQLException e) {
        throw w.failure(e);
      }
    }
  }

  /**
   * Prepares a statement with the query timeout set.
   *
   * @param c the connection
   * @param sql the statement
   * @return the prepared statement; the caller closes it
   * @throws SQLException if the driver refuses
   */
  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      ps.setQueryTimeout(queryTimeoutSeconds);
    } catch (SQLException | UnsupportedOperationException e) {
      log.debug("driver does not support query timeouts: {}", e.toString());
    }
    return ps;
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
