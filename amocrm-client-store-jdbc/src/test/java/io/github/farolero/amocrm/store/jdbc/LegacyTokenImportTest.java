package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing the old application's {@code tokens} table, on each in-process database and PostgreSQL. */
class LegacyTokenImportTest {

  private static final String SECRET = "CANARY-" + UUID.randomUUID();

  private static void insert(DataSource ds, String table, String service, String access,
      String refresh, Object expiresAt, Object createdAt) throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + table + " (service, access_token, refresh_token, expires_at, created_at)"
            + " VALUES (?, ?, ?, ?, ?)")) {
      c.setAutoCommit(true);
      ps.setString(1, service);
      ps.setString(2, access);
      ps.setString(3, refresh);
      ps.setObject(4, expiresAt);
      ps.setObject(5, createdAt);
      ps.executeUpdate();
    }
  }

  @Test
  void importsTheNewestRowPerServiceAndReportsTheRest() throws Exception {
    DataSource ds = Databases.h2("legacy");
    String old = "tokens_" + Databases.newTable();
    Databases.execute(ds, "CREATE TABLE " + old + " (id INT AUTO_INCREMENT PRIMARY KEY, service VARCHAR(50),"
        + " access_token VARCHAR(2000), refresh_token VARCHAR(2000), expires_at VARCHAR(40),"
        + " created_at TIMESTAMP)");
    // The old app kept a row per refresh; the newest one is the live pair.
    insert(ds, old, "amocrm", SECRET + "-old-access", SECRET + "-old-refresh", "1767312000",
        Timestamp.valueOf(LocalDateTime.parse("2026-01-01T00:00:00")));
    insert(ds, old, "amocrm", SECRET + "-access", SECRET + "-refresh", "1767398400",
        Timestamp.valueOf(LocalDateTime.parse("2026-01-02T00:00:00")));
    insert(ds, old, "telegram", "not-amocrm-token", "x", "1767398400", null);
    insert(ds, old, "amocrm-2", "", "y", "1767398400", null);
    insert(ds, old, "amocrm-3", SECRET + "-a3", SECRET + "-r3", "not a time", null);

    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(Databases.newTable())
        .createTableIfMissing(true).build();
    GrantKey main = GrantKey.of("example.amocrm.ru");
    LegacyTokenImport.Builder builder = LegacyTokenImport.builder().source(ds).table(old)
        .service("amocrm", main)
        .service("amocrm-2", GrantKey.of("second.amocrm.ru"))
        .service("amocrm-3", GrantKey.of("third.amocrm.ru"));

    LegacyTokenImport.Report dry = builder.dryRun(true).build().into(store);
    assertThat(dry.imported()).containsExactly(main);
    assertThat(store.load(main)).isEmpty();

    LegacyTokenImport.Report report = builder.dryRun(false).build().into(store);
    assertThat(report.imported()).containsExactly(main);
    assertThat(report.unmappedServices()).containsExactly("telegram");
    assertThat(report.invalidRows()).hasSize(2)
        .anySatisfy(r -> assertThat(r).contains("second.amocrm.ru").contains("access_token"))
        .anySatisfy(r -> assertThat(r).contains("third.amocrm.ru").contains("expires_at"));
    assertThat(report.toString()).doesNotContain(SECRET);

    TokenRecord imported = store.load(main).orElseThrow();
    assertThat(imported.accessToken()).isEqualTo(SECRET + "-access");
    assertThat(imported.refreshToken()).isEqualTo(SECRET + "-refresh");
    assertThat(imported.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_767_398_400L));
    assertThat(imported.issuedAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(imported.accountDomain()).isEqualTo("example.amocrm.ru");
    assertThat(imported.version()).isEqualTo(1);

    // Running it again changes nothing; nor does it undo a newer pair the application wrote.
    assertThat(builder.build().into(store).keptNewer()).containsExactly(main);
    TokenRecord newer = new TokenRecord(main, SECRET + "-new", SECRET + "-new-r",
        imported.expiresAt().plus(Duration.ofDays(1)), imported.issuedAt().plus(Duration.ofDays(1)),
        main.domain(), 2);
    store.write(newer);
    assertThat(builder.build().into(store).keptNewer()).containsExactly(main);
    assertThat(store.load(main)).contains(newer);
  }

  @Test
  void readsZonelessTimestampsInTheGivenZoneOnPostgres() throws Exception {
    DataSource ds = Databases.postgresDataSource(Databases.postgres());
    String old = "tokens_" + Databases.newTable();
    Databases.execute(ds, "CREATE TABLE " + old + " (service TEXT, access_token TEXT, refresh_token TEXT,"
        + " expires_at TIMESTAMPTZ, created_at TIMESTAMP)");
    Databases.execute(ds, "INSERT INTO " + old + " VALUES ('shop.amocrm.ru', '" + SECRET + "-a', '" + SECRET
        + "-r', '2026-02-02 09:00:00+03', '2026-02-01 09:00:00')");
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(Databases.newTable())
        .createTableIfMissing(true).build();
    LegacyTokenImport.Report report = LegacyTokenImport.builder().source(ds).table(old)
        .serviceMapper(LegacyTokenImport.serviceIsDomain()).zone(ZoneId.of("Europe/Moscow"))
        .build().into(store);
    GrantKey key = GrantKey.of("shop.amocrm.ru");
    assertThat(report.imported()).containsExactly(key);
    TokenRecord r = store.load(key).orElseThrow();
    assertThat(r.expiresAt()).isEqualTo(Instant.parse("2026-02-02T06:00:00Z"));
    assertThat(r.issuedAt()).isEqualTo(Instant.parse("2026-02-01T06:00:00Z"));
  }

  @Test
  void readsTextAndMillisecondsOnSqliteAndAnEmptyRefreshTokenIsLongLived(@TempDir Path dir)
      throws Exception {
    DataSource ds = Databases.sqlite(dir.resolve("old.db"));
    Databases.execute(ds, "CREATE TABLE tokens (service TEXT, access_token TEXT, refresh_token TEXT,"
        + " expires_at TEXT, created_at INTEGER)");
    insert(ds, "tokens", "kommo", SECRET + "-long-lived", null, "2027-01-01T00:00:00Z",
        1_767_225_600_000L);
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).createTableIfMissing(true)
        .build();
    GrantKey key = GrantKey.of("x.kommo.com");
    LegacyTokenImport.builder().source(ds).service("kommo", key).build().into(store);
    TokenRecord r = store.load(key).orElseThrow();
    assertThat(r.isLongLived()).isTrue();
    assertThat(r.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(r.issuedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void importedPairWorksAndRefreshesThroughTheClient() throws Exception {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
      DataSource ds = Databases.h2("legacy-e2e");
      Databases.execute(ds, "CREATE TABLE tokens (service VARCHAR(50), access_token VARCHAR(4000),"
          + " refresh_token VARCHAR(4000), expires_at BIGINT, created_at BIGINT)");
      IssuedTokens old = amo.issueTokens();
      insert(ds, "tokens", "amo", old.accessToken(), old.refreshToken(),
          old.expiresAt().getEpochSecond(), old.issuedAt().getEpochSecond());
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).createTableIfMissing(true)
          .build();
      LegacyTokenImport.builder().source(ds).service("amo", amo.grantKey()).build().into(store);
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
          .clientId(amo.clientId()).clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri()).tokenStore(store).clock(clock).build();
      assertThat(client.account().name()).isEqualTo("Mock account");
      clock.advance(Duration.ofHours(25));
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(amo.successfulRefreshes()).isEqualTo(1);
      assertThat(amo.revokedRefreshes()).isZero();
      assertThat(store.load(amo.grantKey()).orElseThrow().version()).isEqualTo(2);
    }
  }

  @Test
  void builderNeedsASourceAndAMapping() {
    assertThatThrownBy(() -> LegacyTokenImport.builder().service("a", GrantKey.of("a.amocrm.ru"))
        .build()).isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("source");
    assertThatThrownBy(() -> LegacyTokenImport.builder().source(Databases.h2("x")).build())
        .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("service");
    assertThatThrownBy(() -> LegacyTokenImport.builder().table("tokens; drop"))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(LegacyTokenImport.serviceIsDomain().apply("amocrm")).isNull();
    assertThat(LegacyTokenImport.serviceIsDomain().apply("Shop.AmoCRM.ru"))
        .isEqualTo(GrantKey.of("shop.amocrm.ru"));
  }
}
