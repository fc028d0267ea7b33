package io.github.farolero.amocrm.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source a test can switch off (every connection attempt is refused, as by a database
 * that is down) or make fail at commit (to show a failed transaction leaves nothing behind).
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
        throw new SQLNonTransientConnectionException(
            "connection lost at commit (failure injected by the test)", "08006");
      }
      try {
        return method.invoke(c, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, h);
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
