package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.WebhookSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code client.webhooks()} against the mock: the happy path, bad input, and error answers. */
class ApiWebhooksTest {

  private static final String HOOK = "https://app.example.com/amocrm/hook";

  @Test
  void subscribeListFilterUnsubscribe() {
    try (ApiFixture f = new ApiFixture()) {
      assertThat(f.client.webhooks().list()).isEmpty();

      WebhookSubscription made = f.client.webhooks().subscribe(HOOK,
          List.of("add_lead", "status_lead"));
      assertThat(made.id()).isNotNull();
      assertThat(made.destination()).isEqualTo(HOOK);
      assertThat(made.settings()).containsExactly("add_lead", "status_lead");
      assertThat(made.disabled()).isFalse();
      assertThat(made.createdAt()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
      f.client.webhooks().subscribe("http://127.0.0.1:9/other", List.of("update_contact"));

      assertThat(f.client.webhooks().list()).extracting(WebhookSubscription::destination)
          .containsExactly(HOOK, "http://127.0.0.1:9/other");
      assertThat(f.client.webhooks().list(HOOK)).singleElement()
          .isEqualTo(made);
      assertThat(f.client.webhooks().list(HOOK + "/nope")).isEmpty();
      // the filter went as amoCRM's filter[destination]
      assertThat(f.amo.apiRequests("GET", "/api/v4/webhooks")).isEqualTo(4);

      // subscribing again replaces the events
      WebhookSubscription again = f.client.webhooks().subscribe(HOOK, List.of("delete_lead"));
      assertThat(again.id()).isEqualTo(made.id());
      assertThat(f.client.webhooks().list(HOOK).get(0).settings()).containsExactly("delete_lead");

      assertThat(f.client.webhooks().unsubscribe(HOOK)).isTrue();
      assertThat(f.amo.apiRequests("DELETE", "/api/v4/webhooks")).isEqualTo(1);
      assertThat(f.client.webhooks().list(HOOK)).isEmpty();
      // not there (amoCRM's 404): false, not an exception
      assertThat(f.client.webhooks().unsubscribe(HOOK)).isFalse();
    }
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() {
    try (ApiFixture f = new ApiFixture()) {
      var hooks = f.client.webhooks();
      assertThatThrownBy(() -> hooks.subscribe(null, List.of("add_lead")))
          .isInstanceOf(NullPointerException.class).hasMessage("destination == null");
      assertThatThrownBy(() -> hooks.subscribe(" ", List.of("add_lead")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> hooks.subscribe("ftp://x.example/hook", List.of("add_lead")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s) URL");
      assertThatThrownBy(() -> hooks.subscribe("not a url", List.of("add_lead")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> hooks.subscribe(HOOK, List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
      assertThatThrownBy(() -> hooks.subscribe(HOOK, null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> hooks.subscribe(HOOK, List.of("add_lead", " ")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settings[1]");
      List<String> withNull = new ArrayList<>(Arrays.asList("add_lead", null));
      assertThatThrownBy(() -> hooks.subscribe(HOOK, withNull))
          .isInstanceOf(NullPointerException.class).hasMessage("settings[1] == null");
      assertThatThrownBy(() -> hooks.unsubscribe(""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> hooks.list(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThat(f.amo.apiCalls()).isZero();
    }
  }

  @Test
  void anEventAmoCrmDoesNotKnowIsItsValidationError() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.webhooks().subscribe(HOOK,
          List.of("add_lead", "explode_lead")))
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.validationErrors()).singleElement()
                .satisfies(v -> assertThat(v.path()).isEqualTo("settings.1"));
          });
      assertThat(f.client.webhooks().list()).isEmpty();
    }
  }

  @Test
  void errorAnswersAreTyped() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 500);
      assertThatThrownBy(() -> f.client.webhooks().subscribe(HOOK, List.of("add_lead")))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(500));
      assertThat(f.amo.apiRequests("POST", "/api/v4/webhooks")).isEqualTo(1); // not retried

      f.amo.faults().answerNext(403, "application/problem+json", "{\"title\":\"Forbidden\","
          + "\"status\":403,\"detail\":\"Only an administrator can manage webhooks\"}");
      assertThatThrownBy(() -> f.client.webhooks().unsubscribe(HOOK))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(403));

      f.amo.faults().answerNext(200, "application/hal+json", "");
      assertThatThrownBy(() -> f.client.webhooks().subscribe(HOOK, List.of("add_lead")))
          .isInstanceOf(InvalidResponseException.class)
          .hasMessageContaining("without the subscription");

      f.amo.faults().answerNext(200, "application/hal+json", "{\"_embedded\": ");
      assertThatThrownBy(() -> f.client.webhooks().list())
          .isInstanceOf(InvalidResponseException.class);

      // 204 (amoCRM's empty list) and an answer with keys this client does not know
      f.amo.faults().answerNext(204, null, "");
      assertThat(f.client.webhooks().list()).isEmpty();
      f.amo.faults().answerNext(200, "application/hal+json", "{\"_total_items\":1,"
          + "\"_embedded\":{\"webhooks\":[{\"id\":\"839656\",\"destination\":\"" + HOOK + "\","
          + "\"created_at\":\"1575539157\",\"disabled\":\"1\",\"sort\":10,"
          + "\"settings\":[\"add_lead\"],\"new_key\":{\"x\":[]}}]}}");
      assertThat(f.client.webhooks().list()).singleElement().satisfies(w -> {
        assertThat(w.id()).isEqualTo(839656L);
        assertThat(w.disabled()).isTrue();
        assertThat(w.createdAt()).isEqualTo(Instant.ofEpochSecond(1575539157));
        assertThat(w.createdBy()).isNull();
      });
    }
  }
}
