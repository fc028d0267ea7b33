package io.github.farolero.amocrm.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker JVMs ({@link StoreWorker} on a store its {@link StoreWorker.Opener} makes, or any
 * other main class) and talks to them by lines on stdin and stdout; destroys them all on close.
 * Shared by the store modules' multi-process tests (this directory is a test source of each).
 */
public final class Workers implements AutoCloseable {

  /** Marks the end of a worker's stdout in its line queue: the process exited. */
  private static final String EOF = "\u0000EOF";

  /** One worker process. */
  public static final class Worker {
    public final String name;
    public final Process process;
    public final Path stderr;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Worker(String name, Process process, Path stderr) {
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

    /** Sends a line to the worker's stdin. */
    public void send(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    /** Closes the worker's stdin: a worker reading commands ends. */
    public void endInput() throws IOException {
      stdin.close();
    }

    /** Waits (bounded) for a line starting with the prefix; fails with the worker's stderr. */
    public String await(String prefix, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null || line.equals(EOF)) {
          throw new AssertionError(name + " printed no \"" + prefix + "\" line "
              + (line == null ? "within " + seconds + " s" : "before it exited")
              + "; its stderr:\n" + stderr());
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    /**
     * Waits up to {@code millis} for a line starting with the prefix; returns it, or null if none
     * came in that time (other lines read meanwhile are dropped).
     */
    public String poll(String prefix, long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          return null;
        }
        if (line.equals(EOF)) {
          lines.add(EOF); // keep the end visible to the next wait
          return null;
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    public String stderr() {
      try {
        String all = Files.readString(stderr);
        return all.length() > 6000 ? "..." + all.substring(all.length() - 6000) : all;
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    public long pid() {
      return process.pid();
    }
  }

  private final Path logDir;
  private final Class<? extends StoreWorker.Opener> opener;
  private final List<Worker> started = new ArrayList<>();

  /**
   * Workers logging into {@code logDir}; {@link #start(String, List)} runs a {@link StoreWorker}
   * on the store {@code opener} makes.
   */
  public Workers(Path logDir, Class<? extends StoreWorker.Opener> opener) throws IOException {
    this.logDir = Files.createDirectories(logDir);
    this.opener = opener;
  }

  /** Starts a {@link StoreWorker} with these {@code key=value} arguments and the opener. */
  public Worker start(String name, List<String> args) throws IOException {
    List<String> all = new ArrayList<>(args);
    all.add("opener=" + opener.getName());
    return start(name, StoreWorker.class, all);
  }

  /** Starts a worker JVM running {@code main}'s {@code main} method. */
  public Worker start(String name, Class<?> main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx192m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    Path err = logDir.resolve(name + ".stderr.txt");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
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
