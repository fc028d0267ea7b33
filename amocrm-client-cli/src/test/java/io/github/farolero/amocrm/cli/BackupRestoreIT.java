package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup} and {@code restore}: the bundle, stale refusals, bad bundles and keys. */
class BackupRestoreIT {

  static MockAmoCrmServer amo;
  static final String BACKUP_KEY = TokenCipher.generateBase64Key();

  @TempDir Path tmp;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
    System.out.println("BackupRestoreIT: " + Cli.summary());
  }

  private Cli cli() {
    return new Cli().env(Fixtures.credentials(amo)).env("BK", BACKUP_KEY);
  }

  @Test
  void aBackupOlderThanTheLastRefreshIsRefusedUnlessForced() throws IOException {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    TokenRecord backedUp = Fixtures.issued(amo);
    store.write(backedUp);
    TokenRecord other = Fixtures.record("other.amocrm.ru", "o", java.time.Instant.now(), 3);
    store.write(other);

    Cli.Result backup = cli().run("backup", "--json", "--from", "file:" + dir,
        "--to", tmp.resolve("backups") + "/", "--key-env", "BK").expect(0);
    Path bundle = Path.of((String) backup.json().get("file"));
    assertThat(bundle.getFileName().toString()).matches("amocrm-tokens-\\d{8}T\\d{9}Z\\.bundle");
    assertThat(Files.getPosixFilePermissions(bundle))
        .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions
            .fromString("rw-------"));
    String text = Files.readString(bundle);
    assertThat(text).doesNotContain(backedUp.accessToken()).doesNotContain(backedUp.refreshToken())
        .doesNotContain(other.accessToken());
    // The manifest is readable without the key.
    @SuppressWarnings("unchecked")
    Map<String, Object> manifest = (Map<String, Object>) new Cli.Result(0, text, "", List.of())
        .json().get("manifest");
    assertThat(manifest.toString()).contains(backedUp.accessTokenFingerprint())
        .contains(backedUp.refreshTokenFingerprint()).contains("other.amocrm.ru");

    Cli.Result refresh = cli().run("refresh", "--store", "file:" + dir, "--grant",
        amo.accountDomain()).expect(0);
    TokenRecord refreshed = store.load(amo.grantKey()).orElseThrow();
    assertThat(refreshed.version()).isEqualTo(2);
    Map<String, String> before = snapshot(dir);

    Cli.Result refused = cli().run("restore", "--json", "--from", bundle.toString(),
        "--to", "file:" + dir, "--key-env", "BK").expect(2);
    assertThat(refused.err()).contains("refused " + amo.accountDomain())
        .contains("dead refresh token").contains("amocrm-tokens authorize --grant "
            + amo.accountDomain());
    assertThat(refused.json()).containsEntry("refused", true).containsEntry("changed", false);
    assertThat(refused.grants()).extracting(g -> g.get("grant"), g -> g.get("stale"),
        g -> g.get("action")).containsExactly(
            org.assertj.core.groups.Tuple.tuple(amo.accountDomain(), true, "stale"),
            org.assertj.core.groups.Tuple.tuple("other.amocrm.ru", false, "unchanged"));
    assertThat(snapshot(dir)).as("nothing written").isEqualTo(before);

    // Without the key a dry run judges from the manifest alone, and says the same.
    Cli.Result dry = cli().run("restore", "--dry-run", "--from", bundle.toString(),
        "--to", "file:" + dir).expect(2);
    assertThat(dry.out()).contains("manifest only");
    assertThat(dry.err()).contains("refused " + amo.accountDomain());

    Cli.Result forced = cli().run("restore", "--json", "--force", "--from", bundle.toString(),
        "--to", "file:" + dir, "--key-env", "BK").expect(1);
    assertThat(forced.err()).contains("warning").contains("over a newer record (--force)")
        .contains("amocrm-tokens authorize");
    assertThat(forced.grants()).extracting(g -> g.get("action"))
        .containsExactly("forced", "unchanged");
    TokenRecord now = store.load(amo.grantKey()).orElseThrow();
    assertThat(now.sameTokens(backedUp)).isTrue();
    assertThat(now.version()).isEqualTo(3); // above the newer record's, so the store took it
  }

  @Test
  void restoresIntoAnEmptyDatabaseOnceAndThenChangesNothing() {
    Path dir = tmp.resolve("src");
    List<TokenRecord> records = MigrateIT.threeGrants();
    records.forEach(FileTokenStore.of(dir)::write);
    Path bundle = tmp.resolve("one.bundle");
    cli().env("PASS", "correct horse battery staple").run("backup", "--from", "file:" + dir,
        "--to", bundle.toString(), "--passphrase-env", "PASS").expect(0);
    String h2 = Fixtures.h2Url(tmp.resolve("restored"));

    Cli.Result r = cli().env("PASS", "correct horse battery staple").run("restore", "--json",
        "--from", bundle.toString(), "--to", h2, "--passphrase-env", "PASS").expect(0);
    assertThat(r.grants()).extracting(g -> g.get("action")).containsOnly("written");
    assertThat(MigrateIT.all(Fixtures.h2(tmp.resolve("restored")))).isEqualTo(MigrateIT.all(
        FileTokenStore.of(dir)));
    Cli.Result again = cli().env("PASS", "correct horse battery staple").run("restore", "--json",
        "--from", bundle.toString(), "--to", h2, "--passphrase-env", "PASS").expect(0);
    assertThat(again.json()).containsEntry("changed", false);

    Cli.Result wrong = cli().env("PASS", "Tr0ub4dor&3").run("restore", "--from",
        bundle.toString(), "--to", h2, "--passphrase-env", "PASS").expect(3);
    assertThat(wrong.err()).contains("wrong passphrase");
    Cli.Result keyInstead = cli().run("restore", "--from", bundle.toString(), "--to", h2,
        "--key-env", "BK").expect(3);
    assertThat(keyInstead.err()).contains("sealed with a passphrase");

    Cli.Result one = cli().env("PASS", "correct horse battery staple").run("restore", "--json",
        "--from", bundle.toString(), "--to", "file:" + tmp.resolve("one"), "--passphrase-env",
        "PASS", "--grant", "private.kommo.com").expect(0);
    assertThat(one.grants()).extracting(g -> g.get("grant")).containsExactly("private.kommo.com");
    cli().env("PASS", "correct horse battery staple").run("restore", "--from", bundle.toString(),
        "--to", "file:" + tmp.resolve("one"), "--passphrase-env", "PASS", "--grant",
        "missing.amocrm.ru").expect(3);
  }

  @Test
  void corruptBundlesAndWrongKeysFailCleanlyAndChangeNothing() throws IOException {
    Path dir = tmp.resolve("src");
    MigrateIT.threeGrants().forEach(FileTokenStore.of(dir)::write);
    Path bundle = tmp.resolve("good.bundle");
    cli().run("backup", "--from", "file:" + dir, "--to", bundle.toString(), "--key-env", "BK")
        .expect(0);
    Path target = tmp.resolve("target");
    FileTokenStore.of(target).write(Fixtures.record("example.amocrm.ru", "t",
        java.time.Instant.now().minus(Duration.ofDays(9)), 1));
    Map<String, String> before = snapshot(target);
    String good = Files.readString(bundle);

    Map<String, String> broken = new TreeMap<>();
    broken.put("truncated", good.substring(0, good.length() / 2));
    broken.put("empty", "");
    broken.put("not json", "PK\u0003\u0004 binary");
    // A character of the ciphertext changed: authentication fails.
    int at = good.indexOf("\"sealed\": \"") + 20;
    char c = good.charAt(at);
    broken.put("ciphertext changed", good.substring(0, at) + (c == 'A' ? 'B' : 'A')
        + good.substring(at + 1));
    // The manifest changed (a version): it is associated data, so this fails too.
    broken.put("manifest changed", good.replaceFirst("\"version\": 7", "\"version\": 8"));
    broken.put("newer format", good.replace("\"formatVersion\": 1", "\"formatVersion\": 2"));
    for (Map.Entry<String, String> e : broken.entrySet()) {
      Path f = tmp.resolve(e.getKey().replace(' ', '-') + ".bundle");
      Files.writeString(f, e.getValue());
      Cli.Result r = cli().run("restore", "--from", f.toString(), "--to", "file:" + target,
          "--key-env", "BK").expect(3);
      assertThat(r.err().strip()).as(e.getKey()).doesNotContain("\n").isNotEmpty();
      assertThat(r.out() + r.err()).doesNotContain("access-a-0123456789abcdef");
      assertThat(snapshot(target)).as(e.getKey()).isEqualTo(before);
    }
    assertThat(good).contains("\"version\": 7");

    String otherKey = TokenCipher.generateBase64Key();
    Cli.Result wrongKey = cli().env("BK", otherKey).run("restore", "--from", bundle.toString(),
        "--to", "file:" + target, "--key-env", "BK").expect(3);
    assertThat(wrongKey.err()).contains("was sealed with key "
        + TokenCipher.fromBase64Key(BACKUP_KEY).keyFingerprint())
        .contains(TokenCipher.fromBase64Key(otherKey).keyFingerprint());
    cli().run("restore", "--from", tmp.resolve("nope.bundle").toString(), "--to",
        "file:" + target, "--key-env", "BK").expect(3);
    assertThat(snapshot(target)).isEqualTo(before);
  }

  @Test
  void keepsTheNewestBundlesAndNeverBacksUpAnEmptyStore() throws Exception {
    Path dir = tmp.resolve("src");
    FileTokenStore.of(dir).write(Fixtures.record("example.amocrm.ru", "k",
        java.time.Instant.now(), 1));
    Path backups = tmp.resolve("backups");
    for (int i = 0; i < 3; i++) {
      cli().run("backup", "--from", "file:" + dir, "--to", backups + "/", "--key-env", "BK",
          "--keep", "2").expect(0);
    }
    List<String> names;
    try (Stream<Path> s = Files.list(backups)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names).hasSize(2).allMatch(n -> n.startsWith("amocrm-tokens-"));

    Cli.Result empty = cli().run("backup", "--from", "file:" + tmp.resolve("empty"),
        "--to", backups + "/", "--key-env", "BK", "--keep", "1").expect(3);
    assertThat(empty.err()).contains("nothing to back up");
    try (Stream<Path> s = Files.list(backups)) {
      assertThat(s.count()).as("no bundle written, none removed").isEqualTo(2);
    }
    cli().run("backup", "--from", "file:" + dir, "--to", tmp.resolve("f.bundle").toString(),
        "--key-env", "BK", "--keep", "2").expect(3); // --keep needs a directory
  }

  /** Every file of a directory and its content: "nothing changed" made checkable. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }
}
