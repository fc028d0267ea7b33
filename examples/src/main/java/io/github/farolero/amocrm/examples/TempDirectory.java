package io.github.farolero.amocrm.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory the examples delete, with everything in it, when done. */
final class TempDirectory implements AutoCloseable {
  private final Path path;

  private TempDirectory(Path path) {
    this.path = path;
  }

  static TempDirectory create(String prefix) throws IOException {
    return new TempDirectory(Files.createTempDirectory(prefix));
  }

  Path path() {
    return path;
  }

  /** Deletes a tree if it exists: the directory itself, or one inside it. */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    delete(path);
  }
}
