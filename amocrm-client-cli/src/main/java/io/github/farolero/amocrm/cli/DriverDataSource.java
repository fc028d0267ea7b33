package io.github.farolero.amocrm.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a connection per call through {@link DriverManager}: a command
 * runs a handful of statements, so a pool would only add start-up time. The drivers register
 * themselves from the jar's merged {@code META-INF/services/java.sql.Driver}.
 */
final class DriverDataSource implements DataSource {

  private final String url;
  private final Properties properties;
  private final String name;
  private int loginTimeoutSeconds = 10;

  DriverDataSource(String url, Properties properties, String name) {
    this.url = url;
    this.properties = properties;
    this.name = name;
  }

  @Override
  public Connection getConnection() throws SQLException {
    DriverManager.setLoginTimeout(loginTimeoutSeconds);
    return DriverManager.getConnection(url, properties);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    p.setProperty("user", username);
    p.setProperty("password", password);
    return DriverManager.getConnection(url, p);
  }

  @Override
  public PrintWriter getLogWriter() {
    return new PrintWriter(Writer.nullWriter(), true);
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Nothing is logged.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  /** The URL without credentials or parameters. */
  @Override
  public String toString() {
    return name;
  }
}
