package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.AddedCalls;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Call;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** {@code client.calls()}: attached calls and per-call errors in one answer, batches, errors. */
class ApiCallsTest {

  private static Call call(String phone) {
    return Call.builder(Call.INBOUND, phone, 30, "pbx").callStatus(4).build();
  }

  @Test
  void attachesWhatItCanAndReportsTheRest() {
    try (ApiFixture f = new ApiFixture()) {
      long contact = f.client.contacts().add(List.of(Contact.builder().name("Ann")
          .customField(CustomField.phone("+7 (999) 000-11-22", "WORK")).build())).get(0).id();

      AddedCalls result = f.client.calls().add(List.of(
          call("+70000000000"), call("89990001122"), call("+79990001122")));
      assertThat(result.added()).extracting(AddedCalls.Added::index).containsExactly(1, 2);
      assertThat(result.added()).allSatisfy(a -> {
        assertThat(a.id()).isPositive();
        assertThat(a.entityId()).isEqualTo(contact);
        assertThat(a.entityType()).isEqualTo("contact");
      });
      assertThat(result.errors()).singleElement().satisfies(e -> {
        assertThat(e.index()).isZero();
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.detail()).contains("+70000000000");
      });
      assertThat(result.isComplete()).isFalse();
      assertThat(f.amo.callsAttached()).isEqualTo(2);
    }
  }

  @Test
  void goesInRequestsOf50AndKeepsIndices() {
    try (ApiFixture f = new ApiFixture()) {
      f.client.contacts().add(List.of(Contact.builder().name("Ann")
          .customField(CustomField.phone("+79990001122", "WORK")).build()));
      List<Call> calls = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        calls.add(call(i % 3 == 0 ? "+70000000000" : "+79990001122"));
      }
      AddedCalls result = f.client.calls().add(calls);
      assertThat(f.amo.apiRequests("POST", "/api/v4/calls")).isEqualTo(3);
      assertThat(result.added()).hasSize(80).allMatch(a -> a.index() % 3 != 0);
      assertThat(result.errors()).hasSize(40).allMatch(e -> e.index() % 3 == 0);
    }
  }

  @Test
  void validationErrorIsTypedAndNothingIsAdded() {
    try (ApiFixture f = new ApiFixture()) {
      // a call the builder refuses never leaves
      assertThatThrownBy(() -> Call.builder("sideways", "+7999", 1, "pbx").build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Call.builder(Call.INBOUND, "+7999", 1, "pbx").callStatus(8)
          .build()).isInstanceOf(IllegalArgumentException.class);
      // amoCRM's 400 for what only it checks (a blank source)
      assertThatThrownBy(() -> f.client.calls().add(List.of(call("+79990001122"),
          Call.builder(Call.OUTBOUND, "+79990001122", 5, " ").build())))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).singleElement().satisfies(v -> {
                assertThat(v.index()).isEqualTo(1);
                assertThat(v.path()).isEqualTo("source");
              }));
      assertThat(f.amo.callsAttached()).isZero();
      assertThat(f.client.calls().add(List.of()).added()).isEmpty();
      assertThat(f.amo.apiRequests("POST", "/api/v4/calls")).isEqualTo(1);
    }
  }

  @Test
  void wireShapeAndErrorsInsideEmbedded() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().code(200)
          .addHeader("Content-Type", "application/hal+json")
          .body("{\"_total_items\":1,\"_embedded\":{\"calls\":[{\"id\":\"7\",\"entity_id\":5,"
              + "\"entity_type\":\"lead\",\"request_id\":\"1\"}],\"errors\":[{\"request_id\":"
              + "\"0\",\"title\":\"Entity not found\",\"status\":\"404\",\"detail\":\"x\","
              + "\"extra\":[]}]}}").build());
      server.start();
      try (ApiFixture f = new ApiFixture()) {
        var client = f.clientBuilder().baseUrl(server.url("/")).build();
        AddedCalls r = client.calls().add(List.of(call("1"),
            Call.builder(Call.OUTBOUND, "2", 3, "pbx").uniq("u-2").build()));
        assertThat(r.added()).containsExactly(new AddedCalls.Added(1, 7, 5L, "lead"));
        assertThat(r.errors()).containsExactly(
            new AddedCalls.Error(0, 404, "Entity not found", "x"));
        RecordedRequest req = server.takeRequest();
        assertThat(req.getBody().utf8()).isEqualTo("[{\"request_id\":\"0\",\"direction\":"
            + "\"inbound\",\"duration\":30,\"source\":\"pbx\",\"phone\":\"1\",\"call_status\":4},"
            + "{\"request_id\":\"1\",\"direction\":\"outbound\",\"uniq\":\"u-2\",\"duration\":3,"
            + "\"source\":\"pbx\",\"phone\":\"2\"}]");
      }
    }
  }
}
