package io.github.farolero.amocrm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.health.HealthReason;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** The health indicator and the OAuth endpoints: their properties and their back-off. */
class HealthAndCallbackConfigurationTest {

  static MockAmoCrmServer amo;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.builder().accountDomain("health.amocrm.ru").start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
  }

  private static String[] props() {
    return new String[] {
        "amocrm.client-id=" + amo.clientId(), "amocrm.client-secret=" + amo.clientSecret(),
        "amocrm.redirect-uri=" + amo.redirectUri(), "amocrm.base-url=" + amo.baseUrl(),
        "amocrm.store.order=memory", "amocrm.account-domain=" + amo.accountDomain()};
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class,
          AmoCrmHealthAutoConfiguration.class, AmoCrmCallbackAutoConfiguration.class))
      .withPropertyValues(props());

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class,
          AmoCrmCallbackAutoConfiguration.class))
      .withPropertyValues(props());

  @Test
  void healthIsUpWhileTheGrantWorksAndDownWithTheReasonOnceRevoked() {
    runner.run(context -> {
      HealthIndicator health = context.getBean("amocrmHealthIndicator", HealthIndicator.class);
      Health none = health.health();
      assertThat(none.getStatus()).isEqualTo(Status.DOWN);
      assertThat(codes(none)).contains(HealthReason.NO_TOKENS);

      AmoCrmClient client = context.getBean(AmoCrmClient.class);
      client.tokens().authorize(amo.issueAuthorizationCode());
      Health up = health.health();
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails()).containsEntry("state", "OK")
          .containsEntry("grant", client.grantKey().toString());

      amo.revokeAllTokens();
      assertThatThrownBy(client::account).isInstanceOf(ReauthorizationRequiredException.class);
      Health down = health.health();
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(codes(down)).contains(HealthReason.REAUTHORIZATION_REQUIRED);
      assertThat(down.toString()).doesNotContain(amo.clientSecret());
    });
  }

  @Test
  void withoutASingleClientHealthCoversEveryGrantOfTheStore() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class,
            AmoCrmHealthAutoConfiguration.class))
        .withPropertyValues("amocrm.multi-account=true", "amocrm.store.order=memory",
            "amocrm.client-id=i", "amocrm.client-secret=s", "amocrm.redirect-uri=https://a.example/cb")
        .run(context -> {
          Health h = context.getBean("amocrmHealthIndicator", HealthIndicator.class).health();
          assertThat(h.getDetails()).containsKeys("store", "grants");
          assertThat((List<?>) h.getDetails().get("grants")).isEmpty();
        });
  }

  @Test
  void healthCanBeTurnedOffAndTheAppsIndicatorWins() {
    runner.withPropertyValues("management.health.amocrm.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("amocrmHealthIndicator"));
    HealthIndicator mine = () -> Health.outOfService().build();
    runner.withBean("amocrmHealthIndicator", HealthIndicator.class, () -> mine)
        .run(context -> {
          assertThat(context).hasSingleBean(HealthIndicator.class);
          assertThat(context.getBean("amocrmHealthIndicator")).isSameAs(mine);
        });
  }

  @Test
  void callbackIsServedOnlyWhenEnabledInAServletApp() {
    web.run(context -> assertThat(context).doesNotHaveBean("amocrmCallbackRoutes"));
    web.withPropertyValues("amocrm.callback.enabled=true")
        .run(context -> assertThat(context).hasBean("amocrmCallbackRoutes"));
    runner.withPropertyValues("amocrm.callback.enabled=true")
        .run(context -> assertThat(context).doesNotHaveBean("amocrmCallbackRoutes"));
  }

  @Test
  void callbackPathsComeFromTheProperties() {
    web.withPropertyValues("amocrm.callback.enabled=true", "amocrm.callback.path=/hooks/amo",
        "amocrm.callback.authorize-path=/connect/amo").run(context -> {
          RouterFunction<ServerResponse> routes = routes(context.getBean("amocrmCallbackRoutes"));
          assertThat(routes.route(get("/hooks/amo"))).isPresent();
          assertThat(routes.route(get("/connect/amo"))).isPresent();
          assertThat(routes.route(get("/amocrm/callback"))).isEmpty();
          assertThat(routes.route(get("/amocrm/authorize"))).isEmpty();
        });
    web.withPropertyValues("amocrm.callback.enabled=true").run(context -> {
      RouterFunction<ServerResponse> routes = routes(context.getBean("amocrmCallbackRoutes"));
      assertThat(routes.route(get("/amocrm/callback"))).isPresent();
      assertThat(routes.route(get("/amocrm/authorize"))).isPresent();
    });
  }

  @Test
  void stateTtlReachesTheStateCheck() {
    web.withPropertyValues("amocrm.callback.enabled=true", "amocrm.callback.state-ttl=0s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("amocrm.callback.state-ttl must be positive"));
    web.withPropertyValues("amocrm.callback.enabled=true", "amocrm.callback.state-ttl=5m")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void theAppsCallbackRoutesWin() {
    RouterFunction<ServerResponse> mine = request -> java.util.Optional.empty();
    web.withPropertyValues("amocrm.callback.enabled=true")
        .withBean("amocrmCallbackRoutes", RouterFunction.class, () -> mine)
        .run(context -> assertThat(context.getBean("amocrmCallbackRoutes")).isSameAs(mine));
  }

  @SuppressWarnings("unchecked")
  private static RouterFunction<ServerResponse> routes(Object bean) {
    return (RouterFunction<ServerResponse>) bean;
  }

  private static ServerRequest get(String path) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    List<HttpMessageConverter<?>> converters = List.of(new StringHttpMessageConverter());
    return ServerRequest.create(request, converters);
  }

  @SuppressWarnings("unchecked")
  private static List<String> codes(Health health) {
    return ((List<Map<String, String>>) health.getDetails().get("reasons")).stream()
        .map(r -> r.get("code")).toList();
  }
}
