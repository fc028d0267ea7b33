package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Link;
import io.github.farolero.amocrm.model.LinkMetadata;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Links are sent as amoCRM documents them and read leniently. */
class LinksWireTest {

  private MockWebServer server;
  private LinksImpl links;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    links = new LinksImpl(new ApiTransport(new OkHttpClient(), server.url("/"),
        RetryPolicy.none(), d -> { }, Clock.systemUTC(), t -> t,
        ClientHeadersInterceptor.of(null)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8);
  }

  @Test
  void linkSendsTargetsAndMetadataOnlyAndReadsTheAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json")
        .body("{\"_total_items\":2,\"_embedded\":{\"links\":["
            + "{\"entity_id\":\"42\",\"entity_type\":\"leads\",\"to_entity_id\":501,"
            + "\"to_entity_type\":\"contacts\",\"metadata\":{\"main_contact\":\"1\"},"
            + "\"unknown\":[]},"
            + "{\"entity_id\":42,\"entity_type\":\"leads\",\"to_entity_id\":9001,"
            + "\"to_entity_type\":\"catalog_elements\",\"metadata\":{\"quantity\":\"3\","
            + "\"catalog_id\":7001}}]}}")
        .build());
    // A link read earlier (with main_contact and its source) is sent as a target with is_main.
    Link read = new Link(42L, "leads", 501L, "contacts",
        new LinkMetadata(null, null, null, null, true, null));
    List<Link> made = links.link(EntityType.LEADS, 42, List.of(read,
        Link.toCatalogElement(7001, 9001, 3)));

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/api/v4/leads/42/link");
    assertThat(body(r)).isEqualTo("[{\"to_entity_id\":501,\"to_entity_type\":\"contacts\","
        + "\"metadata\":{\"is_main\":true}},{\"to_entity_id\":9001,"
        + "\"to_entity_type\":\"catalog_elements\",\"metadata\":{\"catalog_id\":7001,"
        + "\"quantity\":3}}]");
    assertThat(made).hasSize(2);
    assertThat(made.get(0).entityId()).isEqualTo(42L);
    assertThat(made.get(0).metadata().isMain()).isTrue();
    assertThat(made.get(1).metadata().quantity()).isEqualTo(3L);
    assertThat(made.get(1).metadata().catalogId()).isEqualTo(7001L);
  }

  @Test
  void massUnlinkSendsEntityIdsIn50sAndTakes204() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(204).build());
    }
    List<Link> many = java.util.stream.LongStream.range(0, 120)
        .mapToObj(i -> Link.to(EntityType.COMPANIES, 700 + i).from(10 + i)).toList();
    links.unlink(EntityType.CONTACTS, many);
    RecordedRequest first = server.takeRequest();
    assertThat(first.getTarget()).isEqualTo("/api/v4/contacts/unlink");
    assertThat(body(first)).startsWith("[{\"entity_id\":10,\"to_entity_id\":700,"
        + "\"to_entity_type\":\"companies\"},");
    assertThat(body(server.takeRequest())).contains("\"entity_id\":60,");
    assertThat(body(server.takeRequest())).startsWith("[{\"entity_id\":110,");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void massFormsNeedTheSourceAndEveryLinkATarget() {
    assertThatThrownBy(() -> links.link(EntityType.LEADS, List.of(
        Link.to(EntityType.CONTACTS, 5))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("links[0]")
        .hasMessageContaining("entity_id");
    assertThatThrownBy(() -> links.link(EntityType.LEADS, 1, List.of(
        new Link(null, null, null, "contacts", null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to_entity_id");
    assertThat(server.getRequestCount()).isZero();
  }
}
