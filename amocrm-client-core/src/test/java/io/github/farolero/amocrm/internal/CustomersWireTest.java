package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.CustomersDisabledException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Customer;
import io.github.farolero.amocrm.model.CustomerSegment;
import io.github.farolero.amocrm.model.CustomersMode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customers on the wire: amoCRM's payloads read leniently, the mode sent, its errors typed. */
class CustomersWireTest {

  private MockWebServer server;
  private CustomersImpl customers;
  private LeadsImpl leads;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    ApiTransport t = new ApiTransport(new OkHttpClient(), server.url("/"), RetryPolicy.none(),
        d -> { }, Clock.systemUTC(), x -> x, ClientHeadersInterceptor.of(null));
    customers = new CustomersImpl(t);
    leads = new LeadsImpl(t);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse problem(int status, String title, String detail) {
    return new MockResponse.Builder().code(status)
        .addHeader("Content-Type", "application/problem+json")
        .body("{\"title\":\"" + title + "\",\"type\":\"https://httpstatus.es/" + status
            + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
        .build();
  }

  @Test
  void readsAmoCrmsCustomerLeniently() {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"_page\":1,\"_embedded\":{\"customers\":[{\"id\":\"134923\",\"name\":\"Buyer\","
            + "\"next_price\":\"0\",\"next_date\":1589058000,\"responsible_user_id\":504141,"
            + "\"status_id\":4051135,\"periodicity\":0,\"created_by\":504141,\"updated_by\":0,"
            + "\"created_at\":1590943901,\"updated_at\":1590943901,\"closest_task_at\":null,"
            + "\"is_deleted\":\"0\",\"custom_fields_values\":null,\"ltv\":1500,"
            + "\"purchases_count\":\"2\",\"average_check\":750,\"account_id\":28805383,"
            + "\"_links\":{\"self\":{\"href\":\"x\"}},\"_embedded\":{\"tags\":[],"
            + "\"segments\":[{\"id\":35,\"_links\":{}}],\"catalog_elements\":[{\"id\":425909,"
            + "\"metadata\":{\"quantity\":1,\"catalog_id\":4521}}],"
            + "\"contacts\":[{\"id\":11,\"is_main\":true}]}}]}}")
        .build());
    Customer c = customers.page(ListRequest.all()).items().get(0);
    assertThat(c.id()).isEqualTo(134923L);
    assertThat(c.nextPrice()).isZero();
    assertThat(c.nextDate()).isEqualTo(Instant.ofEpochSecond(1589058000));
    assertThat(c.deleted()).isFalse();
    assertThat(c.purchasesCount()).isEqualTo(2L);
    assertThat(c.segments()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(35L));
    assertThat(c.catalogElements()).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(425909L);
      assertThat(e.metadata().catalogId()).isEqualTo(4521L);
    });
    assertThat(c.contacts()).singleElement().satisfies(l -> assertThat(l.main()).isTrue());
    assertThat(c.tags()).isEmpty();
  }

  @Test
  void aSegmentReadAndUpdatedSendsNothingAmoCrmOnlyAnswers() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":7,\"name\":\"VIP\",\"color\":\"ff0000\",\"customers_count\":3,"
            + "\"account_id\":1,\"future_key\":{\"a\":1},"
            + "\"_links\":{\"self\":{\"href\":\"https://x/api/v4/customers/segments/7\"}}}")
        .build());
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"id\":7,\"updated_at\":1700000000}").build());
    CustomerSegment vip = customers.segments().get(7).orElseThrow();
    customers.segments().update(List.of(vip));

    server.takeRequest(); // the read
    RecordedRequest patch = server.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getTarget()).isEqualTo("/api/v4/customers/segments/7");
    // What it does not type goes back (future_key); what amoCRM only answers does not.
    assertThat(patch.getBody().string(StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":7,\"name\":\"VIP\",\"color\":\"ff0000\","
            + "\"future_key\":{\"a\":1}}");
  }

  @Test
  void modeIsSentAsAmoCrmDocumentsIt() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"mode\":\"segments\",\"is_enabled\":\"1\"}").build());
    assertThat(customers.mode(CustomersMode.segments(true)))
        .isEqualTo(new CustomersMode("segments", true));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("PATCH");
    assertThat(r.getTarget()).isEqualTo("/api/v4/customers/mode");
    assertThat(r.getBody().string(StandardCharsets.UTF_8))
        .isEqualTo("{\"mode\":\"segments\",\"is_enabled\":true}");
    assertThatThrownBy(() -> customers.mode(new CustomersMode("segments", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customersOffIsItsOwnErrorOnCustomersPathsOnly() {
    server.enqueue(problem(422, "Unprocessable Entity", "Customers are disabled"));
    assertThatThrownBy(() -> customers.statuses().page(ListRequest.all()))
        .isInstanceOfSatisfying(CustomersDisabledException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.detail()).isEqualTo("Customers are disabled");
        });
    server.enqueue(problem(402, "Payment Required", "Customers are not in the tariff"));
    assertThatThrownBy(() -> customers.mode(CustomersMode.periodicity(true)))
        .isInstanceOf(CustomersDisabledException.class);
    server.enqueue(problem(402, "Payment Required", "Account is not paid"));
    assertThatThrownBy(() -> leads.page(ListRequest.all()))
        .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e).isNotInstanceOf(CustomersDisabledException.class));
    server.enqueue(new MockResponse.Builder().code(400)
        .addHeader("Content-Type", "application/problem+json")
        .body("{\"validation-errors\":[{\"request_id\":\"0\",\"errors\":[{\"code\":\"NotBlank\","
            + "\"path\":\"name\",\"detail\":\"This value should not be blank.\"}]}],"
            + "\"title\":\"Bad Request\",\"status\":400}").build());
    assertThatThrownBy(() -> customers.add(List.of(Customer.builder().build())))
        .isInstanceOf(ValidationException.class);
  }
}
