package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an update of an entity read and changed through {@code toBuilder()} sends: not amoCRM's
 * answer-only keys (HAL links, account_id, loss_reason...), while the model's own JSON keeps them.
 */
class WriteJsonWireTest {

  private MockWebServer server;
  private LeadsImpl leads;
  private EntitiesImpl<Contact> contacts;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    ApiTransport transport = new ApiTransport(new OkHttpClient(), server.url("/"),
        RetryPolicy.none(), d -> { }, Clock.systemUTC(), t -> t,
        ClientHeadersInterceptor.of(null));
    leads = new LeadsImpl(transport);
    contacts = new EntitiesImpl<>(transport, "contacts", Contact.class, Contact::id);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body(body).build();
  }

  private String body() throws InterruptedException {
    RecordedRequest r = server.takeRequest();
    return r.getBody().utf8();
  }

  @Test
  void anUpdateOfALeadReadLeavesOutWhatAmoCrmOnlyAnswers() throws Exception {
    Lead read = ModelJson.adapter(Lead.class).fromJson(ModelExtrasRoundTripTest.LEAD);
    // The model's own JSON keeps everything read.
    String own = ModelJson.adapter(Lead.class).toJson(read);
    assertThat(own).contains("\"_links\"", "\"account_id\"", "\"loss_reason\"",
        "\"is_price_modified_by_robot\"", "\"catalog_elements\"");

    server.enqueue(json("{\"_embedded\":{\"leads\":[{\"id\":1,\"request_id\":\"0\"}]}}"));
    leads.update(List.of(read.toBuilder().price(200L).build()));
    String sent = body();
    assertThat(sent).startsWith("[{\"id\":1,\"name\":\"Deal\",\"price\":200,")
        .contains("\"responsible_user_id\":2", "\"status_id\":3", "\"pipeline_id\":4",
            "\"loss_reason_id\":5", "\"custom_fields_values\":[{\"field_id\":3,",
            "\"tags\":[{\"id\":12,\"name\":\"web\"", "\"contacts\":[{\"id\":13,\"is_main\":true}]",
            "\"source\":{\"id\":6,", "\"x_new_key\":{\"deep\":[1,{\"a\":\"b\"}],\"n\":12.5}")
        .doesNotContain("_links", "_page", "account_id", "group_id", "is_deleted",
            "closest_task_at", "\"score\"", "is_price_modified_by_robot", "labor_cost",
            "loss_reason\"", "catalog_elements");
  }

  @Test
  void anUpdateOfAContactReadLeavesOutItsAnswerOnlyEmbeds() throws Exception {
    Contact read = ModelJson.adapter(Contact.class).fromJson(ModelExtrasRoundTripTest.CONTACT);
    server.enqueue(json("{\"_embedded\":{\"contacts\":[{\"id\":1,\"request_id\":\"0\"}]}}"));
    contacts.update(List.of(read.toBuilder().name("Ann").build()));
    String sent = body();
    assertThat(sent).contains("\"name\":\"Ann\"", "\"first_name\":\"Ann\"",
            "\"tags\":[{\"id\":6,\"name\":\"vip\",\"color\":\"#000\"}]")
        .doesNotContain("_links", "account_id", "is_unsorted", "\"leads\"", "customers",
            "catalog_elements");
  }

  @Test
  void aComplexAddLeavesThemOutOfTheLeadAndItsContactAndClearingNullsStay() throws Exception {
    Lead read = ModelJson.adapter(Lead.class).fromJson(ModelExtrasRoundTripTest.LEAD);
    Contact contact = ModelJson.adapter(Contact.class).fromJson(ModelExtrasRoundTripTest.CONTACT);
    Lead fresh = read.toBuilder().id(null).build();
    Contact newContact = contact.toBuilder().id(null).build();
    server.enqueue(json("[{\"id\":2,\"contact_id\":20,\"request_id\":[\"0\"],"
        + "\"merged\":false}]"));
    leads.addComplex(List.of(ComplexLead.of(fresh, newContact)));
    String sent = body();
    assertThat(sent).contains("\"contacts\":[{\"name\":\"Ann Lee\"")
        .doesNotContain("_links", "account_id", "loss_reason\"", "customers", "is_unsorted");
  }

  @Test
  void nullsAndNumbersAreCopiedExactly() {
    assertThat(WriteJson.entity("{\"id\":1,\"custom_fields_values\":[{\"field_id\":3,"
        + "\"values\":null}],\"price\":10000000,\"x\":12345678901234567890,"
        + "\"_embedded\":{\"tags\":[],\"loss_reason\":[{\"id\":1}],\"_links\":{}},"
        + "\"account_id\":5}"))
        .isEqualTo("{\"id\":1,\"custom_fields_values\":[{\"field_id\":3,\"values\":null}],"
            + "\"price\":10000000,\"x\":12345678901234567890,\"_embedded\":{\"tags\":[]}}");
  }
}
