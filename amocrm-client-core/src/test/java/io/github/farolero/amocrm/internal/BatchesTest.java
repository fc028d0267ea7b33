package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ComplexLeadResult;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers map back to inputs by request_id in any of amoCRM's shapes, and by position. */
class BatchesTest {

  private MockWebServer server;
  private LeadsImpl leads;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    leads = new LeadsImpl(new ApiTransport(new OkHttpClient(), server.url("/"),
        RetryPolicy.none(), d -> { }, Clock.systemUTC(), t -> t,
        ClientHeadersInterceptor.of(null)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body(body).build();
  }

  private static List<Lead> named(int n) {
    List<Lead> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Lead.builder().name("n" + i).build());
    }
    return out;
  }

  @Test
  void requestIdsAsStringsIntsOrArraysInAnyOrder() {
    // Reversed, with each shape amoCRM uses; the second request has no request_id at all.
    StringBuilder first = new StringBuilder("{\"_embedded\":{\"leads\":[");
    for (int i = 49; i >= 0; i--) {
      Object rid = i % 3 == 0 ? "\"" + i + "\"" : i % 3 == 1 ? i : "[\"" + i + "\"]";
      first.append(i == 49 ? "" : ",").append("{\"id\":").append(1000 + i)
          .append(",\"request_id\":").append(rid).append('}');
    }
    server.enqueue(json(first.append("]}}").toString()));
    server.enqueue(json("{\"_embedded\":{\"leads\":[{\"id\":2050},{\"id\":2051}]}}"));
    List<SaveResult> saved = leads.add(named(52));
    assertThat(saved).extracting(SaveResult::index).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 52).boxed().toList());
    for (int i = 0; i < 50; i++) {
      assertThat(saved.get(i).id()).isEqualTo(1000 + i);
    }
    assertThat(saved.get(50).id()).isEqualTo(2050);
    assertThat(saved.get(51).id()).isEqualTo(2051);
  }

  @Test
  void duplicateOrForeignRequestIdsFallBackToPosition() {
    server.enqueue(json("{\"_embedded\":{\"leads\":[{\"id\":10,\"request_id\":\"1\"},"
        + "{\"id\":11,\"request_id\":\"1\"},{\"id\":12,\"request_id\":\"custom\"}]}}"));
    assertThat(leads.add(named(3))).extracting(SaveResult::id).containsExactly(11L, 10L, 12L);
  }

  @Test
  void complexAnswersAreABareArrayWithArrayRequestIds() {
    server.enqueue(json("[{\"id\":2,\"contact_id\":20,\"company_id\":null,\"request_id\":[\"1\"],"
        + "\"merged\":false},{\"id\":1,\"contact_id\":10,\"request_id\":[\"0\"],\"merged\":true}]"));
    List<ComplexLeadResult> r = leads.addComplex(List.of(
        ComplexLead.of(Lead.builder().name("a").build(), Contact.builder().name("A").build()),
        ComplexLead.of(Lead.builder().name("b").build(), Contact.builder().name("B").build())));
    assertThat(r).containsExactly(new ComplexLeadResult(0, 1, 10L, null, true),
        new ComplexLeadResult(1, 2, 20L, null, false));
  }

  /**
   * leads/complex is written from the models' own JSON, numbers exactly as they are: a detour
   * through Moshi's JSON values turned every number into a double, so 10000000 went out as 1.0E7
   * and 12345678901234567890.12 as 1.2345678901234567E19.
   */
  @Test
  void complexLeadsKeepTheirNumbersExactly() throws Exception {
    server.enqueue(json("[{\"id\":1,\"contact_id\":2,\"request_id\":[\"0\"]}]"));
    Lead lead = Lead.builder().name("n").price(10_000_000L)
        .customField(CustomField.numeric(5, new BigDecimal("12345678901234567890.12")))
        .customField(CustomField.numeric(6, 10_000_000))
        .customField(CustomField.of(7)) // clears the field: "values": null must survive
        .customField(new CustomField(8L, null, null, null, List.of(
            new CustomFieldValue.Other("{\"value\":{\"inn\":77070838931234567}}"))))
        .tag("web").contact(99, true).build();
    Contact contact = Contact.builder().firstName("Ann")
        .customField(CustomField.numeric(9, new BigDecimal("0.10"))).build();
    leads.addComplex(List.of(ComplexLead.of(lead, contact)));
    String sent = server.takeRequest().getBody().utf8();
    assertThat(sent).isEqualTo("[{\"name\":\"n\",\"price\":10000000,\"custom_fields_values\":["
        + "{\"field_id\":5,\"values\":[{\"value\":12345678901234567890.12}]},"
        + "{\"field_id\":6,\"values\":[{\"value\":10000000}]},"
        + "{\"field_id\":7,\"values\":null},"
        + "{\"field_id\":8,\"values\":[{\"value\":{\"inn\":77070838931234567}}]}],"
        + "\"_embedded\":{\"tags\":[{\"name\":\"web\"}],\"contacts\":[{\"first_name\":\"Ann\","
        + "\"custom_fields_values\":[{\"field_id\":9,\"values\":[{\"value\":0.10}]}]}]}}]");
  }

  @Test
  void anEmptyListSendsNothing() {
    assertThat(leads.add(List.of())).isEmpty();
    assertThat(leads.update(List.of())).isEmpty();
    assertThat(leads.addComplex(List.of())).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }
}
