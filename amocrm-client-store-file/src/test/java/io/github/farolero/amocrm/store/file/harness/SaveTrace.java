package io.github.farolero.amocrm.store.file.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code strace -f -y} trace of a process that saves token files and checks, for every
 * save, the order that makes it survive a power loss, not only a process death:
 *
 * <ol>
 *   <li>the temporary file is created ({@code openat} with {@code O_CREAT}) and written;
 *   <li>it is fsynced ({@code fsync}/{@code fdatasync}) after its last write and before the
 *       rename (else the rename can reach the disk before the data: a power loss leaves an empty
 *       or torn current file);
 *   <li>it is renamed over the current file;
 *   <li>the directory is fsynced after the rename (else the rename itself can be lost: the old
 *       record comes back after the new one was used, and its refresh token is already spent),
 *       and before the writer acknowledged the save.
 * </ol>
 *
 * <p>A save is a rename whose source is a {@code ~tmp-} file the trace saw created; its
 * acknowledgement is the writer's {@code SAVED <n>} line on stdout, which the trace shows as a
 * {@code write} to fd 1. Renames of files the process did not create and write (the store's
 * hard-link backups) are not saves. Lines that strace split ({@code <unfinished ...>} and {@code
 * <... resumed>}, when threads interleave) are joined first; the order of syscalls is the order
 * in which they started.
 */
public final class SaveTrace {

  /** One syscall of the trace. */
  public record Syscall(int index, int tid, String name, String args, long result) {
    /** The path of the first argument's fd ({@code 11</dir/file>}, strace -y), or null. */
    String fdPath() {
      Matcher m = FD_PATH.matcher(args);
      return m.lookingAt() ? m.group(2) : null;
    }

    int fd() {
      Matcher m = FD_PATH.matcher(args);
      return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
    }
  }

  /** One save, with the syscalls that made it, in order. */
  public record Save(String temp, String target, List<Syscall> steps) {}

  private static final Pattern LINE = Pattern.compile(
      "^(\\d+)\\s+(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+|\\?)(.*)$");
  private static final Pattern UNFINISHED = Pattern.compile("^(\\d+)\\s+(.*) <unfinished \\.\\.\\.>$");
  private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+<\\.\\.\\. (\\w+) resumed>(.*)$");
  private static final Pattern FD_PATH = Pattern.compile("(\\d+)<([^>]*)>");
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final List<Save> saves = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private int acknowledgements;
  private int syscalls;

  private SaveTrace() {}

  /** Parses a trace and checks every save in it. */
  public static SaveTrace parse(List<String> lines) {
    SaveTrace t = new SaveTrace();
    t.check(join(lines));
    return t;
  }

  /** Every save found, in order. */
  public List<Save> saves() {
    return saves;
  }

  /** What was out of order, one line per fault, naming the save; empty if every save was right. */
  public List<String> violations() {
    return violations;
  }

  /** How many {@code SAVED} lines the writer printed. */
  public int acknowledgements() {
    return acknowledgements;
  }

  /** How many syscalls the trace holds (of the traced kinds). */
  public int syscalls() {
    return syscalls;
  }

  /** Joins split lines; returns the syscalls in the order they started. */
  public static List<Syscall> join(List<String> lines) {
    // A syscall's slot is taken when it starts, so that the order is the order of starting.
    List<String[]> slots = new ArrayList<>(); // {tid, text}
    Map<String, Integer> pending = new HashMap<>();
    for (String line : lines) {
      Matcher u = UNFINISHED.matcher(line);
      if (u.matches()) {
        pending.put(u.group(1), slots.size());
        slots.add(new String[] {u.group(1), u.group(2)});
        continue;
      }
      Matcher r = RESUMED.matcher(line);
      if (r.matches()) {
        Integer slot = pending.remove(r.group(1));
        if (slot != null) {
          slots.get(slot)[1] = slots.get(slot)[1] + r.group(3);
        }
        continue;
      }
      Matcher l = LINE.matcher(line);
      if (l.matches()) {
        slots.add(new String[] {l.group(1), line.substring(l.start(2))});
      }
      // Anything else (+++ exited, --- SIGCHLD, strace's own notes) is no syscall.
    }
    List<Syscall> out = new ArrayList<>();
    for (String[] s : slots) {
      Matcher m = LINE.matcher(s[0] + " " + s[1]);
      if (!m.matches()) {
        continue; // still unfinished when the trace ended (the process was killed)
      }
      long result = m.group(4).equals("?") ? Long.MIN_VALUE : Long.parseLong(m.group(4));
      out.add(new Syscall(out.size(), Integer.parseInt(m.group(1)), m.group(2), m.group(3),
          result));
    }
    return out;
  }

  private static final class Open {
    final String temp;
    final int openedAt;
    final List<Syscall> steps = new ArrayList<>();
    long written;
    int lastWrite = -1;
    int fsync = -1;
    boolean failedWrite;

    Open(String temp, Syscall open) {
      this.temp = temp;
      this.openedAt = open.index();
      steps.add(open);
    }
  }

  private static final class Renamed {
    final Save save;
    final String directory;
    final int renamedAt;
    boolean directorySynced;

    Renamed(Save save, String directory, int renamedAt) {
      this.save = save;
      this.directory = directory;
      this.renamedAt = renamedAt;
    }
  }

  private void check(List<Syscall> calls) {
    syscalls = calls.size();
    Map<String, Open> open = new LinkedHashMap<>(); // temp path -> save in progress
    List<Renamed> awaiting = new ArrayList<>(); // renamed, not yet acknowledged
    for (Syscall c : calls) {
      switch (c.name()) {
        case "openat" -> {
          List<String> q = quoted(c.args());
          if (c.args().contains("O_CREAT") && !q.isEmpty() && c.result() >= 0
              && fileName(q.get(0)).contains("~tmp-")) {
            open.put(q.get(0), new Open(q.get(0), c));
          }
        }
        case "write" -> {
          String path = c.fdPath();
          Open o = path == null ? null : open.get(path);
          if (o != null) {
            o.steps.add(c);
            o.lastWrite = c.index();
            if (c.result() <= 0) {
              o.failedWrite = true;
            } else {
              o.written += c.result();
            }
          } else if (c.fd() == 1 && c.args().contains("\"SAVED ")) {
            acknowledge(c, awaiting);
          }
        }
        case "fsync", "fdatasync" -> {
          String path = c.fdPath();
          Open o = path == null ? null : open.get(path);
          if (o != null && c.result() == 0) {
            o.steps.add(c);
            o.fsync = c.index();
          }
          for (Renamed r : awaiting) {
            if (r.directory.equals(path) && c.result() == 0 && c.index() > r.renamedAt
                && !r.directorySynced) {
              r.directorySynced = true;
              r.save.steps().add(c);
            }
          }
        }
        case "rename", "renameat", "renameat2" -> {
          List<String> q = quoted(c.args());
          if (q.size() < 2) {
            continue;
          }
          Open o = open.remove(q.get(0));
          if (o == null) {
            continue; // not a file this process created and wrote: a backup's hard link
          }
          o.steps.add(c);
          Save save = new Save(o.temp, q.get(1), o.steps);
          saves.add(save);
          String name = "save " + saves.size() + " (" + fileName(o.temp) + " -> "
              + fileName(q.get(1)) + ")";
          if (c.result() != 0) {
            violations.add(name + ": the rename failed");
          }
          if (o.lastWrite < 0 || o.written == 0) {
            violations.add(name + ": renamed without a write to the temporary file");
          }
          if (o.failedWrite) {
            violations.add(name + ": a write to the temporary file failed");
          }
          if (o.fsync < 0) {
            violations.add(name + ": no fsync of the temporary file before the rename");
          } else if (o.fsync < o.lastWrite) {
            violations.add(name + ": written after its fsync, before the rename");
          }
          awaiting.add(new Renamed(save, parent(q.get(1)), c.index()));
        }
        default -> {
          // not a syscall this check looks at
        }
      }
    }
    for (Renamed r : awaiting) {
      if (!r.directorySynced) {
        violations.add(describe(r) + ": no fsync of the directory after the rename (trace ended)");
      }
    }
    for (Open o : open.values()) {
      violations.add("temporary file " + fileName(o.temp) + " was created but never renamed");
    }
  }

  /** The writer says a save returned: each save renamed before must have synced the directory. */
  private void acknowledge(Syscall c, List<Renamed> awaiting) {
    acknowledgements++;
    for (Renamed r : awaiting) {
      if (!r.directorySynced) {
        violations.add(describe(r) + ": no fsync of the directory after the rename, before the"
            + " save was acknowledged (syscall " + c.index() + ")");
      }
    }
    awaiting.clear();
  }

  private String describe(Renamed r) {
    return "save " + (saves.indexOf(r.save) + 1) + " (" + fileName(r.save.temp()) + " -> "
        + fileName(r.save.target()) + ")";
  }

  private static List<String> quoted(String args) {
    List<String> out = new ArrayList<>();
    Matcher m = QUOTED.matcher(args);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }
}
