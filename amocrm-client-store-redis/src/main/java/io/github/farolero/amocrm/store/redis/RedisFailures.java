package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenStoreTimeoutException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Turns Jedis exceptions into {@link TokenStoreException}s that say what kind of failure it was
 * (unreachable, timed out, refused) and never carry a token or a password.
 *
 * <p>Redis does not echo a command's values in its errors, and Jedis's own messages name hosts,
 * not values; still, the cause kept on the store's exception is a copy of Jedis's chain with every
 * secret the operation carried (tokens, their ciphertexts, the URI's password) cut out, so a
 * future message that does echo one leaks nothing.
 */
final class RedisFailures {

  /** The shortest piece of a long secret that is cut out of messages. */
  private static final int PROBE = 8;
  /** Shorter secrets are cut out only whole; below this they would shred ordinary words. */
  private static final int SHORTEST_SECRET = 4;
  private static final int MAX_DEPTH = 8;

  private RedisFailures() {}

  /**
   * Returns a store failure for a client exception.
   *
   * @param what what was attempted, such as {@code "Redis token store redis:x could not read y"}
   * @param e the client's exception
   * @param secrets values that must not appear in messages (tokens, the password)
   * @param timeout the command timeout, reported by a {@link TokenStoreTimeoutException}
   * @return the store failure
   */
  static TokenStoreException wrap(String what, RuntimeException e, Collection<String> secrets,
      @Nullable Duration timeout) {
    List<String> cut = new ArrayList<>();
    for (String s : secrets) {
      if (s != null && s.length() >= SHORTEST_SECRET) {
        cut.add(s);
      }
    }
    Throwable safe = redact(e, cut, 0);
    String kind = kind(e);
    String message = what + ": " + kind + " (" + firstLine(safe.getMessage()) + ")";
    TokenStoreException out;
    if (timeout != null && isTimeout(e)) {
      out = new TokenStoreTimeoutException(message, timeout);
      out.initCause(safe);
    } else {
      out = new TokenStoreException(message, safe);
    }
    return out;
  }

  /** Says what went wrong, in words an operator can act on. */
  private static String kind(RuntimeException e) {
    if (isTimeout(e)) {
      return "Redis did not answer in time";
    }
    if (e instanceof JedisConnectionException) {
      return "Redis cannot be reached";
    }
    if (e instanceof JedisDataException) {
      String m = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
      if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.startsWith("NOPERM")) {
        return "Redis refused the credentials or the command (check the user and password)";
      }
      if (m.startsWith("READONLY")) {
        return "Redis is a read-only replica (point the store at the primary)";
      }
      if (m.startsWith("OOM")) {
        return "Redis is out of memory";
      }
      if (m.startsWith("WRONGTYPE")) {
        return "a key of the store holds another type (another program uses the key prefix?)";
      }
      return "Redis refused the command";
    }
    return "the Redis client failed";
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof NoSuchElementException) {
        return true; // NoSuchElementException: no pooled connection within the pool's wait
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static Throwable redact(Throwable t, List<String> secrets, int depth) {
    Throwable copy = new RedactedException(t.getClass().getName(), scrub(t.getMessage(), secrets));
    copy.setStackTrace(t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause != null && cause != t && depth < MAX_DEPTH) {
      copy.initCause(redact(cause, secrets, depth + 1));
    }
    return copy;
  }

  /**
   * Cuts every secret out, and every piece of one of at least {@value #PROBE} characters that
   * starts it (messages shorten long values); a shorter secret is cut where it appears whole.
   */
  static @Nullable String scrub(@Nullable String message, List<String> secrets) {
    if (message == null) {
      return null;
    }
    String out = message;
    for (String secret : secrets) {
      int probeLength = Math.min(PROBE, secret.length());
      String probe = secret.substring(0, probeLength);
      StringBuilder b = new StringBuilder(out.length());
      int from = 0;
      int at;
      while ((at = out.indexOf(probe, from)) >= 0) {
        int len = probeLength;
        while (at + len < out.length() && len < secret.length()
            && out.charAt(at + len) == secret.charAt(len)) {
          len++;
        }
        b.append(out, from, at).append("[secret]");
        from = at + len;
      }
      out = b.append(out, from, out.length()).toString();
    }
    return out;
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    String line = (nl >= 0 ? s.substring(0, nl) : s).trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** A client exception with secrets cut out of its message; names the original class. */
  static final class RedactedException extends Exception {
    private static final long serialVersionUID = 1L;

    RedactedException(String originalClass, @Nullable String message) {
      super(originalClass + ": " + message);
    }
  }
}
