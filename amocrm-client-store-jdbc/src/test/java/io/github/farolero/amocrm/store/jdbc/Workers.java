package io.github.farolero.amocrm.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts {@link ClusterWorker} JVMs and reads their output; destroys them all on close. */
final class Workers implements AutoCloseable {

  /** One worker process. */
  static final class Worker {
    final String name;
    final Process process;
    final Path stderr;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Worker(String name, Process process, Path stderr) {
      this.name = name;
      this.process = process;
      this.stderr = stderr;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the process ended
        }
      }, name + "-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits (bounded) for a line starting with the prefix; fails with the worker's stderr. */
    String await(String prefix, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() - deadline < 0) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return line;
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      throw new AssertionError(name + " printed no \"" + prefix + "\" line within " + seconds
          + " s (alive: " + process.isAlive() + "); its stderr:\n" + stderr());
    }

    String stderr() {
      try {
        String all = Files.readString(stderr);
        return all.length() > 6000 ? "..." + all.substring(all.length() - 6000) : all;
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    long pid() {
      return process.pid();
    }
  }

  private final Path logDir;
  private final List<Worker> started = new ArrayList<>();

  Workers(Path logDir) throws IOException {
    this.logDir = Files.createDirectories(logDir);
  }

  Worker start(String name, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx192m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ClusterWorker.class.getName());
    cmd.addAll(args);
    Path err = logDir.resolve(name + ".stderr.txt");
    Process p = new ProcessBuilder(cmd)
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    p.getOutputStream().close();
    Worker w = new Worker(name, p, err);
    started.add(w);
    return w;
  }

  @Override
  public void close() throws InterruptedException {
    for (Worker w : started) {
      if (w.process.isAlive()) {
        w.process.destroyForcibly();
      }
    }
    for (Worker w : started) {
      w.process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
