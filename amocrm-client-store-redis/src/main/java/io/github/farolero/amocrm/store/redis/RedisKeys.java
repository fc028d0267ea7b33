package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.store.GrantKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The key layout of a {@code RedisTokenStore}. Every key of one grant carries the grant's id as
 * a Redis Cluster hash tag, so all of them hash to one slot:
 *
 * <pre>
 * {prefix}{{grant id}}:token   a hash: version, record (JSON, or its ciphertext), written_ms
 * {prefix}{{grant id}}:lock    a string: the lease owner's random token, with a PX expiry
 * </pre>
 *
 * <p>A grant id ({@link GrantKey#id()}) holds only {@code [a-z0-9.-]}, {@code /} and {@code
 * [A-Za-z0-9._-]}: never a brace, so the tag ends where the id ends.
 */
final class RedisKeys {

  /** The default prefix. */
  static final String DEFAULT_PREFIX = "amocrm:";

  private static final String TOKEN_SUFFIX = "}:token";
  private static final String LOCK_SUFFIX = "}:lock";
  private static final int MAX_PREFIX = 200;

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = checkPrefix(prefix);
  }

  /**
   * Checks a key prefix: printable ASCII without braces (a brace would move the hash tag), at
   * most 200 characters. May be empty.
   */
  static String checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "keyPrefix == null");
    if (prefix.length() > MAX_PREFIX) {
      throw new IllegalArgumentException("keyPrefix is longer than " + MAX_PREFIX);
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '{' || c == '}') {
        throw new IllegalArgumentException(
            "keyPrefix must be printable ASCII without spaces or braces");
      }
    }
    return prefix;
  }

  String prefix() {
    return prefix;
  }

  /** The hash holding a grant's record. */
  String token(GrantKey key) {
    return prefix + "{" + key.id() + TOKEN_SUFFIX;
  }

  /** The string holding a grant's lease. */
  String lock(GrantKey key) {
    return prefix + "{" + key.id() + LOCK_SUFFIX;
  }

  /** A SCAN MATCH pattern for every record key under the prefix. */
  String tokenPattern() {
    return escapeGlob(prefix) + "{*" + TOKEN_SUFFIX;
  }

  /** Returns the grant a record key names, or null if the key is not one of ours. */
  @Nullable GrantKey grantOfTokenKey(String redisKey) {
    if (!redisKey.startsWith(prefix + "{") || !redisKey.endsWith(TOKEN_SUFFIX)) {
      return null;
    }
    String id = redisKey.substring(prefix.length() + 1, redisKey.length() - TOKEN_SUFFIX.length());
    try {
      return GrantKey.parse(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Escapes Redis glob characters ({@code * ? [ ] \}) so the prefix matches literally. */
  static String escapeGlob(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
