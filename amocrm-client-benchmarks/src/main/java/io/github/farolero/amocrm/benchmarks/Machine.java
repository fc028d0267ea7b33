package io.github.farolero.amocrm.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: they describe the machine, the ratios the library. */
final class Machine {

  private Machine() {}

  static String describe() {
    Path data = Bench.dataDir();
    String fs;
    try {
      fs = Files.getFileStore(data).type();
    } catch (IOException e) {
      fs = "unknown";
    }
    return String.format(Locale.ROOT, "- CPU: %s; %d cores available to the JVM%n"
            + "- JDK: %s %s (%s)%n- OS: %s %s %s%n- files: %s (%s)%n- load average at start: %.2f",
        cpuModel(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("os.arch"), data, fs,
        loadAverage());
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
