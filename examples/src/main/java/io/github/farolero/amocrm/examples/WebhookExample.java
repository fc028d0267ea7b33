package io.github.farolero.amocrm.examples;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.WebhookSubscription;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Purpose: react to amoCRM in real time — serve {@link LeadStatusWebhookServer} (the JDK's
 * {@code HttpServer} and {@code WebhookHandler}), subscribe it to lead status changes through
 * {@code client.webhooks()}, move a lead to "won", and see the webhook arrive as a log line. Runs
 * against {@link MockAmoCrmServer}, which POSTs real form-encoded webhooks.
 */
public final class WebhookExample {

  private WebhookExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    CountDownLatch statusLine = new CountDownLatch(1);
    try (MockAmoCrmServer amo = MockAmoCrmServer.start();
        LeadStatusWebhookServer receiver = LeadStatusWebhookServer.start(
            new InetSocketAddress("127.0.0.1", 0), line -> {
              System.out.println("webhook: " + line);
              statusLine.countDown();
            })) {
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain())
          .baseUrl(amo.baseUrl()) // a real app leaves this out
          .clientId(amo.clientId())
          .clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri())
          .tokenStore(new InMemoryTokenStore()) // a real app uses a durable store
          .build();
      client.tokens().authorize(amo.issueAuthorizationCode());

      // 1. Subscribe: amoCRM POSTs status_lead events to the receiver from now on.
      WebhookSubscription sub = client.webhooks().subscribe(receiver.url().toString(),
          List.of("status_lead"));
      System.out.println("Subscribed " + sub.destination() + " to " + sub.settings() + ".");

      // 2. Change something: a new lead, then moved to "won".
      long id = client.leads().add(List.of(Lead.builder().name("Website order").build()))
          .get(0).id();
      client.leads().update(List.of(Lead.builder().id(id).statusId(MockSeed.STATUS_WON)
          .pipelineId(MockSeed.PIPELINE_ID).build()));

      // 3. The webhook arrives on its own thread; wait for its line.
      if (!statusLine.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no webhook arrived within 10 s");
      }
      client.webhooks().unsubscribe(receiver.url().toString());
      System.out.println("OK: lead " + id + "'s status change arrived as a webhook.");
    }
  }
}
