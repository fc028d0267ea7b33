package io.github.farolero.amocrm.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's java and class path, talked to in lines: commands on its stdin, answers
 * read from its stdout (every line, by a thread of its own, so the pipe never fills); its stderr
 * goes to a file. Closing it ends its input, waits a bounded time, then kills it.
 */
final class Child implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Writer in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path stderr;

  private Child(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the child is gone
      } finally {
        lines.add("EOF");
      }
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} with {@code args} in a JVM with {@code jvmArgs}.
   *
   * @param env variables added to the child's environment (secrets go here, not on the command
   *     line)
   */
  static Child start(String name, Path logDir, List<String> jvmArgs, Class<?> mainClass,
      List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    java.nio.file.Files.createDirectories(logDir);
    Path stderr = logDir.resolve(name + ".stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
    pb.environment().putAll(env);
    return new Child(name, pb.start(), stderr);
  }

  /** Sends one line. */
  void send(String line) throws IOException {
    in.write(line + "\n");
    in.flush();
  }

  /** Waits for the next line that starts with {@code prefix}; fails after {@code seconds}. */
  String await(String prefix, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.equals("EOF")) {
        throw new IllegalStateException(name + " gave no " + prefix + " line within " + seconds
            + " s" + (line == null ? "" : " (it exited)") + "; its stderr is in " + stderr);
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
