package io.github.farolero.amocrm.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source a test can switch off (every connection attempt is refused, as by a database
 * that is down) or make fail at commit (to show a failed transaction leaves nothing behind).
 *
 * <p>Failing at commit means: {@code Connection.commit()} throws, as a connection lost at {@code
 * COMMIT} would; and a statement that writes on a connection in auto-commit mode, where the
 * commit is part of the statement's execution, throws the same before it reaches the database.
 */
final class SwitchableDataSource implements DataSource {

  private final DataSource delegate;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean failCommit = new AtomicBoolean();
  private final AtomicBoolean readOnly = new AtomicBoolean();

  SwitchableDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  void down(boolean down) {
    this.down.set(down);
  }

  /** Hands out read-only connections (as a replica after a failover would). */
  void readOnly(boolean readOnly) {
    this.readOnly.set(readOnly);
  }

  void failCommit(boolean fail) {
    this.failCommit.set(fail);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (down.get()) {
      throw new SQLNonTransientConnectionException(
          "Connection refused (switched off by the test)", "08001");
    }
    Connection c = delegate.getConnection();
    if (readOnly.get()) {
      c.setReadOnly(true);
    }
    return wrap(c);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  private Connection wrap(Connection c) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().equals("commit") && failCommit.get()) {
        throw lostAtCommit();
      }
      Object result;
      try {
        result = method.invoke(c, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (method.getName().equals("prepareStatement") && result instanceof PreparedStatement ps
          && isWrite((String) args[0])) {
        return failingInAutoCommit(c, ps);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, h);
  }

  private static SQLException lostAtCommit() {
    return new SQLNonTransientConnectionException(
        "connection lost at commit (failure injected by the test)", "08006");
  }

  private static boolean isWrite(String sql) {
    String verb = sql.stripLeading().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return verb.equals("INSERT") || verb.equals("UPDATE") || verb.equals("DELETE");
  }

  /** A writing statement that, in auto-commit mode, fails where it would commit. */
  private PreparedStatement failingInAutoCommit(Connection c, PreparedStatement ps) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().startsWith("execute") && failCommit.get() && c.getAutoCommit()) {
        throw lostAtCommit();
      }
      try {
        return method.invoke(ps, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, h);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
