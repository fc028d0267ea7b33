package io.github.farolero.amocrm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: this tool's version, and the Java it runs on. */
final class VersionProvider implements IVersionProvider {

  static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // Falls through.
    }
    return "unknown";
  }

  @Override
  public String[] getVersion() {
    return new String[] {
        "amocrm-tokens " + version(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
            + ")"
    };
  }
}
