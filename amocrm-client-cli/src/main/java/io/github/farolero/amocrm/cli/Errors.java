package io.github.farolero.amocrm.cli;

/** One-line descriptions of failures. The library's messages never hold tokens. */
final class Errors {

  private Errors() {}

  /** The message of a failure on one line; its cause's, or the type's name, if it has none. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      Throwable cause = e.getCause();
      return cause != null && cause != e ? describe(cause) : e.getClass().getSimpleName();
    }
    return oneLine(m);
  }

  /** Joins lines and squeezes runs of whitespace, so an error is one line for logs and cron. */
  static String oneLine(String text) {
    return text.replaceAll("[\\s\\u2028\\u2029]+", " ").trim();
  }
}
