package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.model.CustomFieldDraft;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.PipelineDraft;
import io.github.farolero.amocrm.model.StatusDraft;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests of the schema writes, as amoCRM documents them. */
class SchemaWritesWireTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private MockWebServer account;
  private AmoCrmClient client;

  @BeforeEach
  void start() throws IOException {
    account = new MockWebServer();
    account.start(InetAddress.getLoopbackAddress(), 0);
    InMemoryTokenStore store = new InMemoryTokenStore();
    GrantKey key = GrantKey.of("example.amocrm.ru");
    store.write(new TokenRecord(key, "eyJhbGciOiJSUzI1NiJ9.eyJqdGkiOiJ2In0.c2ln",
        "def50200refresh", T0.plus(Duration.ofDays(300)), T0, key.domain(), 1));
    client = AmoCrmClient.builder().accountDomain("example.amocrm.ru")
        .baseUrl(account.url("/")).clientId("client-1").clientSecret("secret-value-123")
        .redirectUri("https://app.example.com/cb").tokenStore(store)
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
  }

  @AfterEach
  void stop() {
    account.close();
  }

  private void answer(int code, String body) {
    account.enqueue(new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/hal+json").body(body).build());
  }

  private RecordedRequest next() throws InterruptedException {
    RecordedRequest r = account.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  private static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().string(StandardCharsets.UTF_8);
  }

  @Test
  void pipelineWithStatusesAndDescriptions() throws Exception {
    answer(200, "{\"_embedded\":{\"pipelines\":[{\"id\":7,\"name\":\"P\",\"_embedded\":"
        + "{\"statuses\":[{\"id\":70,\"name\":\"New\"}]}}]}}");
    client.pipelines().add(List.of(PipelineDraft.named("P").withSort(2L).withUnsortedOn(false)
        .withStatuses(List.of(StatusDraft.named("New").withColor("#fffeb2")
            .withDescriptions(List.of(new StatusDraft.Description("master", "Close it")))))));
    RecordedRequest r = next();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/api/v4/leads/pipelines");
    assertThat(body(r)).isEqualTo("[{\"name\":\"P\",\"sort\":2,\"is_unsorted_on\":false,"
        + "\"_embedded\":{\"statuses\":[{\"name\":\"New\",\"color\":\"#fffeb2\","
        + "\"descriptions\":[{\"level\":\"master\",\"description\":\"Close it\"}]}]}}]");
  }

  @Test
  void statusChangeAndDelete() throws Exception {
    answer(200, "{\"id\":70,\"name\":\"Renamed\"}");
    answer(204, "");
    client.pipelines().updateStatus(7, 70, new StatusDraft("Renamed", null, null, null));
    assertThat(client.pipelines().deleteStatus(7, 70)).isTrue();
    RecordedRequest patch = next();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getTarget()).isEqualTo("/api/v4/leads/pipelines/7/statuses/70");
    assertThat(body(patch)).isEqualTo("{\"name\":\"Renamed\"}");
    RecordedRequest delete = next();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getTarget()).isEqualTo("/api/v4/leads/pipelines/7/statuses/70");
  }

  @Test
  void customFieldWithEverything() throws Exception {
    answer(200, "{\"_embedded\":{\"custom_fields\":[{\"id\":9,\"name\":\"Region\"}]}}");
    client.customFields(EntityType.CONTACTS).add(List.of(CustomFieldDraft.of("select", "Region")
        .withCode("REGION").withSort(10L)
        .withEnums(List.of(new CustomFieldDraft.Option(5L, "North", 1L),
            CustomFieldDraft.Option.of("South")))
        .withRequiredStatuses(List.of(new CustomFieldDraft.RequiredStatus(100, 142)))
        .withSettings(Map.of("hint", "pick one")).withApiOnly(true)
        .withGroupId("contacts_1").withRemind("never")));
    RecordedRequest r = next();
    assertThat(r.getTarget()).isEqualTo("/api/v4/contacts/custom_fields");
    assertThat(body(r)).isEqualTo("[{\"type\":\"select\",\"name\":\"Region\",\"code\":\"REGION\","
        + "\"sort\":10,\"enums\":[{\"id\":5,\"value\":\"North\",\"sort\":1},{\"value\":\"South\"}],"
        + "\"required_statuses\":[{\"pipeline_id\":100,\"status_id\":142}],"
        + "\"settings\":{\"hint\":\"pick one\"},\"is_api_only\":true,\"group_id\":\"contacts_1\","
        + "\"remind\":\"never\"}]");
  }

  @Test
  void tagsDeleteSendsTheIdsInTheBody() throws Exception {
    answer(204, "");
    client.tags(EntityType.COMPANIES).delete(List.of(3L, 4L));
    RecordedRequest r = next();
    assertThat(r.getMethod()).isEqualTo("DELETE");
    assertThat(r.getTarget()).isEqualTo("/api/v4/companies/tags");
    assertThat(body(r)).isEqualTo("[{\"id\":3},{\"id\":4}]");
  }

  @Test
  void groupIdsAreOnePathSegment() throws Exception {
    answer(404, "{\"title\":\"Not Found\",\"status\":404}");
    assertThat(client.customFields(EntityType.LEADS).group("../../account")).isEmpty();
    assertThat(next().getTarget())
        .isEqualTo("/api/v4/leads/custom_fields/groups/..%2F..%2Faccount");
  }
}
