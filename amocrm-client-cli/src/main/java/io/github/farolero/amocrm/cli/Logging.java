package io.github.farolero.amocrm.cli;

import java.util.Arrays;

/**
 * Sets up slf4j-simple (bundled in the runnable jar only) before the first logger exists: to
 * stderr, warnings and errors only, unless {@code --verbose} asks for the library's info lines.
 * Stdout stays the command's output, so {@code --json} is one document that a program can parse.
 */
final class Logging {

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  static void configure(String[] args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    setIfAbsent("defaultLogLevel", verbose ? "info" : "warn");
    setIfAbsent("logFile", "System.err");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showLogName", verbose ? "true" : "false");
    setIfAbsent("showShortLogName", "true");
    setIfAbsent("levelInBrackets", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
