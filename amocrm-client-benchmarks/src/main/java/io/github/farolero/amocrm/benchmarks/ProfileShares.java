package io.github.farolero.amocrm.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads async-profiler's collapsed stacks (one {@code collapsed-*.csv} per JMH benchmark, as
 * {@code profile.sh} writes them) and prints what share of the benchmark thread's samples each
 * part of a call takes: the library's own code (by class), JSON parsing, OkHttp with okio and the
 * socket, and the rest (JMH, the JVM). A stack counts for the deepest part it reaches: the
 * library's limiter calling {@code System.nanoTime} is the library's; the library calling OkHttp,
 * which reads the socket, is OkHttp's; a parser reading bytes already in memory is parsing.
 *
 * <pre>java -cp benchmarks.jar io.github.farolero.amocrm.benchmarks.ProfileShares DIR</pre>
 */
public final class ProfileShares {

  private static final String LIBRARY = "io/github/farolero/amocrm/";
  private static final String HARNESS = LIBRARY + "benchmarks/";

  private ProfileShares() {}

  /** Prints the shares of every collapsed-stack file under {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ProfileShares DIR (async-profiler's collapsed-*.csv files)");
      System.exit(2);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
      files = walk.filter(p -> p.getFileName().toString().matches("collapsed-.*\\.csv"))
          .sorted().toList();
    }
    if (files.isEmpty()) {
      System.err.println("no collapsed-*.csv under " + args[0]);
      System.exit(1);
    }
    for (Path file : files) {
      print(file.getParent().getFileName().toString(), shares(Files.readAllLines(file,
          StandardCharsets.UTF_8)));
    }
  }

  /** Sample counts per part ("library: Class", "JSON parsing", ...) of the benchmark thread. */
  static Map<String, Long> shares(List<String> collapsed) {
    Map<String, Long> parts = new HashMap<>();
    for (String line : collapsed) {
      int space = line.lastIndexOf(' ');
      if (space < 0 || !line.contains("_jmhStub")) {
        continue; // not the benchmark thread: the server, JIT and GC threads
      }
      long samples = Long.parseLong(line.substring(space + 1).strip());
      parts.merge(part(line.substring(0, space).split(";")), samples, Long::sum);
    }
    return parts;
  }

  /** The part a stack (outermost frame first) counts for. */
  static String part(String[] frames) {
    int library = -1;
    int parsing = -1;
    int transport = -1;
    for (int i = 0; i < frames.length; i++) {
      String f = frames[i];
      if (f.startsWith(LIBRARY) && !f.startsWith(HARNESS)) {
        library = i;
        if (isParsing(f)) {
          parsing = i;
        }
      } else if (f.startsWith("com/squareup/moshi/")) {
        parsing = i;
      } else if (f.startsWith("okhttp3/") || f.startsWith("okio/")) {
        transport = i;
      }
    }
    int deepest = Math.max(library, Math.max(parsing, transport));
    if (deepest < 0) {
      return "other (JMH, the JVM, the baseline's own lines)";
    }
    if (deepest == transport && !(parsing >= 0 && inMemory(frames, parsing))) {
      return "OkHttp, okio and the socket";
    }
    if (deepest != library || parsing == library) {
      return "JSON parsing (Moshi, the models)";
    }
    String frame = frames[library].substring(LIBRARY.length());
    int dot = frame.indexOf('.');
    String type = dot < 0 ? frame : frame.substring(0, dot);
    int inner = type.indexOf('$');
    return "library: " + (inner < 0 ? type : type.substring(0, inner));
  }

  /**
   * True if everything below a parser's frame is okio reading bytes already in memory: parsing.
   * A parser that pulls the body from the socket through OkHttp does I/O there.
   */
  private static boolean inMemory(String[] frames, int parsing) {
    for (int i = parsing + 1; i < frames.length; i++) {
      if (frames[i].startsWith("okhttp3/")) {
        return false;
      }
    }
    return true;
  }

  private static boolean isParsing(String frame) {
    return frame.startsWith(LIBRARY + "model/") || frame.startsWith(LIBRARY + "internal/Lenient")
        || frame.startsWith(LIBRARY + "internal/ModelJson")
        || frame.startsWith(LIBRARY + "internal/CustomFieldAdapter");
  }

  private static void print(String benchmark, Map<String, Long> parts) {
    long total = parts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(Locale.ROOT, "%n%s: %,d samples of the benchmark thread%n", benchmark, total);
    List<Map.Entry<String, Long>> rows = new ArrayList<>(parts.entrySet());
    rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    long library = 0;
    for (Map.Entry<String, Long> row : rows) {
      if (row.getKey().startsWith("library: ")) {
        library += row.getValue();
      }
      System.out.printf(Locale.ROOT, "  %6.2f %%  %s%n", 100.0 * row.getValue() / total,
          row.getKey());
    }
    System.out.printf(Locale.ROOT, "  %6.2f %%  the library's own code in all%n",
        100.0 * library / total);
  }
}
