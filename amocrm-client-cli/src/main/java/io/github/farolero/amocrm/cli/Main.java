package io.github.farolero.amocrm.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The {@code amocrm-tokens} command: {@code java -jar amocrm-tokens.jar <command> [options]}.
 *
 * <p>Exit codes follow the monitoring-plugin convention: 0 OK, 1 WARN, 2 CRITICAL, 3 UNKNOWN (also
 * a usage error or a store that could not be read). {@code amocrm-tokens --help} lists the
 * commands; the module's README describes them.
 */
public final class Main {

  private Main() {}

  /**
   * Runs a command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    Logging.configure(args);
    int code = run(args, System.getenv(), System.in, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** Runs a command in this JVM and returns its exit code; for tests and {@link #main}. */
  static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out,
      PrintStream err) {
    Context ctx = new Context(env, in, out, err);
    try {
      return Commands.execute(ctx, args);
    } finally {
      ctx.close();
    }
  }
}
