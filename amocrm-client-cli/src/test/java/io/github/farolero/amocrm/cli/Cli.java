package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the real {@code amocrm-tokens.jar} (built by {@code package}) as a child process: the
 * running {@code java}, small and quick to start, a clean environment plus what the test gives,
 * every wait bounded. Counts runs and their time, for the class's summary.
 */
final class Cli {

  static final Path JAR = Path.of(System.getProperty("amocrm.tokens.jar",
      "target/amocrm-tokens.jar"));
  static final Path BIN = Path.of(System.getProperty("amocrm.tokens.bin",
      "../bin/amocrm-tokens"));
  static final AtomicLong RUNS = new AtomicLong();
  static final AtomicLong MILLIS = new AtomicLong();

  private static final Moshi MOSHI = new Moshi.Builder().build();

  private final Map<String, String> env = new HashMap<>();

  /** What a run printed and how it ended. */
  record Result(int exitCode, String out, String err, List<String> args) {

    /** The stdout as one JSON document. */
    Map<String, Object> json() {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MOSHI.adapter(Object.class).fromJson(out);
        return doc;
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("stdout of " + args + " is not one JSON document:\n" + out
            + "\nstderr:\n" + err, e);
      }
    }

    Result expect(int code) {
      assertThat(exitCode).as("exit code of %s%nstdout:%n%s%nstderr:%n%s", args, out, err)
          .isEqualTo(code);
      return this;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> grants() {
      return (List<Map<String, Object>>) json().get("grants");
    }
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli env(Map<String, String> values) {
    env.putAll(values);
    return this;
  }

  Cli without(String name) {
    env.remove(name);
    return this;
  }

  Result run(String... args) {
    return runWithInput(null, args);
  }

  Result runWithInput(String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Xshare:auto", "-Xmx128m", "-jar", JAR.toString()));
    cmd.addAll(Arrays.asList(args));
    return exec(cmd, stdin, Arrays.asList(args));
  }

  /** Runs the launcher script instead of {@code java -jar}. */
  Result runBin(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BIN.toString());
    cmd.addAll(Arrays.asList(args));
    return exec(cmd, null, Arrays.asList(args));
  }

  private Result exec(List<String> cmd, String stdin, List<String> args) {
    assertThat(JAR).as("the runnable jar (built by mvn package)").isRegularFile();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    String javaHome = System.getProperty("java.home");
    pb.environment().put("JAVA_HOME", javaHome);
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread o = pump(p.getInputStream(), out);
      Thread e = pump(p.getErrorStream(), err);
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.toHandle().destroyForcibly();
        throw new AssertionError("amocrm-tokens " + args + " did not end in 90 s; stderr: "
            + err.toString(StandardCharsets.UTF_8));
      }
      o.join(10_000);
      e.join(10_000);
      return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8), args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      p.toHandle().destroyForcibly();
      RUNS.incrementAndGet();
      MILLIS.addAndGet((System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Starts a child whose stdin the test writes to later (authorize's paste). */
  Process start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-jar",
        JAR.toString()));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    RUNS.incrementAndGet();
    return pb.start();
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread t = new Thread(() -> {
      try (in) {
        in.transferTo(sink);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A private directory for a store (the file store refuses one open to others). */
  static Path privateDir(Path parent, String name) {
    try {
      Path d = parent.resolve(name);
      Files.createDirectories(d);
      Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions
          .fromString("rwx------"));
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String summary() {
    return RUNS.get() + " runs of the jar, " + MILLIS.get() + " ms in them";
  }
}
