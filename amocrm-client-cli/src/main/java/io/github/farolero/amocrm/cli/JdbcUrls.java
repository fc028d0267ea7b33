package io.github.farolero.amocrm.cli;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** JDBC URLs as store URIs: the drivers the jar bundles, and names that never show a password. */
final class JdbcUrls {

  /** What the runnable jar brings; any other driver on the class path works too. */
  static final String BUNDLED = "postgresql, mysql/mariadb (MariaDB Connector/J), h2, sqlite";

  private JdbcUrls() {}

  /** The subprotocol: {@code postgresql} of {@code jdbc:postgresql://...}. */
  static String subprotocol(String url) {
    String rest = url.substring("jdbc:".length());
    int colon = rest.indexOf(':');
    return (colon < 0 ? rest : rest.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  /**
   * The URL the bundled drivers understand: {@code jdbc:mysql:} goes to MariaDB Connector/J,
   * which takes a MySQL server too but answers only to {@code jdbc:mariadb:} unless asked.
   */
  static String driverUrl(String url) {
    if (subprotocol(url).equals("mysql") && !hasDriver(url)) {
      return "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
    }
    return url;
  }

  /** Checks that a driver takes the URL, without connecting. */
  static void requireDriver(String url, String shown) {
    if (!hasDriver(url)) {
      throw new CliException("no JDBC driver for " + shown + " (amocrm-tokens.jar bundles "
          + BUNDLED + "; for another database put its driver on the class path)");
    }
  }

  private static boolean hasDriver(String url) {
    try {
      DriverManager.getDriver(url);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Connection properties: the user and password, and SQLite's settings for several writers. */
  static Properties properties(String url, @Nullable String user, @Nullable String password) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    if (subprotocol(url).equals("sqlite")) {
      // What the JDBC store's README asks of SQLite when processes share it (apps and this tool).
      p.setProperty("journal_mode", "WAL");
      p.setProperty("busy_timeout", "10000");
    }
    return p;
  }

  /**
   * The URL as it may be shown: without parameters ({@code ?...}, {@code ;...}), without user
   * information ({@code user:password@}), and with any {@code password=} cut out, since URLs can
   * hold passwords.
   */
  static String redact(String url) {
    String shown = url;
    int cut = indexOfAny(shown, '?', ';');
    if (cut >= 0) {
      shown = shown.substring(0, cut);
    }
    shown = shown.replaceAll("//[^/@]*@", "//");
    shown = shown.replaceAll("(?i)(password|passwd|pwd)=[^&;)/]*", "$1=***");
    return shown;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
