package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;

/** Stores and records the tests write directly, in this JVM, beside the jar's processes. */
final class Fixtures {

  private Fixtures() {}

  /** What the CLI needs to reach the mock: credentials and its loopback base URL. */
  static Map<String, String> credentials(MockAmoCrmServer amo) {
    return Map.of(
        "AMOCRM_CLIENT_ID", amo.clientId(),
        "AMOCRM_CLIENT_SECRET", amo.clientSecret(),
        "AMOCRM_REDIRECT_URI", amo.redirectUri(),
        "AMOCRM_BASE_URL", amo.baseUrl().toString());
  }

  static FileTokenStore fileStore(Path dir) {
    return FileTokenStore.of(dir);
  }

  static JdbcTokenStore h2(Path file) {
    String url = h2Url(file);
    return JdbcTokenStore.builder()
        .dataSource(new DriverDataSource(url, new Properties(), url))
        .createTableIfMissing(true)
        .build();
  }

  static String h2Url(Path file) {
    return "jdbc:h2:" + file.toAbsolutePath();
  }

  /** A record that is not the mock's: for what the CLI judges without calling amoCRM. */
  static TokenRecord record(String domain, String tag, Instant issuedAt, long version) {
    Instant issued = issuedAt.truncatedTo(ChronoUnit.MICROS);
    return new TokenRecord(GrantKey.of(domain), "access-" + tag + "-0123456789abcdef",
        "refresh-" + tag + "-0123456789abcdef", issued.plus(Duration.ofHours(24)), issued,
        domain, version);
  }

  /** The mock's pair, in a record with microsecond times (what every store keeps). */
  static TokenRecord issued(MockAmoCrmServer amo) {
    TokenRecord r = amo.issueTokens().toRecord();
    return new TokenRecord(r.key(), r.accessToken(), r.refreshToken(),
        r.expiresAt().truncatedTo(ChronoUnit.MICROS), r.issuedAt().truncatedTo(ChronoUnit.MICROS),
        r.accountDomain(), r.version());
  }

  static void write(TokenStore store, TokenRecord record) {
    store.write(record);
  }
}
