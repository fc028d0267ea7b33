package io.github.farolero.amocrm.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link StormWorker} (or another worker's main), talked to by lines on its
 * stdin and stdout; its stderr goes to a file kept for the post-mortem. Every wait is bounded;
 * {@link #close()} kills it.
 */
final class WorkerJvm implements AutoCloseable {

  /** Marks the end of the child's stdout in the line queue: the process exited. */
  private static final String EOF = "\u0000EOF";

  final String name;
  private final Process process;
  private final Path stderr;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private WorkerJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      } finally {
        lines.add(EOF);
      }
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a worker: the running {@code java} on this JVM's classpath, small and quick to start
   * (C1 only, serial GC: the machine may have 2 cores for the whole storm).
   */
  static WorkerJvm start(String name, Path logDir, List<String> args) throws IOException {
    return start(name, logDir, StormWorker.class, args);
  }

  /** Starts a worker running {@code main}'s main method, as {@link #start(String, Path, List)}. */
  static WorkerJvm start(String name, Path logDir, Class<?> main, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.add("-Xmx128m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Xshare:auto");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    Path err = Files.createDirectories(logDir).resolve(name + ".stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    return new WorkerJvm(name, p, err);
  }

  /** Sends a line to the worker's stdin. */
  void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /**
   * Waits (bounded) for a line starting with the prefix and returns it; fails with the worker's
   * stderr if it exits first or the time runs out.
   */
  String expect(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        if (line != null) {
          lines.add(EOF); // later waits see the end too
        }
        throw new AssertionError(name + " printed no \"" + prefix + "\" line "
            + (line == null ? "within " + timeout : "before it exited") + "; its stderr ("
            + stderr + "):\n" + stderrTail());
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Waits (bounded) for the worker to exit; returns its exit code. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still runs after " + timeout + "; its stderr:\n"
          + stderrTail());
    }
    return process.exitValue();
  }

  /** The last few KB of the worker's stderr. */
  String stderrTail() {
    try {
      String all = Files.readString(stderr);
      return all.length() > 6000 ? "..." + all.substring(all.length() - 6000) : all;
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * SIGKILL if it still runs, and a bounded wait for the end. Through the process handle, not
   * {@link Process#destroyForcibly()}, which would also close our end of its stdout.
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
    }
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
