package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.examples.LeadStatusWebhookServer;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.testkit.MockSeed;
import io.github.farolero.amocrm.webhook.Webhook;
import io.github.farolero.amocrm.webhook.WebhookAction;
import io.github.farolero.amocrm.webhook.WebhookEntity;
import io.github.farolero.amocrm.webhook.WebhookEvent;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end: the mock changes a lead's status through the API → it POSTs amoCRM's webhook over
 * real HTTP to the example's JDK {@code HttpServer} on 127.0.0.1 → the example's handler parses it
 * and logs the status line.
 */
class WebhookEndToEndTest {

  @Test
  void aLeadStatusChangeReachesTheExampleHandlerParsed() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    BlockingQueue<Webhook> hooks = new LinkedBlockingQueue<>();
    try (LeadStatusWebhookServer server = LeadStatusWebhookServer.start(
            new InetSocketAddress("127.0.0.1", 0), lines::add, hooks::add);
        ApiFixture f = new ApiFixture()) {
      f.client.webhooks().subscribe(server.url().toString(), List.of("status_lead"));
      long id = f.amo.seedLeads(1).get(0);

      f.client.leads().update(List.of(Lead.builder().id(id).statusId(MockSeed.STATUS_WON)
          .build()));

      String line = lines.poll(10, TimeUnit.SECONDS); // a latch: returns as soon as it arrives
      assertThat(line).isEqualTo("lead " + id + " \"Lead " + id + "\" moved from status "
          + MockSeed.STATUS_NEW + " to " + MockSeed.STATUS_WON + " (pipeline "
          + MockSeed.PIPELINE_ID + ") in example");
      Webhook hook = hooks.poll(10, TimeUnit.SECONDS);
      assertThat(hook).isNotNull();
      assertThat(hook.events()).singleElement().satisfies(e -> {
        assertThat(e.entity()).isEqualTo(WebhookEntity.LEADS);
        assertThat(e.action()).isEqualTo(WebhookAction.STATUS);
        assertThat(e.id()).isEqualTo(id);
      });
      WebhookEvent e = hook.events().get(0);
      assertThat(e.oldStatusId()).isEqualTo(MockSeed.STATUS_NEW);
      assertThat(e.updatedAt()).isNotNull();
      assertThat(f.amo.awaitWebhooks(java.time.Duration.ofSeconds(10))).isTrue();
      assertThat(f.amo.webhooksDelivered()).isEqualTo(1);
      assertThat(lines).isEmpty(); // one change, one line
    }
  }
}
