package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code authorize}: the pasted redirect, a code, a long-lived token; into file and H2. */
class AuthorizeIT {

  static MockAmoCrmServer amo;

  @TempDir Path tmp;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
    System.out.println("AuthorizeIT: " + Cli.summary());
  }

  private Cli cli() {
    return new Cli().env(Fixtures.credentials(amo));
  }

  /** Runs authorize, reads the consent URL it prints, and pastes back what {@code redirect} makes. */
  private Cli.Result paste(Path dir, java.util.function.Function<HttpUrl, String> redirect)
      throws Exception {
    Process p = cli().start("authorize", "--store", "file:" + dir);
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
          return e.toString();
        }
      });
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(60, TimeUnit.SECONDS);
      HttpUrl consent = HttpUrl.get(first);
      try (OutputStream in = p.getOutputStream()) {
        in.write((redirect.apply(consent) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      StringBuilder rest = new StringBuilder(first).append('\n');
      for (String line; (line = out.readLine()) != null; ) {
        rest.append(line).append('\n');
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Cli.Result(p.exitValue(), rest.toString(), err.get(10, TimeUnit.SECONDS),
          java.util.List.of("authorize"));
    } finally {
      p.toHandle().destroyForcibly();
    }
  }

  @Test
  void printsTheConsentUrlThenTakesThePastedRedirect() throws Exception {
    Path dir = tmp.resolve("tokens");
    int exchanges = amo.codeExchanges();
    String[] code = new String[1];
    Cli.Result r = paste(dir, consent -> {
      assertThat(consent.host()).isEqualTo("www.amocrm.ru");
      assertThat(consent.queryParameter("client_id")).isEqualTo(amo.clientId());
      assertThat(consent.queryParameter("mode")).isEqualTo("popup");
      assertThat(consent.queryParameter("state")).hasSizeGreaterThanOrEqualTo(32);
      code[0] = amo.issueAuthorizationCode();
      return amo.redirectUri() + "?code=" + code[0] + "&referer=" + amo.accountDomain()
          + "&state=" + consent.queryParameter("state") + "&from_widget=0";
    }).expect(0);
    assertThat(r.out()).contains("authorized " + amo.accountDomain());
    assertThat(r.err()).contains("Open this URL").contains("paste");
    assertThat(r.out() + r.err()).doesNotContain(code[0]);
    assertThat(amo.codeExchanges()).isEqualTo(exchanges + 1);
    TokenRecord saved = FileTokenStore.of(dir).load(amo.grantKey()).orElseThrow();
    assertThat(saved.accessToken()).isEqualTo(amo.latestIssuedTokens().orElseThrow().accessToken());
    cli().run("verify", "--store", "file:" + dir).expect(0);
  }

  @Test
  void refusesARedirectWithAnotherState() throws Exception {
    Path dir = tmp.resolve("csrf");
    Cli.Result r = paste(dir, consent -> amo.redirectUri() + "?code="
        + amo.issueAuthorizationCode() + "&referer=" + amo.accountDomain() + "&state=forged")
        .expect(3);
    assertThat(r.err()).contains("state does not match");
    assertThat(FileTokenStore.of(dir).keys()).isEmpty();

    Cli.Result garbage = paste(dir, consent -> "not a url").expect(3);
    assertThat(garbage.err()).contains("not a URL");
  }

  @Test
  void exchangesACodeGivenAsAnOption() {
    Path dir = tmp.resolve("code");
    String code = amo.issueAuthorizationCode();
    cli().run("authorize", "--store", "file:" + dir, "--grant", amo.accountDomain(),
        "--code", code).expect(0);
    assertThat(FileTokenStore.of(dir).load(amo.grantKey())).isPresent();

    // A used code: amoCRM refuses it (exit 2); the stored grant is untouched.
    TokenRecord before = FileTokenStore.of(dir).load(amo.grantKey()).orElseThrow();
    Cli.Result again = cli().run("authorize", "--store", "file:" + dir,
        "--grant", amo.accountDomain(), "--code", code).expect(2);
    assertThat(again.err()).contains("amoCRM refused");
    assertThat(FileTokenStore.of(dir).load(amo.grantKey())).contains(before);

    Cli.Result noGrant = cli().run("authorize", "--store", "file:" + dir, "--code", "x")
        .expect(3);
    assertThat(noGrant.err()).contains("--grant");
    Cli.Result noCredentials = new Cli().run("authorize", "--store", "file:" + dir,
        "--grant", amo.accountDomain(), "--code", "x").expect(3);
    assertThat(noCredentials.err()).contains("AMOCRM_CLIENT_ID").contains("AMOCRM_CLIENT_SECRET");
  }

  @Test
  void storesALongLivedTokenAndVerifiesItWithoutCredentials() {
    Path dir = tmp.resolve("long-lived");
    String token = amo.issueLongLivedToken(Duration.ofDays(365)).accessToken();
    Cli base = new Cli().env("AMOCRM_BASE_URL", amo.baseUrl().toString());
    Cli.Result r = base.env("LL", token).run("authorize", "--store", "file:" + dir,
        "--grant", amo.accountDomain(), "--long-lived-env", "LL").expect(0);
    assertThat(r.out()).contains("long-lived token").doesNotContain(token);
    Cli.Result status = base.run("status", "--json", "--store", "file:" + dir).expect(0);
    assertThat(status.grants()).singleElement()
        .satisfies(g -> assertThat(g).containsEntry("longLived", true)
            .containsEntry("refreshTokenFingerprint", "none"));
    base.run("verify", "--store", "file:" + dir).expect(0);
    Cli.Result refresh = base.run("refresh", "--json", "--store", "file:" + dir, "--all")
        .expect(0);
    assertThat(refresh.grants()).singleElement()
        .satisfies(g -> assertThat(g).containsEntry("outcome", "skipped"));
  }

  @Test
  void authorizesIntoANewH2Table() {
    Path db = tmp.resolve("h2");
    cli().run("authorize", "--store", Fixtures.h2Url(db), "--grant",
        amo.accountDomain(), "--code", amo.issueAuthorizationCode()).expect(0);
    Cli.Result status = cli().run("status", "--json", "--store", Fixtures.h2Url(db)).expect(0);
    assertThat(status.grants()).extracting(g -> g.get("grant"))
        .containsExactly(GrantKey.of(amo.accountDomain()).id());
  }
}
