package io.github.farolero.amocrm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.AmoCrmClients;
import io.github.farolero.amocrm.ReferenceData;
import io.github.farolero.amocrm.health.TokenKeeper;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Multi-account mode: the {@link AmoCrmClients} registry bean, its cache properties, a new account
 * arriving through the callback and served at once, the keep-alive over the registry, and the
 * single account's {@link ReferenceData}; each backs off to the application's own bean.
 */
class MultiAccountConfigurationTest {

  static MockAmoCrmServer amo;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.builder().accountDomain("many.amocrm.ru").start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
  }

  private WebApplicationContextRunner runner() {
    return new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class,
            AmoCrmCallbackAutoConfiguration.class))
        .withPropertyValues("amocrm.client-id=" + amo.clientId(),
            "amocrm.client-secret=" + amo.clientSecret(),
            "amocrm.redirect-uri=" + amo.redirectUri(), "amocrm.base-url=" + amo.baseUrl(),
            "amocrm.store.order=memory", "amocrm.multi-account=true",
            "amocrm.callback.enabled=true");
  }

  @Test
  void aNewAccountArrivesThroughTheCallbackAndIsServedAtOnce() {
    runner().run(context -> {
      AmoCrmClients clients = context.getBean(AmoCrmClients.class);
      assertThat(context).doesNotHaveBean(AmoCrmClient.class);
      assertThat(clients.accounts()).isEmpty();
      @SuppressWarnings("unchecked")
      RouterFunction<ServerResponse> routes =
          (RouterFunction<ServerResponse>) context.getBean("amocrmCallbackRoutes");

      ServerResponse start = handle(routes, get("/amocrm/authorize", null));
      URI location = start.headers().getLocation();
      String state = okhttp3.HttpUrl.get(location.toString()).queryParameter("state");
      MockHttpServletRequest back = new MockHttpServletRequest("GET", "/amocrm/callback");
      back.setParameter("code", amo.issueAuthorizationCode());
      back.setParameter("state", state);
      back.setParameter("referer", amo.accountDomain());
      back.setQueryString("code=" + back.getParameter("code") + "&state=" + state
          + "&referer=" + amo.accountDomain());
      ServerResponse done = handle(routes, ServerRequest.create(back, converters()));
      assertThat(done.statusCode().value()).isEqualTo(200);

      assertThat(clients.accounts()).containsExactly(GrantKey.of(amo.accountDomain()));
      assertThat(clients.client(amo.accountDomain()).account()).isNotNull();
      // The keeper refreshes through the registry's clients.
      assertThat(context.getBean(TokenKeeper.class).runOnce().failed()).isEmpty();
    });
  }

  @Test
  void accountsPropertiesShapeTheRegistrysCache() {
    runner().run(context -> {
      AmoCrmClients clients = context.getBean(AmoCrmClients.class);
      assertThat(clients.client("a.amocrm.ru")).isSameAs(clients.client("a.amocrm.ru"));
    });
    // A client idle longer than expire-after-access is dropped and made again.
    runner().withPropertyValues("amocrm.accounts.expire-after-access=1ns").run(context -> {
      AmoCrmClients clients = context.getBean(AmoCrmClients.class);
      AmoCrmClient first = clients.client("a.amocrm.ru");
      assertThat(clients.client("a.amocrm.ru")).isNotSameAs(first);
    });
    runner().withPropertyValues("amocrm.accounts.maximum-size=0").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("maximumSize < 1"));
  }

  @Test
  void theAppsRegistryWins() {
    AmoCrmClients mine = AmoCrmClients.builder(AmoCrmClient.builder().clientId("i")
        .clientSecret("s").redirectUri("https://a.example/cb")
        .tokenStore(new InMemoryTokenStore())).build();
    runner().withBean(AmoCrmClients.class, () -> mine).run(context -> {
      assertThat(context).hasSingleBean(AmoCrmClients.class);
      assertThat(context.getBean(AmoCrmClients.class)).isSameAs(mine);
    });
  }

  @Test
  void aSingleAccountGetsItsReferenceDataAndTheAppsWins() {
    WebApplicationContextRunner single = runner().withPropertyValues(
        "amocrm.multi-account=false", "amocrm.account-domain=" + amo.accountDomain());
    single.run(context -> {
      assertThat(context).hasSingleBean(ReferenceData.class).doesNotHaveBean(AmoCrmClients.class);
    });
    runner().run(context -> assertThat(context).doesNotHaveBean(ReferenceData.class));
    single.withBean("mine", ReferenceData.class,
        () -> ReferenceData.of(AmoCrmClient.builder().accountDomain("x.amocrm.ru").clientId("i")
            .clientSecret("s").redirectUri("https://a.example/cb")
            .tokenStore(new InMemoryTokenStore()).build()))
        .run(context -> assertThat(context).hasSingleBean(ReferenceData.class)
            .hasBean("mine"));
  }

  private static ServerResponse handle(RouterFunction<ServerResponse> routes,
      ServerRequest request) throws Exception {
    return routes.route(request).orElseThrow().handle(request);
  }

  private static ServerRequest get(String path, String query) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setQueryString(query);
    return ServerRequest.create(request, converters());
  }

  private static List<HttpMessageConverter<?>> converters() {
    return List.of(new StringHttpMessageConverter());
  }

}
