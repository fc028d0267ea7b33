package io.github.farolero.amocrm.store.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks SQL identifiers that are put into SQL text. A table name cannot be a bind parameter, so
 * it is validated instead: plain unquoted identifiers only, optionally schema-qualified.
 */
final class Identifiers {

  /** A letter or underscore, then letters, digits and underscores; 63 at most (PostgreSQL's). */
  private static final Pattern PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private Identifiers() {}

  /**
   * Checks a table name: {@code table} or {@code schema.table} made of plain identifiers.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException otherwise; the message shows the name only if it is short
   *     and printable
   */
  static String checkTableName(String name) {
    Objects.requireNonNull(name, "tableName == null");
    String[] parts = name.split("\\.", -1);
    boolean ok = parts.length <= 2;
    for (String part : parts) {
      ok &= PART.matcher(part).matches();
    }
    if (!ok) {
      throw new IllegalArgumentException("tableName must be an SQL identifier such as"
          + " amocrm_tokens or app.amocrm_tokens (letters, digits and _, not starting with a"
          + " digit, at most 63 each), not " + printable(name));
    }
    return name;
  }

  private static String printable(String s) {
    if (s.length() > 80) {
      return "a name of " + s.length() + " characters";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.append('"').toString();
  }
}
