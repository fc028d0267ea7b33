package io.github.farolero.amocrm.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts what the store asks of the database: statements executed (by their
 * verb), commits, rollbacks, auto-commit switches, query timeouts set. The round trips of an
 * operation are its executions, commits, rollbacks and auto-commit switches (MySQL's and MariaDB's
 * drivers send each switch to the server; PostgreSQL's sends {@code BEGIN} with the next
 * statement and {@code COMMIT} on its own).
 */
final class CountingDataSource implements DataSource {

  private final DataSource delegate;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  void reset() {
    counts.clear();
  }

  int count(String what) {
    AtomicInteger n = counts.get(what);
    return n == null ? 0 : n.get();
  }

  /** Executions, commits, rollbacks and auto-commit switches: what reaches the server. */
  int roundTrips() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().startsWith("execute ") || e.getKey().equals("commit")
            || e.getKey().equals("rollback") || e.getKey().startsWith("setAutoCommit"))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  int executions() {
    return counts.entrySet().stream().filter(e -> e.getKey().startsWith("execute "))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  @Override
  public String toString() {
    return new TreeMap<>(counts).toString();
  }

  private void add(String what) {
    counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  private static Object call(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = delegate.getConnection();
    InvocationHandler h = (proxy, m, args) -> {
      String name = m.getName();
      switch (name) {
        case "commit", "rollback", "isReadOnly" -> add(name);
        case "setAutoCommit" -> add("setAutoCommit " + args[0]);
        default -> {
          // not counted
        }
      }
      Object result = call(c, m, args);
      if (result instanceof Statement st && name.startsWith("prepare")) {
        String verb = ((String) args[0]).stripLeading().split("\\s+", 2)[0]
            .toUpperCase(Locale.ROOT);
        return statement(st, m.getReturnType(), verb);
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, h);
  }

  private Statement statement(Statement st, Class<?> type, String verb) {
    InvocationHandler h = (proxy, m, args) -> {
      String name = m.getName();
      if (name.startsWith("execute")) {
        add("execute " + verb);
      } else if (name.equals("setQueryTimeout")) {
        add("setQueryTimeout");
      }
      return call(st, m, args);
    };
    return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(),
        new Class<?>[] {type}, h);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
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
