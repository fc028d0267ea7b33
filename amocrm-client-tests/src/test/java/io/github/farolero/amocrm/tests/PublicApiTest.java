package io.github.farolero.amocrm.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The public surface of every published module, compared with the listing checked in under
 * {@code api/} ({@link ApiListing} tells the format). Any change to a public or protected type or
 * member fails this test until the listing is regenerated, so the change shows in review as a
 * diff of {@code api/*.txt}.
 */
class PublicApiTest {

  static final String UPDATE_COMMAND =
      "mvn -B -pl amocrm-client-tests -am verify -Dtest=PublicApiTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Damocrm.api.update=true";

  @ParameterizedTest
  @EnumSource(PublishedModules.class)
  void publicApiMatchesTheCheckedInListing(PublishedModules module) throws IOException {
    List<String> actual = ApiListing.of(module, PublicApiTest.class.getClassLoader());
    Path file = apiDirectory().resolve(module.artifactId() + ".txt");

    if (Boolean.getBoolean("amocrm.api.update")) {
      List<String> out = new ArrayList<>(header(module));
      out.addAll(actual);
      Files.createDirectories(file.getParent());
      Files.write(file, out, StandardCharsets.UTF_8);
      System.out.println("Wrote " + actual.size() + " lines to " + file);
      return;
    }

    if (!Files.exists(file)) {
      fail("No API listing for " + module.artifactId() + " at " + file + ". Generate it with:\n  "
          + UPDATE_COMMAND);
    }
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#") && !line.isBlank()) {
        expected.add(line);
      }
    }
    if (!expected.equals(actual)) {
      fail(diffMessage(module, file, expected, actual));
    }
  }

  private static List<String> header(PublishedModules module) {
    return List.of(
        "# The public API of " + module.artifactId() + ": every public or protected type and member",
        "# of its packages but the internal ones, one per line (format: PublicApiTest, ApiListing).",
        "# Generated from the compiled classes; do not edit. After an intended change, regenerate with",
        "#   " + UPDATE_COMMAND,
        "# and commit the new listing with the change.");
  }

  /** Removed lines as {@code -}, added as {@code +}, grouped under their type. */
  static String diffMessage(
      PublishedModules module, Path file, List<String> expected, List<String> actual) {
    Set<String> removed = new LinkedHashSet<>(expected);
    actual.forEach(removed::remove);
    Set<String> added = new LinkedHashSet<>(actual);
    expected.forEach(added::remove);

    TreeMap<String, List<String>> byType = new TreeMap<>();
    removed.forEach(l -> byType.computeIfAbsent(typeOf(l), k -> new ArrayList<>()).add("- " + l));
    added.forEach(l -> byType.computeIfAbsent(typeOf(l), k -> new ArrayList<>()).add("+ " + l));

    StringBuilder s = new StringBuilder();
    s.append("The public API of ")
        .append(module.artifactId())
        .append(" differs from ")
        .append(file)
        .append(" (")
        .append(removed.size())
        .append(" removed, ")
        .append(added.size())
        .append(" added");
    if (removed.isEmpty() && added.isEmpty()) {
      s.append(", only the order changed");
    }
    s.append("):\n");
    byType.values().forEach(lines -> lines.forEach(l -> s.append(l).append('\n')));
    s.append("\nIf the change is intended, regenerate the listings and commit them with it:\n  ")
        .append(UPDATE_COMMAND)
        .append('\n');
    return s.toString();
  }

  private static String typeOf(String line) {
    int colon = line.indexOf(": ");
    return colon < 0 ? line : line.substring(0, colon);
  }

  private static Path apiDirectory() {
    String dir = System.getProperty("amocrm.api.dir");
    if (dir == null) {
      throw new IllegalStateException("amocrm.api.dir is not set (the module's surefire config sets it)");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }
}
