package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.RawJson;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code client.raw()}: the escape hatch, over the same auth, limiter, retries and errors. */
class RawRequestsTest {

  @Test
  void getsAnEntityAsATree() {
    try (ApiFixture f = new ApiFixture()) {
      long id = f.amo.seedLeads(1).get(0);
      RawJson lead = f.client.raw().get("leads/" + id);
      assertThat(lead.asMap().get("id")).isEqualTo(id); // a Long, not a Double
      assertThat(lead.asMap().get("name")).isEqualTo("Lead " + id);
      assertThat(lead.text()).startsWith("{");
      assertThat(f.amo.lastApiRequestHeaders().get("Authorization")).startsWith("Bearer ");
    }
  }

  @Test
  void acceptsTheApiPrefixAndSendsTheQuery() {
    try (ApiFixture f = new ApiFixture()) {
      List<Long> ids = f.amo.seedLeads(3);
      RawJson page = f.client.raw().get("/api/v4/leads",
          Map.of("filter[id]", List.of(ids.get(0), ids.get(2)), "limit", 10));
      assertThat(f.amo.lastApiRequestUrl().queryParameterValues("filter[id]"))
          .containsExactly(String.valueOf(ids.get(0)), String.valueOf(ids.get(2)));
      @SuppressWarnings("unchecked")
      List<Object> leads = (List<Object>) ((Map<String, Object>) page.asMap().get("_embedded"))
          .get("leads");
      assertThat(leads).hasSize(2);
    }
  }

  @Test
  void postsAndPatchesJson() {
    try (ApiFixture f = new ApiFixture()) {
      RawJson added = f.client.raw().post("leads",
          RawJson.of(List.of(Map.of("name", "Raw deal", "price", 1500))));
      @SuppressWarnings("unchecked")
      Map<String, Object> first = (Map<String, Object>) ((List<Object>) ((Map<String, Object>)
          added.asMap().get("_embedded")).get("leads")).get(0);
      long id = (Long) first.get("id");
      assertThat(f.amo.stored("leads", id).orElseThrow().get("price")).isEqualTo(1500L);
      f.client.raw().patch("leads/" + id, RawJson.parse("{\"price\": 2000}"));
      assertThat(f.amo.stored("leads", id).orElseThrow().get("price")).isEqualTo(2000L);
      assertThat(f.amo.apiRequests("PATCH", "/api/v4/leads/" + id)).isEqualTo(1);
    }
  }

  @Test
  void noContentIsEmpty() {
    try (ApiFixture f = new ApiFixture()) {
      RawJson none = f.client.raw().get("events");
      assertThat(none.isEmpty()).isTrue();
      assertThat(none.value()).isNull();
      assertThatThrownBy(none::asMap).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no body");
    }
  }

  @Test
  void notFoundAndBadRequestAreTheLibrarysTypedErrors() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.raw().get("no_such_endpoint"))
          .isExactlyInstanceOf(AmoCrmHttpException.class)
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
      assertThatThrownBy(() -> f.client.raw().post("leads",
          RawJson.of(List.of(Map.of("price", -1)))))
          .isExactlyInstanceOf(ValidationException.class)
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.validationErrors()).isNotEmpty());
    }
  }

  @Test
  void readsAreRetriedWritesAreNot() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().failNext(1, 503);
      assertThat(f.client.raw().get("account").asMap()).containsKey("id");
      assertThat(f.amo.apiRequests("GET", "/api/v4/account")).isEqualTo(2);
      f.amo.faults().failNext(1, 503);
      assertThatThrownBy(() -> f.client.raw().post("leads",
          RawJson.of(List.of(Map.of("name", "x")))))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(503));
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(1);
    }
  }

  @Test
  void pagesThroughAnEmbeddedList() {
    try (ApiFixture f = new ApiFixture()) {
      List<Long> ids = f.amo.seedLeads(23);
      List<Object> seen = f.client.raw().listing("leads", "leads")
          .stream(ListRequest.builder().limit(5).build())
          .map(l -> l.asMap().get("id")).toList();
      assertThat(seen).containsExactlyElementsOf(List.copyOf(ids));
      assertThat(f.amo.apiRequests("GET", "/api/v4/leads")).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example.com/api/v4/leads", "http://127.0.0.1/api/v4/x",
      "//evil.example.com/api/v4/leads", "HTTPS:evil.example.com", "../oauth2/access_token",
      "leads/../../oauth2/access_token", "leads/%2e%2e/%2E%2E/x", "leads/./5", "..", "",
      "/", "leads?limit=5", "leads#x", "leads\\5", "leads 5", "leads\n5", "leads//5"})
  void refusesPathsThatLeaveTheApiBeforeSendingAnything(String path) {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.raw().get(path))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.client.raw().delete(path))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.client.raw().listing(path, "leads"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(f.amo.apiCalls()).isZero();
    }
  }

  @Test
  void refusesBadBodiesAndQueries() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> RawJson.parse("{\"a\":")).isInstanceOf(
          IllegalArgumentException.class);
      assertThatThrownBy(() -> RawJson.parse("{} {}")).isInstanceOf(
          IllegalArgumentException.class);
      assertThatThrownBy(() -> f.client.raw().post("leads", RawJson.empty()))
          .isInstanceOf(IllegalArgumentException.class);
      java.util.Map<String, Object> nullValue = new java.util.HashMap<>();
      nullValue.put("limit", null);
      assertThatThrownBy(() -> f.client.raw().get("leads", nullValue))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.client.raw().listing("leads", " "))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(f.amo.apiCalls()).isZero();
    }
  }

  @Test
  void rawJsonRoundTrips() {
    RawJson j = RawJson.of(Map.of("a", List.of(1, 2.5, true, "x")));
    assertThat(j.asMap().get("a")).isEqualTo(List.of(1L, 2.5, true, "x"));
    assertThat(RawJson.parse(j.text())).isEqualTo(j);
    assertThat(RawJson.parse("12345678901234567890").value()).isEqualTo(1.2345678901234567e19);
    assertThat(RawJson.parse("null").value()).isNull();
    assertThat(RawJson.parse("null").isEmpty()).isFalse();
  }
}
