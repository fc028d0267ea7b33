package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both stores through a whole life, failures included, every log line (at debug level) captured:
 * no token appears in a log line, an exception message or a {@code toString()}.
 */
class NoTokenInLogsTest {

  @TempDir Path tmp;

  @Test
  void noTokenReachesALogLineAnExceptionOrAToString() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        originalErr.write(b);
        captured.write(b);
      }
    }, true, StandardCharsets.UTF_8));
    Set<String> secrets = ConcurrentHashMap.newKeySet();
    List<String> said = new ArrayList<>();
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
      GrantKey key = amo.grantKey();
      Path dir = tmp.resolve("tokens");
      IssuedTokens seed = amo.issueTokens();
      secrets.add(seed.accessToken());
      secrets.add(seed.refreshToken());
      TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipher.generateBase64Key());
      FileTokenStore file = FileTokenStore.builder().directory(dir).cipher(cipher).build();
      EnvTokenStore env = EnvTokenStore.of(Map.of("AMOCRM_DOMAIN", amo.accountDomain(),
          "AMOCRM_ACCESS_TOKEN", seed.accessToken(), "AMOCRM_REFRESH_TOKEN", seed.refreshToken()));
      CompositeTokenStore both = CompositeTokenStore.of(file, env);
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
          .clientId(amo.clientId()).clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri()).tokenStore(both).clock(clock).build();
      for (int i = 0; i < 3; i++) {
        client.account();
        TokenRecord r = file.load(key).orElseThrow();
        secrets.add(r.accessToken());
        secrets.add(r.refreshToken());
        clock.set(r.expiresAt().plusSeconds(1));
      }
      client.account();
      TokenRecord current = file.load(key).orElseThrow();
      secrets.add(current.accessToken());
      secrets.add(current.refreshToken());

      // Corruption with backups (logged as errors), then without (an exception).
      Files.writeString(file.fileOf(key), "{\"sealed\":\"v1:" + current.accessToken());
      said.add(file.load(key).orElseThrow().toString());
      FileTokenStore plain = FileTokenStore.of(tmp.resolve("plain"));
      Records.ownerOnlyDirectory(plain.directory());
      Files.writeString(plain.fileOf(key), "{\"format\":1,\"domain\":\"" + key.domain()
          + "\",\"account_domain\":\"" + current.refreshToken() + "\",\"access_token\":\""
          + current.accessToken() + "\"}");
      said.add(message(() -> plain.load(key)));
      Files.writeString(plain.fileOf(key), "{\"access_token\":\"" + current.accessToken()
          + "\",\"created_at\":\"" + current.refreshToken() + "\"}");
      said.add(message(() -> plain.load(key)));
      // A legacy file (logged when read), a wrong key, a conflict, a read-only write.
      Files.writeString(plain.fileOf(key), "{\"accessToken\":\"" + current.accessToken()
          + "\",\"refreshToken\":\"" + current.refreshToken() + "\",\"expires\":1767312000}");
      said.add(plain.load(key).orElseThrow().toString());
      said.add(message(() -> FileTokenStore.builder().directory(dir)
          .cipher(TokenCipher.fromBase64Key(TokenCipher.generateBase64Key())).build().load(key)));
      said.add(message(() -> file.write(current.withVersion(1))));
      said.add(message(() -> env.write(current)));
      // Malformed env values.
      said.add(message(() -> EnvTokenStore.of(Map.of("AMOCRM_DOMAIN", current.refreshToken(),
          "AMOCRM_ACCESS_TOKEN", current.accessToken(), "AMOCRM_REFRESH_TOKEN", "x"))));
      said.add(message(() -> EnvTokenStore.of(Map.of("AMOCRM_DOMAIN", amo.accountDomain(),
          "AMOCRM_ACCESS_TOKEN", current.accessToken(), "AMOCRM_REFRESH_TOKEN", "x",
          "AMOCRM_TOKEN_EXPIRES_AT", current.refreshToken()))));
      said.add(file.toString());
      said.add(env.toString());
      said.add(both.toString());
      said.add(client.tokens().status().orElseThrow().toString());
      said.add(env.load(key).orElseThrow().toString());
      file.delete(key);
    } finally {
      System.setErr(originalErr);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("refreshed tokens of").contains("was corrupt")
        .contains("rewritten in this library's format");
    assertThat(said).hasSizeGreaterThan(10).allSatisfy(s -> assertThat(s).isNotBlank());
    for (String secret : secrets) {
      String part = secret.substring(secret.length() - 24);
      assertThat(logs).as("logs").doesNotContain(part);
      for (String s : said) {
        assertThat(s).doesNotContain(part);
      }
    }
  }

  private static String message(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      StringBuilder all = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        all.append(t).append(" | ");
      }
      return all.toString();
    }
    throw new AssertionError("expected a failure");
  }
}
