package io.github.farolero.amocrm.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs the example app briefly against the mock: authorized over HTTP, 25 leads synced, UP. */
class SpringBootSyncAppTest {

  @TempDir Path tokens;

  @Test
  void theDemoAuthorizesSyncsEveryLeadAndIsHealthy() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start();
         ConfigurableApplicationContext app = SpringBootSyncApp.runDemo(amo,
             "--amocrm.store.file.directory=" + tokens.resolve("t"), "--server.port=0")) {
      assertThat(amo.codeExchanges()).isEqualTo(1);
      assertThat(app.getBean(LeadSync.class).syncOnce()).isEqualTo(25);
      // The grant was saved in the file store application.yml names, encrypted or not.
      TokenStore store = app.getBean(TokenStore.class);
      AmoCrmClient client = app.getBean(AmoCrmClient.class);
      assertThat(store.load(client.grantKey())).isPresent();
      assertThat(FileTokenStore.of(tokens.resolve("t")).keys()).contains(client.grantKey());
      assertThat(SpringBootSyncApp.get(app, "/actuator/health").body())
          .contains("\"amocrm\":{\"status\":\"UP\"");
      // Every page of leads was counted: one request per page, all answered 200.
      assertThat(SpringBootSyncApp.get(app, "/actuator/metrics/amocrm.requests?tag=status:200")
          .body()).contains("\"statistic\":\"COUNT\"");
    }
  }
}
