package io.github.farolero.amocrm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.micrometer.AmoCrmMetrics;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The metrics auto-configuration: the clients report to the app's registry, scripted flows give
 * the expected values, it is off by property or without a registry, and the app's own {@link
 * AmoCrmMetrics} wins.
 */
class MetricsConfigurationTest {

  static MockAmoCrmServer amo;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.builder().accountDomain("metrics.amocrm.ru").start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class,
          AmoCrmMetricsAutoConfiguration.class))
      .withPropertyValues("amocrm.client-id=" + amo().clientId(),
          "amocrm.client-secret=" + amo().clientSecret(),
          "amocrm.redirect-uri=" + amo().redirectUri(), "amocrm.base-url=" + amo().baseUrl(),
          "amocrm.store.order=memory", "amocrm.account-domain=" + amo().accountDomain());

  private static MockAmoCrmServer amo() {
    if (amo == null) {
      amo = MockAmoCrmServer.builder().accountDomain("metrics.amocrm.ru").start();
    }
    return amo;
  }

  @Test
  void theClientsReportToTheAppsRegistry() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(context).hasSingleBean(AmoCrmMetrics.class);
      AmoCrmClient client = context.getBean(AmoCrmClient.class);
      client.tokens().authorize(amo().issueAuthorizationCode());
      client.account();
      client.account();
      client.tokens().refresh();

      assertThat(registry.get("amocrm.requests").tag("method", "GET").tag("status", "200")
          .timer().count()).isEqualTo(2);
      assertThat(registry.get("amocrm.token.refreshes").tag("outcome", "success").counter()
          .count()).isEqualTo(1);
      assertThat(registry.get("amocrm.token.endpoint").timers().stream()
          .mapToLong(t -> t.count()).sum()).isEqualTo(2); // the code exchange and the refresh
      assertThat(registry.get("amocrm.token.access.remaining")
          .tag("grant", client.grantKey().toString()).gauge().value()).isPositive();

      amo().revokeAllTokens();
      assertThatThrownBy(client::account).isInstanceOf(ReauthorizationRequiredException.class);
      assertThat(registry.get("amocrm.token.reauthorization.required").counter().count())
          .isEqualTo(1);

      // No meter carries the secret or a token.
      IssuedTokens issued = amo().latestIssuedTokens().orElseThrow();
      for (Meter meter : registry.getMeters()) {
        for (Tag tag : meter.getId().getTags()) {
          assertThat(tag.getValue()).doesNotContain(amo().clientSecret())
              .doesNotContain(issued.accessToken())
              .doesNotContain(String.valueOf(issued.refreshToken()));
        }
      }
    });
  }

  @Test
  void metricsAreOffByPropertyOrWithoutARegistry() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("amocrm.metrics.enabled=false").run(context -> {
          assertThat(context).doesNotHaveBean(AmoCrmMetrics.class);
          context.getBean(AmoCrmClient.class).tokens().authorize(amo().issueAuthorizationCode());
          assertThat(context.getBean(MeterRegistry.class).find("amocrm.token.endpoint").timers())
              .isEmpty();
        });
    runner.run(context -> assertThat(context).doesNotHaveBean(AmoCrmMetrics.class));
  }

  @Test
  void theAppsMetricsWinAndTheClientsReportToThem() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    AmoCrmMetrics mine = AmoCrmMetrics.builder(own).build();
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(AmoCrmMetrics.class, () -> mine).run(context -> {
          assertThat(context).hasSingleBean(AmoCrmMetrics.class);
          assertThat(context.getBean(AmoCrmMetrics.class)).isSameAs(mine);
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          client.tokens().authorize(amo().issueAuthorizationCode());
          client.account();
          assertThat(own.get("amocrm.requests").timer().count()).isEqualTo(1);
          assertThat(context.getBean(MeterRegistry.class).find("amocrm.requests").timers())
              .isEmpty();
        });
  }
}
