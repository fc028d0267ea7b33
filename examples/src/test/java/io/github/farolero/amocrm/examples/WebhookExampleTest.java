package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.testkit.MockSeed;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The webhook example runs in CI too; its server answers amoCRM as it promises. */
class WebhookExampleTest {

  @Test
  void aStatusChangeArrivesAsALogLine() throws Exception {
    assertThat(ExampleOutput.of(WebhookExample::main))
        .containsPattern("webhook: lead \\d+ \"Website order\" moved from status "
            + MockSeed.STATUS_NEW + " to " + MockSeed.STATUS_WON + " \\(pipeline "
            + MockSeed.PIPELINE_ID + "\\) in example")
        .contains("OK: lead");
  }

  @Test
  void theServerAnswersRefusedBodiesWithTheirStatus() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (LeadStatusWebhookServer server = LeadStatusWebhookServer.start(
        new InetSocketAddress("127.0.0.1", 0), lines::add)) {
      HttpClient http = HttpClient.newHttpClient();
      URI url = server.url();
      assertThat(post(http, url, "application/json", "{}")).isEqualTo(415);
      assertThat(post(http, url, "application/x-www-form-urlencoded", "leads[x=1")).isEqualTo(400);
      assertThat(post(http, url, "application/x-www-form-urlencoded",
          "leads[status][0][id]=7&leads[status][0][status_id]=142"
              + "&leads[status][0][old_status_id]=1&account[subdomain]=acme")).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(url).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
      // the handler ran before the 200 was sent: its line is already there
      assertThat(lines).contains("lead 7 \"null\" moved from status 1 to 142 (pipeline null)"
          + " in acme");
      assertThat(lines).filteredOn(l -> l.startsWith("refused")).hasSize(2);
    }
  }

  private static int post(HttpClient http, URI url, String type, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(url).header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
