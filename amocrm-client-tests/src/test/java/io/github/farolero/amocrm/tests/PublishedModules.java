package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.micrometer.AmoCrmMetrics;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.github.farolero.amocrm.store.redis.RedisTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The published modules and where their main classes are on this module's test classpath: a
 * {@code target/classes} directory or the module's jar, found from one public class of each. Only
 * these locations are scanned, so no test class (this module's, or core's shared test support)
 * is ever taken for production code.
 */
enum PublishedModules {
  CORE("amocrm-client-core", AmoCrmClient.class),
  TESTKIT("amocrm-client-testkit", MockAmoCrmServer.class),
  STORE_FILE("amocrm-client-store-file", FileTokenStore.class),
  STORE_ENV("amocrm-client-store-env", EnvTokenStore.class),
  STORE_JDBC("amocrm-client-store-jdbc", JdbcTokenStore.class),
  STORE_REDIS("amocrm-client-store-redis", RedisTokenStore.class),
  MICROMETER("amocrm-client-micrometer", AmoCrmMetrics.class),
  CLI("amocrm-client-cli", io.github.farolero.amocrm.cli.Main.class),
  SPRING_BOOT_STARTER("amocrm-client-spring-boot-starter",
      io.github.farolero.amocrm.spring.boot.AmoCrmProperties.class);

  private final String artifactId;
  private final Class<?> anchor;

  PublishedModules(String artifactId, Class<?> anchor) {
    this.artifactId = artifactId;
    this.anchor = anchor;
  }

  String artifactId() {
    return artifactId;
  }

  /** The directory or jar that holds this module's main classes. */
  Path location() {
    Path path;
    try {
      path = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    String p = path.toString().replace('\\', '/');
    if (p.contains("/test-classes")) {
      throw new IllegalStateException(anchor + " was loaded from test classes: " + path);
    }
    return path;
  }

  /** The binary names of every class in this module's main output (package-info too). */
  List<String> classNames() {
    Path location = location();
    List<String> names = new ArrayList<>();
    try {
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.walk(location)) {
          files
              .filter(f -> f.toString().endsWith(".class"))
              .map(f -> location.relativize(f).toString().replace('\\', '/'))
              .forEach(entry -> addClassName(entry, names));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            addClassName(e.nextElement().getName(), names);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("no classes in " + location + " for " + artifactId);
    }
    names.sort(null);
    return names;
  }

  private static void addClassName(String entry, List<String> names) {
    if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) {
      return;
    }
    String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    if (name.endsWith("module-info")) {
      return;
    }
    names.add(name);
  }

  /** True for a package that is no API: one with an {@code internal} segment. */
  static boolean isInternalPackage(String packageName) {
    return ("." + packageName + ".").contains(".internal.");
  }
}
