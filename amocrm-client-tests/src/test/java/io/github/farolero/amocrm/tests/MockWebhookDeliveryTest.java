package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.testkit.MockSeed;
import io.github.farolero.amocrm.webhook.Webhook;
import io.github.farolero.amocrm.webhook.WebhookAction;
import io.github.farolero.amocrm.webhook.WebhookEntity;
import io.github.farolero.amocrm.webhook.WebhookEvent;
import io.github.farolero.amocrm.webhook.WebhookHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The mock POSTs amoCRM's webhook bodies when its leads, contacts and companies change through
 * the API, to the
 * subscriptions of those events only; a failing destination never fails the API call.
 */
class MockWebhookDeliveryTest {

  /** A destination that answers 200 to every webhook (an empty queue would never answer). */
  private static MockWebServer receiver() throws java.io.IOException {
    MockWebServer receiver = new MockWebServer();
    receiver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).build();
      }
    });
    receiver.start();
    return receiver;
  }

  private static Webhook read(RecordedRequest r) {
    assertThat(r.getHeaders().get("User-Agent")).isEqualTo("amoCRM-WebHook-client/1.0");
    return WebhookHandler.create().handle(r.getHeaders().get("Content-Type"),
        r.getBody().toByteArray());
  }

  private static RecordedRequest next(MockWebServer receiver) throws InterruptedException {
    RecordedRequest r = receiver.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("a webhook within 10 s").isNotNull();
    return r;
  }

  @Test
  void addUpdateStatusResponsibleAndDeleteEachReachTheirSubscription() throws Exception {
    try (MockWebServer receiver = receiver(); ApiFixture f = new ApiFixture()) {
      String url = receiver.url("/hook").toString();
      f.client.webhooks().subscribe(url, List.of("add_lead", "update_lead", "status_lead",
          "responsible_lead", "delete_lead"));

      long id = f.client.leads().add(List.of(Lead.builder().name("Order #1").price(1500L)
          .customField(CustomField.text(MockSeed.LEAD_TEXT_FIELD, "from the site")).build()))
          .get(0).id();
      Webhook added = read(next(receiver));
      assertThat(added.subdomain()).isEqualTo("example");
      assertThat(added.accountId()).isNotNull();
      WebhookEvent a = added.events().get(0);
      assertThat(a.entity()).isEqualTo(WebhookEntity.LEADS);
      assertThat(a.action()).isEqualTo(WebhookAction.ADD);
      assertThat(a.id()).isEqualTo(id);
      assertThat(a.name()).isEqualTo("Order #1");
      assertThat(a.price()).isEqualByComparingTo("1500");
      assertThat(a.statusId()).isEqualTo(MockSeed.STATUS_NEW);
      assertThat(a.customFieldText(MockSeed.LEAD_TEXT_FIELD)).contains("from the site");

      f.client.leads().update(List.of(Lead.builder().id(id).statusId(MockSeed.STATUS_WON)
          .responsibleUserId(MockSeed.USER_ID).build()));
      Webhook changed = read(next(receiver));
      assertThat(changed.events()).extracting(WebhookEvent::action).containsExactly(
          WebhookAction.UPDATE, WebhookAction.STATUS);
      WebhookEvent s = changed.events(WebhookEntity.LEADS, WebhookAction.STATUS).get(0);
      assertThat(s.oldStatusId()).isEqualTo(MockSeed.STATUS_NEW);
      assertThat(s.statusId()).isEqualTo(MockSeed.STATUS_WON);
      assertThat(s.oldPipelineId()).isEqualTo(MockSeed.PIPELINE_ID);
      assertThat(s.responsibleUserId()).isEqualTo(MockSeed.USER_ID);

      f.client.leads().update(List.of(Lead.builder().id(id)
          .responsibleUserId(MockSeed.SECOND_USER_ID).build()));
      Webhook handedOver = read(next(receiver));
      WebhookEvent r = handedOver.events(WebhookEntity.LEADS, WebhookAction.RESPONSIBLE).get(0);
      assertThat(r.oldResponsibleUserId()).isEqualTo(MockSeed.USER_ID);
      assertThat(r.responsibleUserId()).isEqualTo(MockSeed.SECOND_USER_ID);

      assertThat(f.amo.deleteLead(id)).isTrue();
      assertThat(f.amo.deleteLead(999L)).isFalse();
      Webhook deleted = read(next(receiver));
      assertThat(deleted.events()).singleElement().satisfies(e -> {
        assertThat(e.action()).isEqualTo(WebhookAction.DELETE);
        assertThat(e.id()).isEqualTo(id);
      });
      assertThat(f.amo.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
      assertThat(f.amo.webhooksDelivered()).isEqualTo(4);
      assertThat(f.amo.webhookFailures()).isZero();
    }
  }

  @Test
  void contactsAndCompaniesArriveUnderContactsWithTheirType() throws Exception {
    try (MockWebServer receiver = receiver(); ApiFixture f = new ApiFixture()) {
      f.client.webhooks().subscribe(receiver.url("/hook").toString(),
          List.of("add_contact", "add_company", "update_company", "delete_contact"));

      long contact = f.client.contacts().add(List.of(Contact.builder().name("Ivan").build()))
          .get(0).id();
      WebhookEvent c = read(next(receiver)).events().get(0);
      assertThat(c.entity()).isEqualTo(WebhookEntity.CONTACTS);
      assertThat(c.entityName()).isEqualTo("contacts");
      assertThat(c.action()).isEqualTo(WebhookAction.ADD);
      assertThat(c.id()).isEqualTo(contact);
      assertThat(c.name()).isEqualTo("Ivan");

      long company = f.client.companies().add(List.of(Company.builder().name("Acme").build()))
          .get(0).id();
      WebhookEvent co = read(next(receiver)).events().get(0);
      assertThat(co.entityName()).isEqualTo("contacts"); // as amoCRM sends a company
      assertThat(co.entity()).isEqualTo(WebhookEntity.COMPANIES);
      assertThat(co.id()).isEqualTo(company);

      f.client.companies().update(List.of(Company.builder().id(company).name("Acme Ltd")
          .build()));
      WebhookEvent updated = read(next(receiver)).events().get(0);
      assertThat(updated.entity()).isEqualTo(WebhookEntity.COMPANIES);
      assertThat(updated.action()).isEqualTo(WebhookAction.UPDATE);
      assertThat(updated.name()).isEqualTo("Acme Ltd");

      // update_contact is not subscribed: nothing is sent for it; delete_contact is.
      f.client.contacts().update(List.of(Contact.builder().id(contact).name("Ivan P.").build()));
      assertThat(f.amo.deleteEntity("contacts", contact)).isTrue();
      WebhookEvent deleted = read(next(receiver)).events().get(0);
      assertThat(deleted.entity()).isEqualTo(WebhookEntity.CONTACTS);
      assertThat(deleted.action()).isEqualTo(WebhookAction.DELETE);
      assertThat(deleted.id()).isEqualTo(contact);
      assertThat(f.amo.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
      assertThat(f.amo.webhooksDelivered()).isEqualTo(4);
    }
  }

  @Test
  void onlySubscribedEventsAreSentAndABatchIsOneRequest() throws Exception {
    try (MockWebServer receiver = receiver(); ApiFixture f = new ApiFixture()) {
      f.client.webhooks().subscribe(receiver.url("/hook").toString(), List.of("status_lead"));
      List<Long> ids = f.amo.seedLeads(3);
      f.client.leads().update(List.of(Lead.builder().id(ids.get(0)).name("renamed").build()));
      f.client.leads().update(List.of(
          Lead.builder().id(ids.get(1)).statusId(MockSeed.STATUS_LOST).build(),
          Lead.builder().id(ids.get(2)).statusId(MockSeed.STATUS_WON).build()));
      Webhook hook = read(next(receiver));
      assertThat(hook.events()).extracting(WebhookEvent::id)
          .containsExactly(ids.get(1), ids.get(2));
      assertThat(hook.events()).extracting(WebhookEvent::statusId)
          .containsExactly(MockSeed.STATUS_LOST, MockSeed.STATUS_WON);
      assertThat(f.amo.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
      assertThat(receiver.getRequestCount()).isEqualTo(1); // the rename was not subscribed
    }
  }

  @Test
  void aFailingDestinationNeverFailsTheApiCall() throws Exception {
    try (MockWebServer receiver = receiver(); ApiFixture f = new ApiFixture()) {
      receiver.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return new MockResponse.Builder().code(500).build();
        }
      });
      f.client.webhooks().subscribe(receiver.url("/hook").toString(), List.of("add_lead"));
      // a closed port on loopback, and a host that is not loopback (never contacted)
      MockWebServer closed = new MockWebServer();
      closed.start();
      String dead = closed.url("/gone").toString();
      closed.close();
      f.client.webhooks().subscribe(dead, List.of("add_lead"));
      f.client.webhooks().subscribe("https://hooks.example.com/amo", List.of("add_lead"));

      assertThat(f.client.leads().add(List.of(Lead.builder().name("x").build()))).hasSize(1);
      assertThat(f.amo.awaitWebhooks(Duration.ofSeconds(20))).isTrue();
      assertThat(receiver.getRequestCount()).isEqualTo(1);
      assertThat(f.amo.webhookFailures()).isEqualTo(3);
      assertThat(f.amo.webhooksDelivered()).isZero();
    }
  }
}
