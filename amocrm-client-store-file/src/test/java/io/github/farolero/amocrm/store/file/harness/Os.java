package io.github.farolero.amocrm.store.file.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Operating-system tools for tests of failures that file modes alone cannot make when the tests
 * run as root (root bypasses mode bits): the immutable attribute, mounts, dropped capabilities.
 */
public final class Os {

  private Os() {}

  /** What a command did. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs a command, waiting at most 60 seconds; a command that cannot start exits 127. */
  public static Result run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, "timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(127, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "interrupted");
    }
  }

  public static boolean isLinux() {
    return System.getProperty("os.name").toLowerCase().contains("linux");
  }

  public static boolean isRoot() {
    return isLinux() && run("id", "-u").output().trim().equals("0");
  }

  /** Sets or clears the immutable attribute (root only; ext2/3/4, xfs, btrfs). */
  public static boolean chattr(Path path, boolean immutable) {
    return run("chattr", immutable ? "+i" : "-i", path.toString()).ok();
  }

  /** Tries a small tmpfs at the path; false if mounts are not allowed here. */
  public static boolean mountTmpfs(Path at, String size) throws IOException {
    Files.createDirectories(at);
    return run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
        at.toString()).ok();
  }

  public static void umount(Path at) {
    run("umount", "-l", at.toString());
  }

  /**
   * Returns a command prefix that runs the rest without the capabilities that let root ignore
   * file modes, or null if setpriv is not there.
   */
  public static List<String> withoutDacOverride() {
    if (!run("setpriv", "--version").ok()) {
      return null;
    }
    return List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--");
  }

  /** The user that {@link #asNobody()} runs as: {@code nobody} on Debian. */
  public static final int NOBODY = 65534;

  /**
   * Returns a command prefix that runs the rest as the unprivileged user {@link #NOBODY} (no
   * capabilities, no supplementary groups), or null if setpriv is not there: how a root test
   * runs what a non-root user would see.
   */
  public static List<String> asNobody() {
    if (!run("setpriv", "--version").ok()) {
      return null;
    }
    return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--");
  }

  /** Returns a shell command prefix that limits the size of files the rest may write (KiB). */
  /** A command prefix that runs the rest under a umask (bash's {@code umask}). */
  public static List<String> withUmask(String umask) {
    return List.of("bash", "-c", "umask " + umask + " && exec \"$@\"", "umasked");
  }

  public static List<String> withFileSizeLimit(int kib) {
    return List.of("bash", "-c", "ulimit -f " + kib + " && exec \"$@\"", "limited");
  }
}
