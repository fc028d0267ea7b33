package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.HealthState;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a command may touch: the environment, the standard streams, the clock. */
final class Context implements AutoCloseable {

  final Map<String, String> env;
  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  final Clock clock = Clock.systemUTC();
  private final List<Runnable> cleanups = new ArrayList<>();
  private final List<Note> notes = new ArrayList<>();

  /** Something a command noticed on the way (an old table's unmapped service), with its weight. */
  record Note(HealthState state, String message) {}

  Context(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** Returns a variable's value, trimmed; null if it is unset or blank. */
  @Nullable String variable(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Runs this when the command ends, whatever happens. */
  void onClose(Runnable cleanup) {
    cleanups.add(cleanup);
  }

  /** Records a note for the command's report. */
  void note(HealthState state, String message) {
    notes.add(new Note(state, message));
  }

  List<Note> notes() {
    return List.copyOf(notes);
  }

  /** Prints a warning to stderr, one line. */
  void warn(String message) {
    err.println("amocrm-tokens: warning: " + Errors.oneLine(message));
  }

  @Override
  public void close() {
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      try {
        cleanups.get(i).run();
      } catch (RuntimeException e) {
        err.println("amocrm-tokens: warning: cleanup failed: " + Errors.describe(e));
      }
    }
    cleanups.clear();
  }
}
