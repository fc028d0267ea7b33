package io.github.farolero.amocrm.store.file.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The classpath of child JVMs: this JVM's ({@code java.class.path}), with each directory packed
 * into a jar so that a class-data archive (AppCDS) can cover it. The archive is made once, by a
 * child that writes a few records, and halves every later child's start: the crash harness
 * starts hundreds. If anything about the archive fails, children run without it.
 */
final class ChildClasspath {

  private static ChildClasspath instance;

  private final String classpath;
  private final List<String> cdsOptions;

  private ChildClasspath(String classpath, List<String> cdsOptions) {
    this.classpath = classpath;
    this.cdsOptions = cdsOptions;
  }

  static synchronized ChildClasspath get() {
    if (instance == null) {
      instance = build();
    }
    return instance;
  }

  String classpath() {
    return classpath;
  }

  List<String> cdsOptions() {
    return cdsOptions;
  }

  private static ChildClasspath build() {
    String original = System.getProperty("java.class.path");
    Path work = Path.of(System.getProperty("basedir", "."), "target", "child-jvm");
    try {
      Files.createDirectories(work);
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (String entry : original.split(java.io.File.pathSeparator)) {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
          Path jar = work.resolve("dir-" + (n++) + ".jar");
          pack(p, jar);
          entries.add(jar.toString());
        } else if (Files.isRegularFile(p)) {
          entries.add(entry);
        }
      }
      String cp = String.join(java.io.File.pathSeparator, entries);
      Path archive = work.resolve("children.jsa");
      Files.deleteIfExists(archive);
      Path scratch = Files.createTempDirectory(work, "archive-run");
      List<String> cmd = new ArrayList<>(List.of(ChildJvm.javaExecutable(),
          "-XX:ArchiveClassesAtExit=" + archive, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-Xmx96m", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", cp,
          CrashWriterMain.class.getName(), scratch.resolve("tokens").toString(),
          scratch.toString(), "3"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(work.resolve("archive-run.log").toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write("GO\n".getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new ChildClasspath(cp, List.of());
      }
      if (p.exitValue() == 0 && Files.exists(archive) && Files.size(archive) > 0) {
        return new ChildClasspath(cp, List.of("-XX:SharedArchiveFile=" + archive,
            "-Xshare:auto"));
      }
      return new ChildClasspath(cp, List.of("-Xshare:auto"));
    } catch (IOException | RuntimeException e) {
      return new ChildClasspath(original, List.of("-Xshare:auto"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ChildClasspath(original, List.of("-Xshare:auto"));
    }
  }

  private static void pack(Path dir, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        if (Files.isRegularFile(f)) {
          String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
          out.putNextEntry(new JarEntry(name));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
    }
  }
}
