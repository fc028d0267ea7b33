package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Tag;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tags_to_add / tags_to_delete, a caller's request_id and clearing a field, on the wire. */
class WriteOptionsWireTest {

  private MockWebServer server;
  private LeadsImpl leads;
  private EntitiesImpl<Company> companies;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    ApiTransport transport = new ApiTransport(new OkHttpClient(), server.url("/"),
        RetryPolicy.none(), d -> { }, Clock.systemUTC(), t -> t,
        ClientHeadersInterceptor.of(null));
    leads = new LeadsImpl(transport);
    companies = new EntitiesImpl<>(transport, "companies", Company.class, Company::id);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body(body).build();
  }

  @Test
  void anUpdateSendsTagsToAddAndDeleteAndTheCallersRequestIdExactly() throws Exception {
    // amoCRM answers in another order, echoing each caller's request_id.
    server.enqueue(json("{\"_embedded\":{\"leads\":[{\"id\":2,\"request_id\":\"sync-b\","
        + "\"updated_at\":1600000000},{\"id\":1,\"request_id\":\"sync-a\"}]}}"));
    List<SaveResult> saved = leads.update(List.of(
        Lead.builder().id(1L).tagToAdd(Tag.named("vip")).tagToDelete(Tag.ofId(5))
            .requestId("sync-a").build(),
        Lead.builder().id(2L).tagToAdd(new Tag(7L, "read", "#fff")).requestId("sync-b")
            .clearCustomField(33).build()));
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("[{\"id\":1,"
        + "\"tags_to_add\":[{\"name\":\"vip\"}],\"tags_to_delete\":[{\"id\":5}],"
        + "\"request_id\":\"sync-a\"},"
        + "{\"id\":2,\"custom_fields_values\":[{\"field_id\":33,\"values\":null}],"
        + "\"tags_to_add\":[{\"id\":7}],\"request_id\":\"sync-b\"}]");
    assertThat(saved).extracting(SaveResult::index, SaveResult::id, SaveResult::requestId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1L, "sync-a"),
            org.assertj.core.groups.Tuple.tuple(1, 2L, "sync-b"));
  }

  @Test
  void numericCallerRequestIdsAreNotMistakenForIndices() throws Exception {
    server.enqueue(json("{\"_embedded\":{\"companies\":[{\"id\":20,\"request_id\":\"0\"},"
        + "{\"id\":10,\"request_id\":\"1\"}]}}"));
    // The caller named input 0 "1" and input 1 "0": the echo names the input, not its index.
    List<SaveResult> saved = companies.add(List.of(
        Company.builder().name("a").requestId("1").build(),
        Company.builder().name("b").requestId("0").build()));
    assertThat(saved).extracting(SaveResult::id).containsExactly(10L, 20L);
    assertThat(saved).extracting(SaveResult::requestId).containsExactly("1", "0");
  }

  @Test
  void withoutACallersRequestIdTheResultHasNone() throws Exception {
    server.enqueue(json("{\"_embedded\":{\"leads\":[{\"id\":1,\"request_id\":\"0\"}]}}"));
    assertThat(leads.add(List.of(Lead.builder().name("x").tagToAdd(Tag.named("t")).build())))
        .extracting(SaveResult::requestId).containsExactly((String) null);
    assertThat(server.takeRequest().getBody().utf8())
        .isEqualTo("[{\"name\":\"x\",\"tags_to_add\":[{\"name\":\"t\"}]}]");
  }

  @Test
  void anAddRefusesTagsToDeleteBeforeSending() {
    assertThatThrownBy(() -> leads.add(List.of(
        Lead.builder().name("x").tagToDelete(Tag.named("t")).build())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags_to_delete");
    assertThat(server.getRequestCount()).isZero();
    assertThatThrownBy(() -> Lead.builder().tagToAdd(new Tag(null, null, "#fff")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderKeepsTheWriteOptions() {
    Lead lead = Lead.builder().id(1L).tagToAdd(Tag.named("a")).tagToDelete(Tag.named("b"))
        .requestId("r").build();
    assertThat(lead.toBuilder().build()).isEqualTo(lead);
    Contact c = Contact.builder().name("n").tagToAdd(Tag.ofId(3)).requestId("c").build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.tagsToAdd()).containsExactly(Tag.ofId(3));
  }

  @Test
  void aComplexLeadsCallerRequestIdMapsItsAnswer() throws Exception {
    server.enqueue(json("[{\"id\":2,\"contact_id\":20,\"request_id\":[\"form-2\"],"
        + "\"merged\":false},{\"id\":1,\"contact_id\":10,\"request_id\":[\"form-1\"],"
        + "\"merged\":false}]"));
    var results = leads.addComplex(List.of(
        ComplexLead.of(Lead.builder().name("1").requestId("form-1").build(),
            Contact.builder().name("c1").build()),
        ComplexLead.of(Lead.builder().name("2").requestId("form-2").build(),
            Contact.builder().name("c2").build())));
    assertThat(results).extracting(r -> r.leadId()).containsExactly(1L, 2L);
    assertThat(server.takeRequest().getBody().utf8()).contains("\"request_id\":\"form-1\"");
  }

  @Test
  void aComplexLeadsMetadataGoesUnderEmbeddedAfterItsContact() throws Exception {
    server.enqueue(json("[{\"id\":1,\"contact_id\":10,\"request_id\":[\"0\"],"
        + "\"merged\":false}]"));
    leads.addComplex(List.of(ComplexLead.of(Lead.builder().name("form").build(),
        Contact.builder().name("c").build()).withMetadata(Extras.none()
        .with("category", "\"forms\"").with("form_id", "\"f1\"")
        .with("form_sent_at", "1700000000"))));
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("[{\"name\":\"form\","
        + "\"_embedded\":{\"contacts\":[{\"name\":\"c\"}],\"metadata\":{\"category\":"
        + "\"forms\",\"form_id\":\"f1\",\"form_sent_at\":1700000000}}}]");
    assertThat(ComplexLead.of(Lead.builder().build(), Contact.builder().build())
        .withMetadata(Extras.none()).metadata()).isNull();
  }

  @Test
  void aValidationErrorNamesTheInputByTheCallersRequestId() {
    server.enqueue(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/problem+json")
        .body("{\"validation-errors\":[{\"request_id\":\"1\",\"errors\":[{\"code\":"
            + "\"InvalidType\",\"path\":\"price\",\"detail\":\"bad\"}]},"
            + "{\"request_id\":\"x\",\"errors\":[{\"code\":\"NotFound\",\"path\":\"id\","
            + "\"detail\":\"gone\"}]}],\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"Request validation failed\"}").build());
    // Input 0 is named "1" by the caller: amoCRM's "1" is input 0, not input 1. "x" names no
    // input by a number: unknown.
    assertThatThrownBy(() -> companies.update(List.of(
        Company.builder().id(1L).requestId("1").build(),
        Company.builder().id(2L).requestId("x").build())))
        .isInstanceOfSatisfying(io.github.farolero.amocrm.error.ValidationException.class,
            e -> assertThat(e.validationErrors())
                .extracting(io.github.farolero.amocrm.error.ValidationError::index,
                    io.github.farolero.amocrm.error.ValidationError::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "price"),
                    org.assertj.core.groups.Tuple.tuple(-1, "id")));
  }
}
