package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate}: round trips, idempotence, newest wins, old apps' sources, keys. */
class MigrateIT {

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @TempDir Path tmp;

  @AfterAll
  static void summary() {
    System.out.println("MigrateIT: " + Cli.summary());
  }

  /** Three grants of every kind: plain, with a client id, long-lived. */
  static List<TokenRecord> threeGrants() {
    TokenRecord longLived = new TokenRecord(GrantKey.of("private.kommo.com"),
        "long-lived-0123456789abcdef", null, NOW.plus(Duration.ofDays(300)),
        NOW.minus(Duration.ofDays(2)), "private.kommo.com", 2);
    return List.of(
        Fixtures.record("example.amocrm.ru", "a", NOW.minus(Duration.ofHours(3)), 7),
        new TokenRecord(GrantKey.of("shop.amocrm.ru", "client_2"), "access-shop-0123456789ab",
            "refresh-shop-0123456789ab", NOW.plus(Duration.ofHours(20)),
            NOW.minus(Duration.ofHours(4)), "shop.amocrm.ru", 3),
        longLived);
  }

  static List<TokenRecord> all(TokenStore store) {
    List<TokenRecord> out = new ArrayList<>();
    store.keys().stream().sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(k -> out.add(store.load(k).orElseThrow()));
    return out;
  }

  @Test
  void fileToH2ToFilePreservesEveryGrantAndASecondRunChangesNothing() {
    Path a = tmp.resolve("a");
    FileTokenStore source = FileTokenStore.of(a);
    threeGrants().forEach(source::write);
    String h2 = Fixtures.h2Url(tmp.resolve("db"));
    Path b = tmp.resolve("b");
    Cli cli = new Cli();

    Cli.Result toDb = cli.run("migrate", "--json", "--from", "file:" + a, "--to", h2).expect(0);
    assertThat(toDb.json()).containsEntry("changed", true).containsEntry("dryRun", false);
    assertThat(toDb.grants()).extracting(g -> g.get("action"))
        .containsExactly("written", "written", "written");
    Cli.Result toFile = cli.run("migrate", "--json", "--from", h2, "--to", "file:" + b)
        .expect(0);
    assertThat(toFile.grants()).hasSize(3);

    assertThat(all(FileTokenStore.of(b))).isEqualTo(all(source)).hasSize(3);
    assertThat(all(Fixtures.h2(tmp.resolve("db")))).isEqualTo(all(source));

    for (String[] run : List.of(new String[] {"file:" + a, h2}, new String[] {h2, "file:" + b})) {
      Cli.Result again = cli.run("migrate", "--json", "--from", run[0], "--to", run[1])
          .expect(0);
      assertThat(again.json()).containsEntry("changed", false);
      assertThat(again.grants()).extracting(g -> g.get("action"))
          .containsOnly("unchanged");
      assertThat((String) again.json().get("summary")).startsWith("nothing changed");
    }
    assertThat(cli.run("migrate", "--from", "file:" + a, "--to", h2).expect(0).out())
        .contains("nothing changed: 3 unchanged");
    assertThat(all(FileTokenStore.of(b))).isEqualTo(all(source));
  }

  @Test
  void neverOverwritesANewerRecordAndUpdatesAnOlderOne() {
    Path from = tmp.resolve("from");
    Path to = tmp.resolve("to");
    TokenRecord sourceA = Fixtures.record("a.amocrm.ru", "old", NOW.minus(Duration.ofHours(5)), 9);
    TokenRecord sourceB = Fixtures.record("b.amocrm.ru", "new", NOW.minus(Duration.ofHours(1)), 2);
    FileTokenStore.of(from).write(sourceA);
    FileTokenStore.of(from).write(sourceB);
    // The target's a.amocrm.ru was refreshed after the source's; its b.amocrm.ru is older.
    TokenRecord newerA = Fixtures.record("a.amocrm.ru", "refreshed",
        NOW.minus(Duration.ofHours(2)), 4);
    TokenRecord olderB = Fixtures.record("b.amocrm.ru", "stale", NOW.minus(Duration.ofDays(3)), 6);
    FileTokenStore.of(to).write(newerA);
    FileTokenStore.of(to).write(olderB);

    Cli.Result dry = new Cli().run("migrate", "--json", "--dry-run", "--from", "file:" + from,
        "--to", "file:" + to).expect(0);
    assertThat(dry.grants()).extracting(g -> g.get("action"))
        .containsExactly("kept-newer", "would update");
    assertThat(FileTokenStore.of(to).load(olderB.key())).contains(olderB);

    Cli.Result r = new Cli().run("migrate", "--json", "--from", "file:" + from,
        "--to", "file:" + to).expect(0);
    assertThat(r.grants()).extracting(g -> g.get("action")).containsExactly("kept-newer",
        "updated");
    assertThat(FileTokenStore.of(to).load(newerA.key())).contains(newerA);
    // Written above the target's version, so its compare-and-set accepted it.
    assertThat(FileTokenStore.of(to).load(sourceB.key())).contains(sourceB.withVersion(7));
  }

  @Test
  void aDryRunChangesNothingNotEvenATable() {
    Path a = tmp.resolve("a");
    threeGrants().forEach(FileTokenStore.of(a)::write);
    String h2 = Fixtures.h2Url(tmp.resolve("dry"));
    Cli.Result dry = new Cli().run("migrate", "--json", "--dry-run", "--from", "file:" + a,
        "--to", h2).expect(0);
    assertThat(dry.json()).containsEntry("dryRun", true).containsEntry("changed", false);
    assertThat(dry.grants()).extracting(g -> g.get("action")).containsOnly("would write");
    assertThat(new Cli().run("status", "--store", h2).expect(3).out())
        .containsIgnoringCase("AMOCRM_TOKENS\" not found");
  }

  @Test
  void importsTheNodeAppsTokensJson() throws Exception {
    Path node = tmp.resolve("backend/tokens.json");
    Files.createDirectories(node.getParent());
    long created = NOW.minus(Duration.ofHours(2)).getEpochSecond();
    Files.writeString(node, "{\"token_type\":\"Bearer\",\"expires_in\":86400,"
        + "\"access_token\":\"node-access-0123456789\",\"refresh_token\":\"node-refresh-0123456789\","
        + "\"created_at\":" + created + "}");
    Path to = tmp.resolve("tokens");
    Cli.Result noGrant = new Cli().run("migrate", "--from", "legacy-file:" + node,
        "--to", "file:" + to).expect(3);
    assertThat(noGrant.err()).contains("--grant example.amocrm.ru");
    assertThat(Files.exists(to)).isFalse();

    Cli.Result r = new Cli().run("migrate", "--json", "--from", "legacy-file:" + node,
        "--grant", "example.amocrm.ru", "--to", "file:" + to).expect(0);
    assertThat(r.out()).doesNotContain("node-access-0123456789");
    TokenRecord imported = FileTokenStore.of(to).load(GrantKey.of("example.amocrm.ru"))
        .orElseThrow();
    assertThat(imported).isEqualTo(new TokenRecord(GrantKey.of("example.amocrm.ru"),
        "node-access-0123456789", "node-refresh-0123456789",
        Instant.ofEpochSecond(created + 86400), Instant.ofEpochSecond(created),
        "example.amocrm.ru", 1));
    new Cli().run("migrate", "--from", "legacy-file:" + node, "--grant", "example.amocrm.ru",
        "--to", "file:" + to).expect(0);
    assertThat(FileTokenStore.of(to).load(imported.key())).contains(imported);

    // A file older than amoCRM keeps a refresh token is still copied, with a warning (exit 1).
    Path old = tmp.resolve("old/tokens.json");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "{\"access_token\":\"a-0123456789\",\"refresh_token\":\"r-0123456789\","
        + "\"created_at\":" + NOW.minus(Duration.ofDays(120)).getEpochSecond()
        + ",\"expires_in\":86400}");
    Cli.Result dead = new Cli().run("migrate", "--from", "legacy-file:" + old, "--grant",
        "old.amocrm.ru", "--to", "file:" + to).expect(1);
    assertThat(dead.out()).contains("probably dead").contains("amocrm-tokens authorize");
    assertThat(FileTokenStore.of(to).load(GrantKey.of("old.amocrm.ru"))).isPresent();
  }

  @Test
  void importsThePhpExamplesTokenFileIntoH2() throws Exception {
    Path php = tmp.resolve("token_info.json");
    long expires = NOW.plus(Duration.ofHours(20)).getEpochSecond();
    Files.writeString(php, "{\"accessToken\":\"php-access-0123456789\","
        + "\"refreshToken\":\"php-refresh-0123456789\",\"expires\":" + expires + ","
        + "\"baseDomain\":\"Example.amocrm.ru\"}");
    String h2 = Fixtures.h2Url(tmp.resolve("php-db"));
    // A file: URI that names a file, not a directory, reads the old app's file.
    new Cli().run("migrate", "--from", "file:" + php, "--to", h2).expect(0);
    TokenRecord r = Fixtures.h2(tmp.resolve("php-db")).load(GrantKey.of("example.amocrm.ru"))
        .orElseThrow();
    assertThat(r.accessToken()).isEqualTo("php-access-0123456789");
    assertThat(r.refreshToken()).isEqualTo("php-refresh-0123456789");
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(expires));
    assertThat(r.issuedAt()).isEqualTo(Instant.ofEpochSecond(expires).minus(Duration.ofHours(24)));
    assertThat(r.accountDomain()).isEqualTo("example.amocrm.ru");
    assertThat(Files.readString(php)).contains("php-access"); // the source is never changed
  }

  @Test
  void importsTheOldTokensTable() throws Exception {
    Path db = tmp.resolve("old-app");
    String url = Fixtures.h2Url(db);
    // Zone-less timestamps, read in UTC (the default of --legacy-zone).
    String yesterday = java.time.LocalDateTime.ofInstant(NOW.minus(Duration.ofDays(1)),
        java.time.ZoneOffset.UTC).withNano(0).toString().replace('T', ' ');
    String today = java.time.LocalDateTime.ofInstant(NOW.minus(Duration.ofHours(1)),
        java.time.ZoneOffset.UTC).withNano(0).toString().replace('T', ' ');
    long expires = NOW.plus(Duration.ofHours(23)).getEpochSecond();
    try (Connection c = DriverManager.getConnection(url, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE tokens (id INT AUTO_INCREMENT PRIMARY KEY, service VARCHAR(50),"
          + " access_token VARCHAR(2000), refresh_token VARCHAR(2000), expires_at VARCHAR(40),"
          + " created_at TIMESTAMP)");
      s.execute("INSERT INTO tokens (service, access_token, refresh_token, expires_at, created_at)"
          + " VALUES ('amocrm', 'old-access-0123456789', 'old-refresh-0123456789', '" + expires
          + "', TIMESTAMP '" + yesterday + "')");
      s.execute("INSERT INTO tokens (service, access_token, refresh_token, expires_at, created_at)"
          + " VALUES ('amocrm', 'live-access-0123456789', 'live-refresh-0123456789', '" + expires
          + "', TIMESTAMP '" + today + "')");
      s.execute("INSERT INTO tokens (service, access_token, refresh_token, expires_at, created_at)"
          + " VALUES ('shop.kommo.com', 'kommo-access-0123456789', '', '" + expires + "', NULL)");
      s.execute("INSERT INTO tokens (service, access_token, refresh_token, expires_at, created_at)"
          + " VALUES ('telegram', 'not-amocrm', 'x', '1767398400', NULL)");
    }
    Path to = tmp.resolve("imported");
    Cli.Result r = new Cli().run("migrate", "--json", "--from", "legacy-jdbc:" + url,
        "--legacy-service", "amocrm=example.amocrm.ru", "--to", "file:" + to).expect(0);
    assertThat(r.grants()).extracting(g -> g.get("grant"), g -> g.get("action"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("example.amocrm.ru", "written"),
            org.assertj.core.groups.Tuple.tuple("shop.kommo.com", "written"));
    assertThat(r.out()).contains("telegram").doesNotContain("live-access-0123456789");
    FileTokenStore store = FileTokenStore.of(to);
    TokenRecord live = store.load(GrantKey.of("example.amocrm.ru")).orElseThrow();
    assertThat(live.accessToken()).isEqualTo("live-access-0123456789");
    assertThat(live.issuedAt()).isEqualTo(
        java.time.LocalDateTime.parse(today.replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC));
    assertThat(store.load(GrantKey.of("shop.kommo.com")).orElseThrow().isLongLived()).isTrue();

    // An invalid row is left alone and makes the run WARN.
    try (Connection c = DriverManager.getConnection(url, new Properties());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO tokens (service, access_token, refresh_token, expires_at, created_at)"
          + " VALUES ('second.amocrm.ru', 'a-0123456789', 'r-0123456789', 'not a time', NULL)");
    }
    Cli.Result warn = new Cli().run("migrate", "--from", "legacy-jdbc:" + url,
        "--legacy-service", "amocrm=example.amocrm.ru", "--to", "file:" + to).expect(1);
    assertThat(warn.out()).contains("invalid row").contains("second.amocrm.ru")
        .contains("nothing changed");
  }

  @Test
  void plainToEncryptedAndKeyRotation() throws Exception {
    String k1 = TokenCipher.generateBase64Key();
    String k2 = TokenCipher.generateBase64Key();
    Cli cli = new Cli().env("K1", k1).env("K2", k2);
    Path plain = tmp.resolve("plain");
    threeGrants().forEach(FileTokenStore.of(plain)::write);
    List<TokenRecord> expected = all(FileTokenStore.of(plain));

    // Plain -> encrypted, into a new directory.
    Path sealed = tmp.resolve("sealed");
    cli.run("migrate", "--from", "file:" + plain, "--to", "file:" + sealed, "--to-key-env", "K1")
        .expect(0);
    try (Stream<Path> files = Files.list(sealed)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        assertThat(Files.readString(f)).contains("\"sealed\"").doesNotContain("access-");
      }
    }
    assertThat(all(FileTokenStore.builder().directory(sealed)
        .cipher(TokenCipher.fromBase64Key(k1)).build())).isEqualTo(expected);

    // A wrong source key: exit 3, the target untouched (not even created).
    Path nowhere = tmp.resolve("nowhere");
    Cli.Result wrong = cli.run("migrate", "--from", "file:" + sealed, "--from-key-env", "K2",
        "--to", "file:" + nowhere).expect(3);
    assertThat(wrong.err()).contains("wrong key").contains("--from-key-env");
    assertThat(Files.exists(nowhere)).isFalse();

    // Sealing a directory in place; a second run changes nothing.
    Cli.Result inPlace = cli.run("migrate", "--json", "--from", "file:" + plain,
        "--from-key-env", "none", "--to", "file:" + plain, "--to-key-env", "K1").expect(0);
    assertThat(inPlace.grants()).extracting(g -> g.get("action")).containsOnly("re-encrypted");
    Cli.Result inPlaceAgain = cli.run("migrate", "--json", "--from", "file:" + plain,
        "--from-key-env", "none", "--to", "file:" + plain, "--to-key-env", "K1").expect(0);
    assertThat(inPlaceAgain.json()).containsEntry("changed", false);
    // Another key over files sealed in place cannot be done in place: refused, nothing changed.
    Cli.Result rotateFiles = cli.run("migrate", "--from", "file:" + plain, "--from-key-env", "K1",
        "--to", "file:" + plain, "--to-key-env", "K2").expect(3);
    assertThat(rotateFiles.err()).contains("new directory");
    cli.run("status", "--store", "file:" + plain, "--key-env", "K1").expect(0);

    // Key rotation in place on a database: K1 -> K2, then idempotent.
    String h2 = Fixtures.h2Url(tmp.resolve("rotate"));
    cli.run("migrate", "--from", "file:" + sealed, "--from-key-env", "K1", "--to", h2,
        "--to-key-env", "K1").expect(0);
    Cli.Result rotate = cli.run("migrate", "--json", "--from", h2, "--from-key-env", "K1",
        "--to", h2, "--to-key-env", "K2").expect(0);
    assertThat(rotate.grants()).extracting(g -> g.get("action")).containsOnly("re-encrypted");
    Cli.Result rotateAgain = cli.run("migrate", "--json", "--from", h2, "--from-key-env", "K1",
        "--to", h2, "--to-key-env", "K2").expect(0);
    assertThat(rotateAgain.json()).containsEntry("changed", false);
    cli.run("status", "--store", h2, "--key-env", "K2").expect(0);
    cli.run("status", "--store", h2, "--key-env", "K1").expect(3);
    JdbcTokenStore rotated = JdbcTokenStore.builder()
        .dataSource(new DriverDataSource(h2, new Properties(), h2))
        .cipher(TokenCipher.fromBase64Key(k2)).build();
    List<TokenRecord> back = all(rotated);
    assertThat(back).extracting(TokenRecord::key).isEqualTo(expected.stream()
        .map(TokenRecord::key).toList());
    for (int i = 0; i < back.size(); i++) {
      assertThat(back.get(i).sameTokens(expected.get(i))).isTrue();
    }
  }

  @Test
  void intoSqlite() {
    Path a = tmp.resolve("a");
    threeGrants().forEach(FileTokenStore.of(a)::write);
    String sqlite = "jdbc:sqlite:" + tmp.resolve("tokens.sqlite");
    Cli.Result r = new Cli().run("migrate", "--json", "--from", "file:" + a, "--to", sqlite)
        .expect(0);
    assertThat(r.json()).containsEntry("to", sqlite + "#amocrm_tokens");
    Cli.Result status = new Cli().run("status", "--json", "--store", sqlite);
    assertThat(status.grants()).hasSize(3);
    Map<String, Object> first = status.grants().get(0);
    assertThat(first).containsEntry("grant", "example.amocrm.ru").containsEntry("version", 7.0);
  }
}
