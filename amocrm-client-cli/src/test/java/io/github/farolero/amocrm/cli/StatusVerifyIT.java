package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code verify} against the mock and real stores (file, env, H2, a
 * composite), with every exit code: 0 OK, 1 WARN, 2 CRITICAL, 3 UNKNOWN.
 */
class StatusVerifyIT {

  static MockAmoCrmServer amo;

  @TempDir Path tmp;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
    System.out.println("StatusVerifyIT: " + Cli.summary());
  }

  private Cli cli() {
    return new Cli().env(Fixtures.credentials(amo));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> reasons(Map<String, Object> grant) {
    return (List<Map<String, Object>>) grant.get("reasons");
  }

  private static List<Object> codes(Map<String, Object> grant) {
    return reasons(grant).stream().map(r -> r.get("code")).toList();
  }

  @Test
  void okOnAFileStoreWithFingerprintsOnly() {
    Path dir = tmp.resolve("tokens");
    TokenRecord r = Fixtures.issued(amo);
    FileTokenStore.of(dir).write(r);

    Cli.Result status = cli().run("status", "--json", "--store", "file:" + dir).expect(0);
    Map<String, Object> doc = status.json();
    assertThat(doc).containsEntry("command", "status").containsEntry("state", "OK")
        .containsEntry("exitCode", 0.0).containsEntry("store", "file:" + dir);
    assertThat(status.grants()).singleElement().satisfies(g -> {
      assertThat(g).containsEntry("grant", amo.accountDomain())
          .containsEntry("domain", amo.accountDomain()).containsEntry("clientId", null)
          .containsEntry("state", "OK").containsEntry("version", 1.0)
          .containsEntry("longLived", false)
          .containsEntry("accessTokenFingerprint", r.accessTokenFingerprint())
          .containsEntry("refreshTokenFingerprint", r.refreshTokenFingerprint())
          .containsEntry("refreshTokenAgeDays", 0.0)
          .containsEntry("expiresAt", r.expiresAt().toString());
      assertThat((Double) g.get("accessTokenExpiresInSeconds")).isBetween(80_000.0, 86_400.0);
    });
    assertNoTokens(status, r);

    int calls = amo.apiCalls();
    Cli.Result verify = cli().run("verify", "--json", "--store", "file:" + dir).expect(0);
    assertThat(verify.grants()).singleElement()
        .satisfies(g -> assertThat(codes(g)).contains("verified"));
    assertThat(amo.apiCalls()).isEqualTo(calls + 1);
    assertNoTokens(verify, r);

    // AMOCRM_TOKENS_STORE names the store when --store does not.
    Cli.Result text = cli().env("AMOCRM_TOKENS_STORE", "file:" + dir).run("status").expect(0);
    assertThat(text.out()).contains("status: OK").contains(amo.accountDomain())
        .contains(r.accessTokenFingerprint());
    assertNoTokens(text, r);
  }

  @Test
  void okOnTheEnvironmentSeed() {
    TokenRecord r = Fixtures.issued(amo);
    Cli cli = cli().env("AMOCRM_DOMAIN", amo.accountDomain())
        .env("AMOCRM_ACCESS_TOKEN", r.accessToken())
        .env("AMOCRM_REFRESH_TOKEN", r.refreshToken());
    Cli.Result status = cli.run("status", "--json", "--store", "env:").expect(0);
    assertThat(status.grants()).singleElement().satisfies(g -> assertThat(g)
        .containsEntry("version", 0.0)
        .containsEntry("accessTokenFingerprint", r.accessTokenFingerprint()));
    assertThat(status.json()).containsEntry("store", "env");
    Cli.Result verify = cli.run("verify", "--json", "--store", "env:").expect(0);
    assertThat(verify.grants()).singleElement()
        .satisfies(g -> assertThat(codes(g)).contains("verified"));
    assertNoTokens(status, r);
    assertNoTokens(verify, r);

    // A prefixed set, the way a second account is seeded.
    Cli.Result prefixed = cli().env("AMOCRM_SHOP_DOMAIN", "shop.amocrm.ru")
        .env("AMOCRM_SHOP_ACCESS_TOKEN", r.accessToken())
        .env("AMOCRM_SHOP_REFRESH_TOKEN", r.refreshToken())
        .run("status", "--json", "--store", "env:SHOP").expect(0);
    assertThat(prefixed.grants()).extracting(g -> g.get("grant")).containsExactly("shop.amocrm.ru");
  }

  @Test
  void okOnH2() {
    Path db = tmp.resolve("tokens-db");
    TokenRecord r = Fixtures.issued(amo);
    Fixtures.h2(db).write(r);
    String uri = Fixtures.h2Url(db);
    Cli.Result status = cli().run("status", "--json", "--store", uri).expect(0);
    assertThat(status.grants()).singleElement().satisfies(g -> assertThat(g)
        .containsEntry("state", "OK").containsEntry("version", 1.0));
    assertThat(status.json().get("store")).isEqualTo(uri + "#amocrm_tokens");
    Cli.Result verify = cli().run("verify", "--json", "--store", uri).expect(0);
    assertThat(verify.grants()).singleElement()
        .satisfies(g -> assertThat(codes(g)).contains("verified"));
  }

  @Test
  void warnForARefreshTokenAgedPastTheThreshold() {
    Path dir = tmp.resolve("aged");
    FileTokenStore.of(dir).write(Fixtures.record("old.amocrm.ru", "aged",
        Instant.now().minus(Duration.ofDays(50)), 7));
    FileTokenStore.of(dir).write(Fixtures.record("fresh.amocrm.ru", "fresh",
        Instant.now().minus(Duration.ofHours(1)), 3));
    Cli.Result r = cli().run("status", "--json", "--store", "file:" + dir).expect(1);
    assertThat(r.json()).containsEntry("state", "WARN").containsEntry("exitCode", 1.0);
    assertThat(r.grants()).extracting(g -> g.get("grant"), g -> g.get("state"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("fresh.amocrm.ru", "OK"),
            org.assertj.core.groups.Tuple.tuple("old.amocrm.ru", "WARN"));
    assertThat(codes(r.grants().get(1))).contains("refresh-token-aging");
    assertThat(r.grants().get(1)).containsEntry("refreshTokenAgeDays", 50.0);

    // Only the grant asked for.
    cli().run("status", "--store", "file:" + dir, "--grant", "fresh.amocrm.ru").expect(0);
  }

  @Test
  void criticalForARevokedGrant() {
    MockAmoCrmServer own = MockAmoCrmServer.start();
    try {
      Path dir = tmp.resolve("revoked");
      TokenRecord r = own.issueTokens().toRecord();
      FileTokenStore.of(dir).write(r);
      Cli cli = new Cli().env(Fixtures.credentials(own));
      cli.run("verify", "--store", "file:" + dir).expect(0);
      own.revokeAllTokens();
      cli.run("status", "--store", "file:" + dir).expect(0); // status calls nothing
      Cli.Result verify = cli.run("verify", "--json", "--store", "file:" + dir).expect(2);
      assertThat(verify.json()).containsEntry("state", "CRITICAL");
      assertThat(verify.grants()).singleElement().satisfies(g -> {
        assertThat(g).containsEntry("state", "CRITICAL");
        assertThat(codes(g)).contains("reauthorization-required");
        assertThat(reasons(g).toString()).contains("amocrm-tokens authorize");
      });
      assertThat(FileTokenStore.of(dir).load(r.key())).contains(r); // never deleted
    } finally {
      own.close();
    }
  }

  @Test
  void criticalForAnUnreachableLockMember() throws java.io.IOException {
    Path dir = tmp.resolve("composite");
    TokenRecord r = Fixtures.issued(amo);
    FileTokenStore.of(dir).write(r);
    String down = "jdbc:postgresql://127.0.0.1:" + CliBasicsIT.freePort() + "/app";
    Cli.Result result = cli().run("status", "--json", "--store", "file:" + dir,
        "--store", down).expect(2);
    Map<String, Object> doc = result.json();
    assertThat(doc).containsEntry("state", "CRITICAL");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) doc.get("members");
    assertThat(members).hasSize(2);
    assertThat(members.get(0)).containsEntry("reachable", true).containsEntry("lock", "HOST")
        .containsEntry("lockMember", false);
    assertThat(members.get(1)).containsEntry("reachable", false).containsEntry("lock", "CLUSTER")
        .containsEntry("lockMember", true);
    assertThat(result.grants()).singleElement().satisfies(g -> {
      assertThat(g).containsEntry("state", "CRITICAL")
          .containsEntry("accessTokenFingerprint", r.accessTokenFingerprint());
      assertThat(codes(g)).contains("lock-member-unreachable");
    });

    // A member that is down but does not provide the lock is WARN: a second file store whose
    // directory is open to others (the store refuses it) behind the first, which locks.
    Path shared = tmp.resolve("shared");
    java.nio.file.Files.createDirectories(shared);
    java.nio.file.Files.setPosixFilePermissions(shared,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Cli.Result warn = cli().run("status", "--json", "--store", "file:" + dir,
        "--store", "file:" + shared).expect(1);
    assertThat(warn.grants()).singleElement()
        .satisfies(g -> assertThat(codes(g)).contains("member-unreachable"));
  }

  @Test
  void unknownForAStoreThatCannotBeRead() {
    Path dir = tmp.resolve("sealed");
    String key = TokenCipher.generateBase64Key();
    FileTokenStore.builder().directory(dir).cipher(TokenCipher.fromBase64Key(key)).build()
        .write(Fixtures.record("sealed.amocrm.ru", "s", Instant.now(), 1));
    cli().env("AMOCRM_TOKENS_KEY", key).run("status", "--store", "file:" + dir).expect(0);

    Cli.Result wrong = cli().env("AMOCRM_TOKENS_KEY", TokenCipher.generateBase64Key())
        .run("status", "--json", "--store", "file:" + dir).expect(3);
    assertThat(wrong.grants()).singleElement().satisfies(g -> {
      assertThat(g).containsEntry("state", "UNKNOWN");
      assertThat(reasons(g).toString()).contains("wrong key");
    });
    Cli.Result noKey = cli().run("status", "--store", "file:" + dir).expect(3);
    assertThat(noKey.out()).contains("no token encryption key is configured");

    Cli.Result unsetVariable = cli().run("status", "--store", "file:" + dir,
        "--key-env", "NO_SUCH_KEY").expect(3);
    assertThat(unsetVariable.err()).contains("NO_SUCH_KEY").contains("not set");
  }

  @Test
  void criticalForAStoreThatHoldsNothing() {
    Cli.Result r = cli().run("status", "--json", "--store", "file:" + tmp.resolve("empty"))
        .expect(2);
    assertThat(r.out()).contains("no-tokens").contains("amocrm-tokens authorize");
  }

  static void assertNoTokens(Cli.Result r, TokenRecord record) {
    assertThat(r.out() + r.err()).doesNotContain(record.accessToken());
    if (record.refreshToken() != null) {
      assertThat(r.out() + r.err()).doesNotContain(record.refreshToken());
    }
  }
}
