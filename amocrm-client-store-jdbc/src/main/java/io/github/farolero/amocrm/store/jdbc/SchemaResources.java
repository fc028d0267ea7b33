package io.github.farolero.amocrm.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the schema files shipped in the jar. The files are written for people (and Flyway) with
 * the table name {@value #SHIPPED_TABLE}; the store runs the same text with its own table name.
 *
 * <p>This class sits at the bottom of the package: it depends on nothing of it, and the store's
 * default table name is taken from here ({@code JdbcTokenStore.DEFAULT_TABLE}), not the other way
 * round, so the store, its statements, the dialects and this class form no cycle.
 */
final class SchemaResources {

  /** The table name the shipped files use, which is the store's default. */
  static final String SHIPPED_TABLE = "amocrm_tokens";

  private static final Pattern SHIPPED_NAME = Pattern.compile(
      "(?<![A-Za-z0-9_.])" + SHIPPED_TABLE + "(?![A-Za-z0-9_])");

  private SchemaResources() {}

  private static String read(String resource) {
    ClassLoader loader = SchemaResources.class.getClassLoader();
    try (InputStream in = loader == null
        ? ClassLoader.getSystemResourceAsStream(resource)
        : loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema file " + resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + resource, e);
    }
  }

  /**
   * Returns a schema file's one statement, without comments and trailing semicolon, for a table.
   *
   * @param resource the file's path in the jar
   * @param tableName the table, already validated ({@link Identifiers#checkTableName})
   * @return the statement
   */
  static String createTable(String resource, String tableName) {
    return createTable(resource, SHIPPED_NAME, tableName);
  }

  /** Like {@link #createTable(String, String)}, for a file whose table is named {@code shipped}. */
  static String createTable(String resource, String shipped, String tableName) {
    return createTable(resource, Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(shipped)
        + "(?![A-Za-z0-9_])"), tableName);
  }

  private static String createTable(String resource, Pattern shippedName, String tableName) {
    StringBuilder sql = new StringBuilder();
    for (String line : read(resource).split("\n")) {
      int comment = line.indexOf("--"); // the shipped files hold no string literal with "--"
      String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
      if (!code.isBlank()) {
        sql.append(code).append('\n');
      }
    }
    String statement = sql.toString().trim();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).trim();
    }
    return shippedName.matcher(statement).replaceAll(Matcher.quoteReplacement(tableName));
  }

  /**
   * Returns the statements of a schema file that holds several, each without comments and
   * trailing semicolon, with every name that starts with {@code shippedPrefix} followed by
   * {@code _} renamed to start with {@code prefix} instead.
   *
   * @param resource the file's path in the jar
   * @param shippedPrefix the prefix of the names in the file, such as {@code amocrm_rate}
   * @param prefix the prefix to use, already validated
   * @return the statements, in the file's order
   */
  static List<String> statementsWithPrefix(String resource, String shippedPrefix, String prefix) {
    Pattern shipped = Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(shippedPrefix)
        + "(?=_[A-Za-z0-9_]+)");
    StringBuilder sql = new StringBuilder();
    for (String line : read(resource).split("\n")) {
      int comment = line.indexOf("--"); // the shipped files hold no string literal with "--"
      String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
      if (!code.isBlank()) {
        sql.append(code).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String statement : sql.toString().split(";")) {
      if (!statement.isBlank()) {
        out.add(shipped.matcher(statement.trim()).replaceAll(Matcher.quoteReplacement(prefix)));
      }
    }
    return out;
  }
}
