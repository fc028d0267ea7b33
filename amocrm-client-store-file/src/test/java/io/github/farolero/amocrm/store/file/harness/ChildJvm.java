package io.github.farolero.amocrm.store.file.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A child JVM running a main of the test sources, talked to by lines on stdin and stdout. Every
 * wait is bounded; {@link #close()} kills it if it still runs.
 */
public final class ChildJvm implements AutoCloseable {

  /** Marks the end of a child's stdout in {@link #readLine}: the process exited. */
  public static final String EOF = "\u0000EOF";

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  /** Opened by the stdout pump once it has queued {@link #EOF}. */
  private final CountDownLatch endOfOutput = new CountDownLatch(1);
  private final StringBuffer stderr = new StringBuffer();

  private ChildJvm(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread out = new Thread(() -> pump(), "child-" + process.pid() + "-stdout");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (stderr.length() < 200_000) {
            stderr.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // The child is gone.
      }
    }, "child-" + process.pid() + "-stderr");
    err.setDaemon(true);
    err.start();
  }

  /** The JVM options children start with: quick to start, small, JVM logging off stdout. */
  public static List<String> jvmOptions() {
    List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xmx96m", "-XX:-UsePerfData", "-Xlog:disable",
        "-Xlog:all=warning:stderr", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    options.addAll(ChildClasspath.get().cdsOptions());
    return options;
  }

  /** Returns the command that runs a main of the test classpath in a new JVM. */
  public static List<String> command(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(jvmOptions());
    cmd.add("-cp");
    cmd.add(ChildClasspath.get().classpath());
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Returns the command that runs a main in a new JVM whose classpath is a copy of this JVM's in
   * {@code jars}, readable by every user (0755 directory, 0644 files): for a child that runs as
   * another user, who cannot read the build's own files (such as {@code /root/.m2}).
   */
  public static List<String> commandWithCopiedClasspath(Path jars, Class<?> main, String... args)
      throws IOException {
    Files.createDirectories(jars);
    Files.setPosixFilePermissions(jars, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> copies = new ArrayList<>();
    int n = 0;
    for (String entry : ChildClasspath.get().classpath().split(java.io.File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.isRegularFile(from)) {
        continue;
      }
      Path to = jars.resolve((n++) + "-" + from.getFileName());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
      copies.add(to.toString());
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    // The options of every child but the class-data archive, which names the original paths.
    cmd.addAll(jvmOptions().stream().filter(o -> !o.startsWith("-XX:SharedArchiveFile")).toList());
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, copies));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Returns the running JVM's {@code java}. */
  public static String javaExecutable() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  /** Starts a child JVM. */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    return start(command(main, args), null);
  }

  /** Starts a command (a child JVM, maybe behind setpriv or a shell's ulimit). */
  public static ChildJvm start(List<String> command, @Nullable Path workDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    return new ChildJvm(pb.start());
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The child is gone.
    } finally {
      lines.add(EOF);
      endOfOutput.countDown();
    }
  }

  /** Returns the next stdout line, {@link #EOF} at the end, or null after the timeout. */
  public @Nullable String readLine(Duration timeout) throws InterruptedException {
    return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads lines until one starts with the prefix; fails on EOF or timeout. */
  public String expect(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("child " + process.pid() + " did not print '" + prefix
            + "' within " + timeout + "; stderr:\n" + stderr);
      }
      if (line.equals(EOF)) {
        throw new AssertionError("child " + process.pid() + " exited before printing '" + prefix
            + "'; stderr:\n" + stderr);
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Returns every line printed so far, draining them. */
  public List<String> drain() {
    List<String> out = new ArrayList<>();
    lines.drainTo(out);
    return out;
  }

  /** Sends a line to the child's stdin. */
  public void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  /**
   * SIGKILL and a bounded wait for the end. Sent through {@link ProcessHandle#destroyForcibly()}
   * (SIGKILL on Linux), not {@link Process#destroyForcibly()}: the latter also closes our end of
   * the child's stdout, losing lines still in the pipe (the harness's acknowledgements).
   */
  public void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("child " + process.pid() + " did not die within 30 s of SIGKILL");
    }
  }

  /** Waits for the child to exit; returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child " + process.pid() + " still runs after " + timeout
          + "; stderr:\n" + stderr);
    }
    return process.exitValue();
  }

  /** Waits until stdout is closed (after exit or a kill), so every line printed is read. */
  public void awaitEndOfOutput(Duration timeout) throws InterruptedException {
    // Waits for the pump, not on the queue, so that no line is consumed.
    if (!endOfOutput.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child " + process.pid() + "'s output did not end");
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String stderr() {
    return stderr.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
