package io.github.farolero.amocrm.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in one transaction on a connection from the user's {@link DataSource}: commit on
 * success, roll back on any failure, so that nothing is ever half-written. The connection's
 * auto-commit setting is restored before it goes back to the pool.
 *
 * <p>Reads ({@link #read}) skip that: a connection that comes in auto-commit mode runs them as
 * they are, each statement its own transaction. Switching auto-commit off and on and committing
 * are round trips of their own (MySQL's and MariaDB's drivers send each switch to the server):
 * a load of one row would cost four round trips instead of one. Writes keep the transaction,
 * also because some drivers enforce {@code setReadOnly(true)} only inside one (PostgreSQL's).
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
    try {
      return execute(work, false);
    } catch (SQLException e) {
      throw SqlFailures.wrap(what, e, List.of());
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
