package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import io.github.farolero.amocrm.model.Event;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Task;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** amoCRM's messy real payloads read without failing; writes send only what was set. */
class ModelJsonTest {

  private static final String LEADS = """
      {"_page":1,"_links":{"self":{"href":"https://example.amocrm.ru/api/v4/leads?limit=2&page=1"},
       "next":{"href":"https://example.amocrm.ru/api/v4/leads?limit=2&page=2"}},
       "_embedded":{"leads":[
        {"id":"19619","name":"\\u0421\\u0434\\u0435\\u043b\\u043a\\u0430","price":"46333",
         "responsible_user_id":123,"group_id":0,"status_id":"142","pipeline_id":1300,
         "loss_reason_id":null,"source_id":null,"created_by":3944275,"updated_by":0,
         "created_at":1589556420,"updated_at":"1589556420","closed_at":null,"closest_task_at":null,
         "is_deleted":"0","custom_fields_values":null,"score":null,"account_id":28805383,
         "labor_cost":null,"is_price_modified_by_robot":false,
         "_links":{"self":{"href":"https://example.amocrm.ru/api/v4/leads/19619"}},
         "_embedded":{"tags":[{"id":5,"name":"web","color":null}],"companies":[],
           "loss_reason":[{"id":1,"name":"price"}]}},
        {"id":14460,"name":"x","price":0,"custom_fields_values":[
          {"field_id":"3","field_name":"Text","field_code":null,"field_type":"text",
           "values":[{"value":"hello"}]},
          {"field_id":4,"field_type":"numeric","values":[{"value":"12"}]},
          {"values":[{"value":12.50}],"field_id":5,"field_type":"numeric"},
          {"field_id":6,"field_type":"multiselect","values":[{"value":"A","enum_id":501},
            {"value":"B","enum_id":"502","enum_code":null}]},
          {"field_id":7,"field_type":"date","values":[{"value":"2020-05-08"}]},
          {"field_id":8,"field_type":"date","values":[{"value":1588896000}]},
          {"field_id":9,"field_type":"checkbox","values":[{"value":true}]},
          {"field_id":10,"field_type":"legal_entity","values":[{"value":{"name":"LLC","vat_id":"1"}}]},
          {"field_id":11,"values":[{"value":"no type"}]},
          {"field_name":"no id, no code","values":[{"value":"dropped"}]}
         ],"_embedded":[]}
       ]}}
      """;

  @Test
  void messyLeadsRead() throws Exception {
    HalPage<Lead> page = HalPage.read(LEADS, "leads", ModelJson.adapter(Lead.class));
    assertThat(page.number()).isEqualTo(1);
    assertThat(page.next()).isEqualTo("https://example.amocrm.ru/api/v4/leads?limit=2&page=2");
    assertThat(page.items()).hasSize(2);

    Lead a = page.items().get(0);
    assertThat(a.id()).isEqualTo(19619L);
    assertThat(a.name()).isEqualTo("Сделка");
    assertThat(a.price()).isEqualTo(46333L);
    assertThat(a.statusId()).isEqualTo(142L);
    assertThat(a.updatedAt()).isEqualTo(Instant.ofEpochSecond(1589556420));
    assertThat(a.deleted()).isFalse();
    assertThat(a.customFieldsValues()).isNull();
    assertThat(a.customFields()).isEmpty();
    assertThat(a.tags()).extracting(t -> t.name()).containsExactly("web");
    assertThat(a.companies()).isEmpty();

    Lead b = page.items().get(1);
    assertThat(b.embedded()).isNull(); // "_embedded": [] is amoCRM's empty object
    assertThat(b.customField(3).orElseThrow().text()).contains("hello");
    assertThat(b.customField(4).orElseThrow().number()).contains(new BigDecimal("12"));
    assertThat(b.customField(5).orElseThrow().number()).contains(new BigDecimal("12.50"));
    assertThat(b.customField(6).orElseThrow().enumIds()).containsExactly(501L, 502L);
    assertThat(b.customField(7).orElseThrow().date())
        .contains(LocalDate.of(2020, 5, 8).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    assertThat(b.customField(8).orElseThrow().date()).contains(Instant.ofEpochSecond(1588896000));
    assertThat(b.customField(9).orElseThrow().values())
        .containsExactly(new CustomFieldValue.Checkbox(true));
    assertThat(b.customField(10).orElseThrow().values().get(0))
        .isInstanceOf(CustomFieldValue.Other.class);
    assertThat(((CustomFieldValue.Other) b.customField(10).orElseThrow().values().get(0)).json())
        .contains("\"vat_id\":\"1\"");
    assertThat(b.customField(11).orElseThrow().values())
        .containsExactly(new CustomFieldValue.Text("no type"));
    assertThat(b.customFields()).hasSize(9); // the one with neither id nor code is dropped
  }

  @Test
  void phonesReadWithEnumOrEnumCode() throws Exception {
    Contact c = ModelJson.adapter(Contact.class).fromJson("""
        {"id":7,"name":"Ann","custom_fields_values":[{"field_id":71,"field_name":"Phone",
          "field_code":"PHONE","field_type":"multitext","values":[
            {"value":"+79990000000","enum_id":1,"enum":"WORK"},
            {"value":"+78880000000","enum_code":"MOB"}]}]}
        """);
    assertThat(c.customField("PHONE").orElseThrow().values()).containsExactly(
        new CustomFieldValue.Multitext("+79990000000", "WORK", 1L),
        new CustomFieldValue.Multitext("+78880000000", "MOB", null));
  }

  @Test
  void aTaskResultIsAnEmptyArrayOrAnObject() throws Exception {
    Task none = ModelJson.adapter(Task.class).fromJson(
        "{\"id\":1,\"text\":\"call\",\"result\":[],\"complete_till\":1700000000}");
    Task done = ModelJson.adapter(Task.class).fromJson(
        "{\"id\":2,\"result\":{\"text\":\"done\"},\"is_completed\":true}");
    assertThat(none.result()).isNull();
    assertThat(none.completeTill()).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(done.result().text()).isEqualTo("done");
    assertThat(done.completed()).isTrue();
  }

  @Test
  void eventIdsAreStringsAndTheirValuesAreSkipped() throws Exception {
    Event e = ModelJson.adapter(Event.class).fromJson("""
        {"id":"01pz58t6p04vxmbmfnv0bcs3b5","type":"lead_added","entity_id":"1",
         "entity_type":"lead","created_by":0,"created_at":1588896000,
         "value_after":[{"note":{"id":42}}],"value_before":[],"account_id":1}
        """);
    assertThat(e.id()).isEqualTo("01pz58t6p04vxmbmfnv0bcs3b5");
    assertThat(e.entityId()).isEqualTo(1L);
    Event numeric = ModelJson.adapter(Event.class).fromJson("{\"id\":12345}");
    assertThat(numeric.id()).isEqualTo("12345");
  }

  @Test
  void unreadableScalarsBecomeNullNotFailures() throws Exception {
    Lead l = ModelJson.adapter(Lead.class).fromJson(
        "{\"id\":1,\"price\":\"\",\"status_id\":{\"x\":1},\"created_at\":\"2023-05-05 09:38:00\","
            + "\"updated_at\":\"yesterday\",\"custom_fields_values\":{}}");
    assertThat(l.price()).isNull();
    assertThat(l.statusId()).isNull();
    assertThat(l.createdAt()).isEqualTo(Instant.parse("2023-05-05T09:38:00Z"));
    assertThat(l.updatedAt()).isNull();
    assertThat(l.customFields()).isEmpty();
  }

  /**
   * Numbers out of range read as null, never as a wrong value and never as a failure of the page:
   * Instant.ofEpochSecond throws past year 1,000,000,000 (an unchecked DateTimeException that
   * escaped the whole page), and BigDecimal.longValue() wraps silently.
   */
  @Test
  void outOfRangeNumbersAndTimesReadAsNull() throws Exception {
    HalPage<Lead> page = HalPage.read("""
        {"_embedded":{"leads":[
          {"id":1,"created_at":99999999999999999,"updated_at":"-99999999999999999",
           "closed_at":1e30,"price":"99999999999999999999","status_id":1e25,
           "group_id":"-9223372036854775809","score":"12.7",
           "custom_fields_values":[{"field_id":8,"field_type":"date",
             "values":[{"value":99999999999999999}]}]},
          {"id":"9223372036854775807","price":"-9223372036854775808"}]}}
        """, "leads", ModelJson.adapter(Lead.class));
    assertThat(page.items()).hasSize(2);
    Lead a = page.items().get(0);
    assertThat(a.id()).isEqualTo(1L);
    assertThat(a.createdAt()).isNull();
    assertThat(a.updatedAt()).isNull();
    assertThat(a.closedAt()).isNull();
    assertThat(a.price()).isNull();
    assertThat(a.statusId()).isNull();
    assertThat(a.groupId()).isNull();
    assertThat(a.score()).isEqualTo(12L); // a fraction in range is cut, as before
    assertThat(a.customField(8).orElseThrow().values())
        .containsExactly(new CustomFieldValue.Text("99999999999999999"));
    Lead b = page.items().get(1);
    assertThat(b.id()).isEqualTo(Long.MAX_VALUE);
    assertThat(b.price()).isEqualTo(Long.MIN_VALUE);
  }

  /** Every model reads times as Instant, the account too; what a record returns is immutable. */
  @Test
  void accountTimesAreInstantsAndDerivedListsAreImmutable() throws Exception {
    io.github.farolero.amocrm.model.Account account = ModelJson.adapter(
        io.github.farolero.amocrm.model.Account.class).fromJson(
        "{\"id\":1,\"created_at\":\"1600000000\",\"current_user_id\":\"7\"}");
    assertThat(account.createdAt()).isEqualTo(Instant.ofEpochSecond(1_600_000_000));
    assertThat(account.currentUserId()).isEqualTo(7L);

    CustomField multi = CustomField.multiselect(4, 501, 502);
    List<Long> ids = multi.enumIds();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ids.add(503L))
        .isInstanceOf(UnsupportedOperationException.class);
    Lead lead = Lead.builder().customField(multi).tag("web").build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> lead.customFields().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> lead.tags().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /**
   * A value this client has no type for is written back exactly as read: reading it through
   * Moshi's JSON values made every number a double, so {"vat_id":1} went back as 1.0 and a long
   * number lost digits.
   */
  @Test
  void otherValuesAreWrittenBackExactlyAsRead() throws Exception {
    String field = "{\"field_id\":10,\"values\":[{\"value\":{\"name\":\"LLC \\\"Ромашка\\\"\","
        + "\"vat_id\":1,\"inn\":77070838931234567,\"rate\":0.10,\"ok\":true,\"none\":null,"
        + "\"bank\":[1,2.50]},\"subtype\":3}]}";
    Lead lead = ModelJson.adapter(Lead.class).fromJson(
        "{\"id\":1,\"custom_fields_values\":[" + field.replace("\"values\"",
            "\"field_type\":\"legal_entity\",\"values\"") + "]}");
    CustomFieldValue value = lead.customField(10).orElseThrow().values().get(0);
    assertThat(value).isInstanceOf(CustomFieldValue.Other.class);
    assertThat(ModelJson.adapter(Lead.class).toJson(
        Lead.builder().customField(lead.customField(10).orElseThrow()).build()))
        .isEqualTo("{\"custom_fields_values\":[" + field + "]}");
  }

  @Test
  void writesSendOnlyWhatWasSet() {
    Lead lead = Lead.builder().name("Deal").price(1500L).pipelineId(10L)
        .customField(CustomField.text(1, "t"))
        .customField(CustomField.numeric(2, new BigDecimal("12.50")))
        .customField(CustomField.select(3, 501))
        .customField(CustomField.multiselect(4, 501, 502))
        .customField(CustomField.date(5, LocalDate.of(2020, 5, 8)))
        .customField(CustomField.checkbox(6, true))
        .customField(CustomField.of(7))
        .tag("web")
        .contact(99, true)
        .build();
    assertThat(ModelJson.adapter(Lead.class).toJson(lead)).isEqualTo(
        "{\"name\":\"Deal\",\"price\":1500,\"pipeline_id\":10,\"custom_fields_values\":["
            + "{\"field_id\":1,\"values\":[{\"value\":\"t\"}]},"
            + "{\"field_id\":2,\"values\":[{\"value\":12.50}]},"
            + "{\"field_id\":3,\"values\":[{\"enum_id\":501}]},"
            + "{\"field_id\":4,\"values\":[{\"enum_id\":501},{\"enum_id\":502}]},"
            + "{\"field_id\":5,\"values\":[{\"value\":1588896000}]},"
            + "{\"field_id\":6,\"values\":[{\"value\":true}]},"
            + "{\"field_id\":7,\"values\":null}],"
            + "\"_embedded\":{\"tags\":[{\"name\":\"web\"}],"
            + "\"contacts\":[{\"id\":99,\"is_main\":true}]}}");
  }

  @Test
  void phonesAndEmailsAreWrittenByCode() {
    Contact c = Contact.builder().firstName("Ann")
        .customField(CustomField.phone("+79990000000", "WORK"))
        .customField(CustomField.email("ann@example.com", "PRIV")).build();
    assertThat(ModelJson.adapter(Contact.class).toJson(c)).isEqualTo(
        "{\"first_name\":\"Ann\",\"custom_fields_values\":["
            + "{\"field_code\":\"PHONE\",\"values\":[{\"value\":\"+79990000000\",\"enum_code\":\"WORK\"}]},"
            + "{\"field_code\":\"EMAIL\",\"values\":[{\"value\":\"ann@example.com\",\"enum_code\":\"PRIV\"}]}]}");
  }

  @Test
  void whatIsReadCanBeWrittenBackUnchanged() throws Exception {
    // Field names, types and option labels are read-only; what is written is ids and values, so
    // writing what was read, reading it and writing again gives the same JSON.
    HalPage<Lead> page = HalPage.read(LEADS, "leads", ModelJson.adapter(Lead.class));
    for (Lead lead : page.items()) {
      String json = ModelJson.adapter(Lead.class).toJson(lead);
      Lead again = ModelJson.adapter(Lead.class).fromJson(json);
      assertThat(ModelJson.adapter(Lead.class).toJson(again)).isEqualTo(json);
      assertThat(again.id()).isEqualTo(lead.id());
      assertThat(again.customFields()).hasSameSizeAs(lead.customFields());
    }
  }

  @Test
  void aBareArrayIsAPageWithoutNext() throws Exception {
    HalPage<Lead> page = HalPage.read("[{\"id\":1},{\"id\":2}]", "leads",
        ModelJson.adapter(Lead.class));
    assertThat(page.items()).extracting(Lead::id).containsExactly(1L, 2L);
    assertThat(page.next()).isNull();
    assertThat(HalPage.read("{\"_embedded\":[]}", "leads", ModelJson.adapter(Lead.class))
        .items()).isEqualTo(List.of());
  }
}
