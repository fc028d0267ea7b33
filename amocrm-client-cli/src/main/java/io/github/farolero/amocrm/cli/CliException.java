package io.github.farolero.amocrm.cli;

/**
 * A command cannot go on: bad input, a store that cannot be read, a wrong key, a corrupt bundle.
 * Its message is one line that names what is wrong, never a secret; the command exits with
 * {@link #exitCode()} (3, UNKNOWN, unless said otherwise) and has changed nothing.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit code of a usage error, a store error, a bad key or bundle: UNKNOWN. */
  static final int UNKNOWN = 3;

  private final int exitCode;

  CliException(String message) {
    this(message, UNKNOWN);
  }

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
