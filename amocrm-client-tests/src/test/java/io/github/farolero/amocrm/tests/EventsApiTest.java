package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.EventsFilter;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.Event;
import io.github.farolero.amocrm.model.EventType;
import io.github.farolero.amocrm.model.EventValue;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.testkit.MockSeed;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** events(): the values the mock records for changes, one event, the types, the filter. */
class EventsApiTest {

  private final MutableClock clock = MutableClock.create();

  private ApiFixture fixture() {
    return new ApiFixture(b -> b.clock(clock), b -> b.clock(clock));
  }

  private static long addLead(ApiFixture f) {
    return f.client.leads().add(List.of(Lead.builder().name("A").price(100L).build()))
        .get(0).id();
  }

  @Test
  void changesThroughTheMockAreEventsWithTypedValues() {
    try (ApiFixture f = fixture()) {
      long id = addLead(f);
      clock.advance(Duration.ofSeconds(10));
      f.client.leads().update(List.of(Lead.builder().id(id).statusId(MockSeed.STATUS_IN_PROGRESS)
          .pipelineId(MockSeed.PIPELINE_ID).responsibleUserId(MockSeed.SECOND_USER_ID)
          .name("B").price(250L)
          .customField(CustomField.select(MockSeed.LEAD_SELECT_FIELD, MockSeed.SELECT_PHONE))
          .build()));
      clock.advance(Duration.ofSeconds(10));
      f.amo.deleteEntity("leads", id);

      List<Event> all = f.client.events().stream(EventsFilter.builder().entities("lead")
          .entityIds(id).build()).toList();
      assertThat(all).extracting(Event::type).containsExactlyInAnyOrder("lead_added",
          "lead_status_changed", "entity_responsible_changed", "name_field_changed",
          "sale_field_changed", "custom_field_value_changed", "lead_deleted");
      assertThat(all.get(0).type()).isEqualTo("lead_deleted"); // newest first

      Event status = only(f, "lead_status_changed");
      assertThat(status.before(EventValue.LeadStatus.class))
          .contains(new EventValue.LeadStatus(MockSeed.STATUS_NEW, MockSeed.PIPELINE_ID));
      assertThat(status.after(EventValue.LeadStatus.class))
          .contains(new EventValue.LeadStatus(MockSeed.STATUS_IN_PROGRESS, MockSeed.PIPELINE_ID));
      assertThat(status.createdAt()).isEqualTo(clock.instant().minusSeconds(10));
      assertThat(only(f, "entity_responsible_changed").valueAfter())
          .containsExactly(new EventValue.ResponsibleUser(MockSeed.SECOND_USER_ID));
      assertThat(only(f, "name_field_changed").valueBefore())
          .containsExactly(new EventValue.Name("A"));
      assertThat(only(f, "sale_field_changed").after(EventValue.Sale.class).orElseThrow()
          .amount()).isEqualByComparingTo("250");
      assertThat(only(f, "custom_field_value_changed").valueBefore()).isEmpty();
      assertThat(only(f, "custom_field_value_changed").valueAfter()).containsExactly(
          new EventValue.FieldValue(MockSeed.LEAD_SELECT_FIELD, 4, MockSeed.SELECT_PHONE,
              "Phone"));
      assertThat(only(f, "lead_deleted").valueAfter()).isEmpty();
      assertThat(f.client.leads().get(id)).isEmpty();
    }
  }

  private static Event only(ApiFixture f, String type) {
    List<Event> events = f.client.events().stream(EventsFilter.builder().types(type).build())
        .toList();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Test
  void getReadsOneEventAndAnUnknownIdIsEmpty() {
    try (ApiFixture f = fixture()) {
      addLead(f);
      Event listed = f.client.events().stream().findFirst().orElseThrow();
      assertThat(f.client.events().get(listed.id())).contains(listed);

      // amoCRM's 404 for an id it does not have (or no longer keeps): empty, as Entities.get.
      int asked = f.amo.apiCalls();
      assertThat(f.client.events().get("01nosuchevent")).isEmpty();
      assertThat(f.amo.apiCalls()).isEqualTo(asked + 1);
      // Bad ids never reach the wire: they would be another path.
      int before = f.amo.apiCalls();
      assertThatThrownBy(() -> f.client.events().get("../leads"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> f.client.events().get(""))
          .isInstanceOf(IllegalArgumentException.class);
      String pasted = "x".repeat(30) + " " + "y".repeat(5000); // e.g. a whole payload by mistake
      assertThatThrownBy(() -> f.client.events().get(pasted))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(5031 characters)")
          .hasMessageNotContaining("y".repeat(10)); // only the start is shown
      assertThatThrownBy(() -> f.client.events().get(null))
          .isInstanceOf(NullPointerException.class).hasMessage("id == null");
      assertThat(f.amo.apiCalls()).isEqualTo(before);
    }
  }

  @Test
  void typesAreTypedAndTakeALanguage() {
    try (ApiFixture f = fixture()) {
      List<EventType> types = f.client.events().types();
      assertThat(types).contains(new EventType("lead_status_changed", 3L,
          "Изменение этапа продажи"));
      assertThat(f.client.events().types("en")).extracting(EventType::lang)
          .contains("lead status changed");
      assertThatThrownBy(() -> f.client.events().types("EN; x"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void filterSelectsByTypeTimeStatusAndResponsible() {
    try (ApiFixture f = fixture()) {
      long a = addLead(f);
      long b = addLead(f);
      Instant t0 = clock.instant();
      clock.advance(Duration.ofSeconds(60));
      f.client.leads().update(List.of(Lead.builder().id(a).statusId(MockSeed.STATUS_WON)
          .pipelineId(MockSeed.PIPELINE_ID).build()));
      f.client.leads().update(List.of(Lead.builder().id(b).statusId(MockSeed.STATUS_IN_PROGRESS)
          .pipelineId(MockSeed.PIPELINE_ID).responsibleUserId(MockSeed.SECOND_USER_ID).build()));

      assertThat(ids(f, EventsFilter.builder().types("lead_status_changed")
          .statusAfter(MockSeed.PIPELINE_ID, MockSeed.STATUS_WON).build())).containsExactly(a);
      assertThat(ids(f, EventsFilter.builder().types("lead_status_changed")
          .statusBefore(MockSeed.PIPELINE_ID, MockSeed.STATUS_NEW).build()))
          .containsExactlyInAnyOrder(a, b);
      assertThat(ids(f, EventsFilter.builder().responsibleAfter(MockSeed.SECOND_USER_ID).build()))
          .containsExactly(b);
      assertThat(ids(f, EventsFilter.builder().createdBetween(t0, t0).build()))
          .containsExactlyInAnyOrder(a, b); // the two lead_added
      assertThat(ids(f, EventsFilter.builder().createdSince(t0.plusSeconds(1)).build()))
          .hasSize(3);
      assertThat(ids(f, EventsFilter.builder().createdBy(999).build())).isEmpty();

      // Paging: 5 events, 2 a page.
      assertThat(f.client.events().stream(EventsFilter.builder().limit(2).build()).count())
          .isEqualTo(5);
      assertThat(f.amo.apiRequests("GET", "/api/v4/events")).isGreaterThanOrEqualTo(3);
    }
  }

  private static List<Long> ids(ApiFixture f, EventsFilter filter) {
    return f.client.events().stream(filter).map(Event::entityId).toList();
  }

  @Test
  void theFilterBuildsAmoCrmsParametersAndRefusesWhatAmoCrmRefuses() {
    EventsFilter filter = EventsFilter.builder().types("lead_status_changed")
        .entities("lead").entityIds(5, 6).statusAfter(1, 142).statusAfter(1, 143)
        .responsibleBefore(7, 8).limit(100).build();
    assertThat(filter.toRequest().queryParameters()).extracting(e -> e.getKey() + "=" + e.getValue())
        .containsExactly("limit=100", "filter[type][]=lead_status_changed",
            "filter[entity][]=lead", "filter[entity_id][]=5", "filter[entity_id][]=6",
            "filter[value_after][leads_statuses][0][pipeline_id]=1",
            "filter[value_after][leads_statuses][0][status_id]=142",
            "filter[value_after][leads_statuses][1][pipeline_id]=1",
            "filter[value_after][leads_statuses][1][status_id]=143",
            "filter[value_before][responsible_user_id]=7,8");

    assertThatThrownBy(() -> EventsFilter.builder().entityIds(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> EventsFilter.builder().entities("lead", "contact").entityIds(1)
        .build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EventsFilter.builder().entityIds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventsFilter.builder().types("custom_field_5_value_changed",
        "lead_added").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EventsFilter.builder().types("a&b=c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventsFilter.builder().limit(101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventsFilter.builder().createdBetween(Instant.ofEpochSecond(2),
        Instant.ofEpochSecond(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventsFilter.builder().responsibleAfter())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventsFilter.builder().responsibleAfter(1).responsibleAfter(2))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFilterAmoCrmRefusesIsATypedError() {
    try (ApiFixture f = fixture()) {
      // Past the builder's checks, as a raw request: amoCRM answers 400.
      ListRequest raw = ListRequest.builder().param("filter[entity_id][]", "5").build();
      assertThatThrownBy(() -> f.client.events().page(raw))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(400));
    }
  }
}
