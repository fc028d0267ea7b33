package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns driver exceptions into {@link TokenStoreException}s that say what kind of failure it was
 * (unreachable, timed out, read-only) and never carry a token.
 *
 * <p>Drivers put values into their messages: H2 quotes a value that is too long, PostgreSQL's
 * "Failing row contains (...)" lists a whole row. So when a statement carried tokens, the driver's
 * exception (and its causes) is replaced by a copy whose messages have those tokens cut out; the
 * SQL state, vendor code and stack traces are kept.
 */
final class SqlFailures {

  /** The shortest piece of a secret that is cut out of messages. */
  private static final int PROBE = 8;

  private SqlFailures() {}

  /** Says what went wrong, in words an operator can act on. */
  private static String kind(SQLException e) {
    String state = sqlState(e);
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof SQLTimeoutException || "57014".equals(state)) {
      return "the database did not answer in time";
    }
    if (e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && state.startsWith("08"))
        || "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state)) {
      return "the database cannot be reached";
    }
    if ("25006".equals(state) || message.contains("read-only") || message.contains("read only")
        || message.contains("readonly") || e.getErrorCode() == 1290 || e.getErrorCode() == 1792) {
      return "the database is read-only";
    }
    if (state != null && state.startsWith("40")) {
      return "the database aborted the transaction (deadlock or serialization failure)";
    }
    // 42S04 / 42104: H2's "table not found (this database is empty)".
    if (message.contains("no such table") || "42P01".equals(state) || "42S02".equals(state)
        || "42S04".equals(state) || e.getErrorCode() == 1146 || e.getErrorCode() == 42102
        || e.getErrorCode() == 42104) {
      return "the table does not exist (create it from the schema file, or set"
          + " createTableIfMissing(true))";
    }
    return "the database refused the statement";
  }

  /**
   * Tells failures worth an immediate retry: deadlocks and serialization failures.
   *
   * @param e the driver's exception
   * @return true if retrying the transaction may succeed
   */
  static boolean isTransient(SQLException e) {
    String state = sqlState(e);
    return state != null && state.startsWith("40");
  }

  /**
   * Returns a store failure for a driver exception.
   *
   * @param what what was attempted, such as {@code "JDBC token store jdbc:t could not write x"}
   * @param e the driver's exception
   * @param secrets values the statement carried that must not appear in messages
   * @return the store failure
   */
  static TokenStoreException wrap(String what, SQLException e, Collection<String> secrets) {
    SQLException safe = secrets.isEmpty() ? e : redact(e, secrets);
    return new TokenStoreException(message(what, e, safe), safe);
  }

  /**
   * Returns a rate budget failure for a driver exception (the budget's statements carry no
   * secret: scope keys, slot numbers, owner tokens of turns and times).
   *
   * @param what what was attempted
   * @param e the driver's exception
   * @return the failure
   */
  static RateBudgetException wrapBudget(String what, SQLException e) {
    return new RateBudgetException(message(what, e, e), e);
  }

  private static String message(String what, SQLException e, SQLException safe) {
    StringBuilder m = new StringBuilder(what).append(": ").append(kind(e));
    String state = sqlState(e);
    m.append(" (");
    if (state != null) {
      m.append("SQLState ").append(state).append(", ");
    }
    m.append(safe.getClass().getSimpleName());
    String driverMessage = firstLine(safe.getMessage());
    if (driverMessage != null) {
      m.append(": ").append(driverMessage);
    }
    m.append(')');
    return m.toString();
  }

  /** Returns a copy of the exception chain with every secret cut out of the messages. */
  static SQLException redact(SQLException e, Collection<String> secrets) {
    List<String> cut = new ArrayList<>();
    for (String s : secrets) {
      if (s != null && s.length() >= PROBE) { // shorter values are not tokens; would cut too much
        cut.add(s);
      }
    }
    return (SQLException) redactThrowable(e, cut, 0);
  }

  private static Throwable redactThrowable(Throwable t, List<String> secrets, int depth) {
    String message = scrub(t.getMessage(), secrets);
    Throwable copy;
    if (t instanceof SQLException s) {
      SQLException c = new RedactedSqlException(t.getClass().getName(), message, s.getSQLState(),
          s.getErrorCode());
      SQLException next = s.getNextException();
      if (next != null && next != s && depth < 8) {
        c.setNextException((SQLException) redactThrowable(next, secrets, depth + 1));
      }
      copy = c;
    } else {
      copy = new RedactedException(t.getClass().getName(), message);
    }
    copy.setStackTrace(t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause != null && cause != t && depth < 8) {
      copy.initCause(redactThrowable(cause, secrets, depth + 1));
    }
    return copy;
  }

  /**
   * Cuts every secret out of a message, and every piece of one: drivers shorten long values
   * ({@code 'eyJ0eXAi...'}, PostgreSQL's "Failing row contains (eyJ0eX...)"), so any run of at
   * least {@value #PROBE} characters that starts a secret is cut as far as it matches.
   */
  static @Nullable String scrub(@Nullable String message, List<String> secrets) {
    if (message == null) {
      return null;
    }
    String out = message;
    for (String secret : secrets) {
      String probe = secret.substring(0, PROBE);
      StringBuilder b = new StringBuilder(out.length());
      int from = 0;
      int at;
      while ((at = out.indexOf(probe, from)) >= 0) {
        int len = PROBE;
        while (at + len < out.length() && len < secret.length()
            && out.charAt(at + len) == secret.charAt(len)) {
          len++;
        }
        b.append(out, from, at).append("[token]");
        from = at + len;
      }
      out = b.append(out, from, out.length()).toString();
    }
    return out;
  }

  private static @Nullable String sqlState(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s.getSQLState() != null) {
        return s.getSQLState();
      }
      if (s.getNextException() == s) {
        break;
      }
    }
    return null;
  }

  private static @Nullable String firstLine(@Nullable String s) {
    if (s == null) {
      return null;
    }
    int nl = s.indexOf('\n');
    String line = (nl >= 0 ? s.substring(0, nl) : s).trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** A driver exception with tokens cut out of its message; names the original class. */
  static final class RedactedSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    RedactedSqlException(String originalClass, @Nullable String message, @Nullable String state,
        int code) {
      super(originalClass + ": " + message, state, code);
    }
  }

  /** A non-SQL cause with tokens cut out of its message; names the original class. */
  static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedException(String originalClass, @Nullable String message) {
      super(originalClass + ": " + message);
    }
  }
}
