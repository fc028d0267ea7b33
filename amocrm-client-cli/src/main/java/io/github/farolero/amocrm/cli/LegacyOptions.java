package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.GrantKey;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How the old app's {@code tokens} table is read ({@code legacy-jdbc:} sources). */
final class LegacyOptions {

  @Option(names = "--legacy-table", paramLabel = "NAME", defaultValue = "tokens",
      description = "The old app's token table (default: ${DEFAULT-VALUE}).")
  String table = "tokens";

  @Option(names = "--legacy-service", paramLabel = "SERVICE=GRANT",
      description = "Which grant a row's service is, such as amocrm=example.amocrm.ru"
          + " (repeatable). Without it, a service that is itself an account domain maps to that"
          + " account.")
  List<String> services = new ArrayList<>();

  @Option(names = "--legacy-zone", paramLabel = "ZONE",
      description = "Time zone of zone-less timestamps in the old table (default: UTC).")
  @Nullable String zone;

  Map<String, GrantKey> services() {
    Map<String, GrantKey> out = new LinkedHashMap<>();
    for (String s : services) {
      int eq = s.indexOf('=');
      if (eq <= 0 || eq == s.length() - 1) {
        throw new CliException("--legacy-service must be SERVICE=GRANT, such as"
            + " amocrm=example.amocrm.ru");
      }
      out.put(s.substring(0, eq).trim(), Grants.parse(s.substring(eq + 1), "--legacy-service"));
    }
    return out;
  }

  ZoneId zone() {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new CliException("--legacy-zone " + zone + " is not a time zone (such as"
          + " Europe/Moscow or UTC)");
    }
  }
}
