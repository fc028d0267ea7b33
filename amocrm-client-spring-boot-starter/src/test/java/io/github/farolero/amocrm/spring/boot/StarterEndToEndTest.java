package io.github.farolero.amocrm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.health.HealthReason;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot app with the starter against {@link MockAmoCrmServer}, over real HTTP: the user
 * starts at {@code /amocrm/authorize}, amoCRM sends them back to {@code /amocrm/callback} with a
 * code, the app calls the API through the client bean, and {@code /actuator/health} says UP; once
 * amoCRM revokes the grant, DOWN with {@code reauthorization-required}; {@code
 * /actuator/metrics} shows the requests, the token endpoint and the re-authorization.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    classes = StarterEndToEndTest.SyncApp.class)
@ExtendWith(OutputCaptureExtension.class)
class StarterEndToEndTest {

  static final MockAmoCrmServer AMO = MockAmoCrmServer.builder()
      .accountDomain("boot.amocrm.ru").start();

  /** The app: nothing of its own, everything from the starter. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class SyncApp {}

  @DynamicPropertySource
  static void amocrm(DynamicPropertyRegistry registry) {
    registry.add("amocrm.client-id", AMO::clientId);
    registry.add("amocrm.client-secret", AMO::clientSecret);
    registry.add("amocrm.redirect-uri", AMO::redirectUri);
    registry.add("amocrm.base-url", () -> AMO.baseUrl().toString());
    registry.add("amocrm.account-domain", AMO::accountDomain);
    registry.add("amocrm.store.order", () -> "memory");
    registry.add("amocrm.callback.enabled", () -> "true");
    registry.add("management.endpoint.health.show-details", () -> "always");
    registry.add("management.endpoints.web.exposure.include", () -> "health,metrics");
  }

  @AfterAll
  static void stopMock() {
    AMO.close();
  }

  @LocalServerPort int port;
  @Autowired AmoCrmClient client;

  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void authorizeOverHttpCallTheApiThenHealthGoesDownWhenRevoked(CapturedOutput output)
      throws Exception {
    // Before any grant: DOWN, no tokens.
    HttpResponse<String> before = get("/actuator/health");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).contains(HealthReason.NO_TOKENS);

    // The user starts here and is sent to amoCRM with a signed state.
    HttpResponse<String> start = get("/amocrm/authorize");
    assertThat(start.statusCode()).isEqualTo(302);
    HttpUrl consent = HttpUrl.get(start.headers().firstValue("Location").orElseThrow());
    assertThat(consent.queryParameter("client_id")).isEqualTo(AMO.clientId());
    String state = consent.queryParameter("state");
    assertThat(state).isNotBlank();

    // A forged state is refused before the code is spent.
    String code = AMO.issueAuthorizationCode();
    HttpResponse<String> forged = get("/amocrm/callback?code=" + q(code) + "&state=forged.x"
        + "&referer=" + q(AMO.accountDomain()));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("state does not match").doesNotContain(code);
    assertThat(AMO.codeExchanges()).isZero();

    // amoCRM sends the user back with the code, the state and the account's domain.
    HttpResponse<String> back = get("/amocrm/callback?code=" + q(code) + "&state=" + q(state)
        + "&referer=" + q(AMO.accountDomain()));
    assertThat(back.statusCode()).isEqualTo(200);
    assertThat(back.body()).isEqualTo("authorized " + AMO.accountDomain());
    assertThat(AMO.codeExchanges()).isEqualTo(1);

    // The client bean works at once.
    Account account = client.account();
    assertThat(account).isNotNull();
    assertThat(AMO.apiCalls()).isPositive();

    HttpResponse<String> up = get("/actuator/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"amocrm\":{\"status\":\"UP\"");

    // The metrics: the API call and the code exchange, on the app's registry.
    HttpResponse<String> requests = get("/actuator/metrics/amocrm.requests?tag=status:200");
    assertThat(requests.statusCode()).isEqualTo(200);
    assertThat(requests.body()).contains("{\"statistic\":\"COUNT\",\"value\":1.0}");
    HttpResponse<String> endpoint = get("/actuator/metrics/amocrm.token.endpoint");
    assertThat(endpoint.body()).contains("{\"statistic\":\"COUNT\",\"value\":1.0}");
    assertThat(get("/actuator/metrics/amocrm.token.access.remaining").body())
        .contains("\"grant\"");

    // amoCRM revokes the grant (the user uninstalled the integration): the next call finds out.
    AMO.revokeAllTokens();
    assertThatThrownBy(client::account).isInstanceOf(ReauthorizationRequiredException.class);
    HttpResponse<String> down = get("/actuator/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"amocrm\":{\"status\":\"DOWN\"")
        .contains(HealthReason.REAUTHORIZATION_REQUIRED);
    assertThat(get("/actuator/metrics/amocrm.token.reauthorization.required").body())
        .contains("{\"statistic\":\"COUNT\",\"value\":1.0}");

    // The code and the secret never reached a log line, nor the health details.
    assertThat(output.getAll()).doesNotContain(code).doesNotContain(AMO.clientSecret());
    assertThat(down.body()).doesNotContain(AMO.clientSecret());
  }
}
