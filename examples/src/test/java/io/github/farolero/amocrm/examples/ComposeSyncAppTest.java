package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ComposeSyncApp in this process: what it says when a variable is missing, and the runbook's
 * first start without a seed — the pass asks for re-authorization, the app keeps running, and
 * once a person authorized through another process over the same stores (as
 * {@code amocrm-tokens authorize} does) the next pass works without a restart.
 */
class ComposeSyncAppTest {

  @TempDir Path tmp;

  @Test
  void aMissingVariableIsNamedWithEveryOtherMissingOneAndNoValueIsRepeated() {
    assertThatThrownBy(() -> ComposeSyncApp.Settings.from(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("set " + String.join(", ", ComposeSyncApp.REQUIRED)
            + " (see deploy/app.env.example)");

    Map<String, String> env = new HashMap<>();
    ComposeSyncApp.REQUIRED.forEach(k -> env.put(k, "value-of-" + k));
    env.put("SYNC_INTERVAL", "five minutes");
    assertThatThrownBy(() -> ComposeSyncApp.Settings.from(env))
        .hasMessage("SYNC_INTERVAL is not an ISO-8601 duration such as PT5M");
    env.put("SYNC_INTERVAL", "PT30S");
    ComposeSyncApp.Settings settings = ComposeSyncApp.Settings.from(env);
    assertThat(settings.toString()).doesNotContain("value-of-AMOCRM_DB_PASSWORD")
        .doesNotContain("value-of-AMOCRM_DB_URL");
  }

  @Test
  void withoutTokensThePassAsksForAuthorizationAndTheNextPassUsesWhatAPersonAuthorized() {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      amo.seedLeads(30);
      Map<String, String> env = new HashMap<>();
      env.put("AMOCRM_DOMAIN", amo.accountDomain());
      env.put("AMOCRM_CLIENT_ID", amo.clientId());
      env.put("AMOCRM_CLIENT_SECRET", amo.clientSecret());
      env.put("AMOCRM_REDIRECT_URI", amo.redirectUri());
      env.put("AMOCRM_BASE_URL", amo.baseUrl().toString());
      env.put("TOKENS_PATH", tmp.resolve("tokens").toString());
      env.put("AMOCRM_TOKENS_KEY", TokenCipher.generateBase64Key());
      env.put("AMOCRM_DB_URL", "jdbc:h2:mem:compose-sync");
      env.put("AMOCRM_DB_USER", "sa");
      env.put("AMOCRM_DB_PASSWORD", "unused");
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:compose-sync;DB_CLOSE_DELAY=-1");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

      try (ComposeSyncApp app = new ComposeSyncApp(env, h2, out)) {
        app.pass(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
            .contains("compose-sync: pass 1: RE-AUTHORIZATION REQUIRED: no tokens are stored"
                + " for " + amo.grantKey())
            .contains("amocrm-tokens authorize");

        // A person authorizes from another process over the same stores (the CLI's way).
        AmoCrmClient person = AmoCrmClient.builder().fromEnvironment(env)
            .tokenStore(ComposeSyncApp.tokenStore(env, ComposeSyncApp.Settings.from(env), h2))
            .build();
        person.tokens().authorize(amo.issueAuthorizationCode());

        app.pass(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
            .contains("compose-sync: pass 2: account ")
            .contains("30 leads in all");
      }
      assertThat(amo.codeExchanges()).isEqualTo(1);
      assertThat(amo.refreshCalls()).isZero();
    }
  }
}
