package io.github.farolero.amocrm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, from the jar's build. */
public final class Version {
  private static final String VERSION = load();
  private static final String USER_AGENT = "amocrm-client-java/" + VERSION;

  private Version() {}

  /** Returns the version, such as {@code 0.1.0}; {@code dev} when run from unbuilt sources. */
  public static String get() {
    return VERSION;
  }

  /** Returns the User-Agent this library sends. */
  public static String userAgent() {
    return USER_AGENT;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
