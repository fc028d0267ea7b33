package io.github.farolero.amocrm.examples.boot;

import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot sync app wired by amocrm-client-spring-boot-starter, run against the testkit's
 * mock amoCRM: the starter makes the client, the token store, the keep-alive scheduler, the OAuth
 * endpoints, the health indicator and the Micrometer metrics from {@code application.yml}; the
 * app's own code is {@link
 * LeadSync}.
 *
 * <p>Run: {@code mvn -B -pl examples-spring-boot -am -DskipTests package exec:java}. With no
 * {@code AMOCRM_CLIENT_ID} in the environment it starts a mock amoCRM with 25 leads, plays the
 * user who authorizes the integration (through {@code /amocrm/authorize} and {@code
 * /amocrm/callback}), syncs once, prints {@code /actuator/health} and stops. Against a real account
 * set {@code AMOCRM_CLIENT_ID}, {@code AMOCRM_CLIENT_SECRET}, {@code AMOCRM_REDIRECT_URI}, {@code
 * AMOCRM_ACCOUNT_DOMAIN} (Spring reads them as {@code amocrm.*}) and open {@code
 * /amocrm/authorize} in a browser.
 */
@SpringBootApplication
public class SpringBootSyncApp {

  /** Made by Spring. */
  public SpringBootSyncApp() {}

  /**
   * Runs the demo (or the app against a real account, see the class comment).
   *
   * @param args Spring Boot's arguments, such as {@code --server.port=8081}
   * @throws Exception if the demo fails
   */
  public static void main(String[] args) throws Exception {
    if (System.getenv("AMOCRM_CLIENT_ID") != null) {
      SpringApplication.run(SpringBootSyncApp.class, args);
      return;
    }
    try (MockAmoCrmServer amo = MockAmoCrmServer.start();
         ConfigurableApplicationContext app = runDemo(amo, args)) {
      System.out.println("health: " + get(app, "/actuator/health").body());
      System.out.println("metrics: " + get(app, "/actuator/metrics/amocrm.requests").body());
    }
  }

  /**
   * Starts the app against a mock amoCRM, authorizes it as a user would, and syncs once.
   *
   * @param amo the mock amoCRM
   * @param args Spring Boot's arguments
   * @return the running app; the caller closes it
   * @throws Exception if a step fails
   */
  public static ConfigurableApplicationContext runDemo(MockAmoCrmServer amo, String... args)
      throws Exception {
    amo.seedLeads(25);
    Map<String, Object> demo = new LinkedHashMap<>();
    demo.put("amocrm.client-id", amo.clientId());
    demo.put("amocrm.client-secret", amo.clientSecret());
    demo.put("amocrm.redirect-uri", amo.redirectUri());
    demo.put("amocrm.account-domain", amo.accountDomain());
    demo.put("amocrm.base-url", amo.baseUrl().toString());
    SpringApplication spring = new SpringApplication(SpringBootSyncApp.class);
    spring.setDefaultProperties(demo);
    ConfigurableApplicationContext app = spring.run(args);

    // The user: opens /amocrm/authorize, allows access at amoCRM, comes back with the code.
    HttpResponse<String> start = get(app, "/amocrm/authorize");
    String state = HttpUrl.get(start.headers().firstValue("Location").orElseThrow())
        .queryParameter("state");
    HttpResponse<String> back = get(app, "/amocrm/callback?code="
        + enc(amo.issueAuthorizationCode()) + "&state=" + enc(state) + "&referer="
        + enc(amo.accountDomain()));
    System.out.println("callback: " + back.statusCode() + " " + back.body());

    int leads = app.getBean(LeadSync.class).syncOnce();
    System.out.println("synced " + leads + " leads");
    return app;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static HttpResponse<String> get(ConfigurableApplicationContext app, String pathAndQuery)
      throws IOException, InterruptedException {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
