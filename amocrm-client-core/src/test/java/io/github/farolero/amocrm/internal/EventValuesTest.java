package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.model.Event;
import io.github.farolero.amocrm.model.EventValue;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Events' value_before/value_after, from payloads in amoCRM's documented and messy shapes. */
class EventValuesTest {

  private final JsonAdapter<Event> adapter = ModelJson.adapter(Event.class);

  private Event read(String json) throws IOException {
    return adapter.fromJson(json);
  }

  @Test
  void documentedListExampleReadsWithTheNoteAndAnEmptyBefore() throws IOException {
    Event e = read("""
        {"id":"01pz58t6p04ymgsgfbmfyfy1mf","type":"lead_added","entity_id":26060763,
         "entity_type":"lead","created_by":939801,"created_at":1888888888,
         "value_after":[{"note":{"id":42743871}}],"value_before":[],"account_id":17079858,
         "_links":{"self":{"href":"https://example.amocrm.ru/api/v4/events/01pz58t6p04ymgsgfbmfyfy1mf"}},
         "_embedded":{"entity":{"id":26060763}}}""");
    assertThat(e.id()).isEqualTo("01pz58t6p04ymgsgfbmfyfy1mf");
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1888888888));
    assertThat(e.valueAfter()).containsExactly(new EventValue.Note(42743871L));
    assertThat(e.valueBefore()).isEmpty();
  }

  @Test
  void statusChangeReadsBothStages() throws IOException {
    Event e = read("""
        {"id":"a1","type":"lead_status_changed","entity_id":1,"entity_type":"lead",
         "value_after":[{"lead_status":{"id":142,"pipeline_id":437642}}],
         "value_before":[{"lead_status":{"id":5233224,"pipeline_id":437642}}]}""");
    assertThat(e.before(EventValue.LeadStatus.class))
        .contains(new EventValue.LeadStatus(5233224L, 437642L));
    assertThat(e.after(EventValue.LeadStatus.class))
        .contains(new EventValue.LeadStatus(142L, 437642L));
    assertThat(e.after(EventValue.Note.class)).isEmpty();
  }

  @Test
  void responsibleNameSaleAndLinkRead() throws IOException {
    Event r = read("""
        {"type":"entity_responsible_changed","value_after":[{"responsible_user":{"id":504329}}],
         "value_before":[{"responsible_user":{"id":"37268"}}]}""");
    assertThat(r.valueBefore()).containsExactly(new EventValue.ResponsibleUser(37268L));
    assertThat(r.valueAfter()).containsExactly(new EventValue.ResponsibleUser(504329L));

    Event n = read("""
        {"type":"name_field_changed","value_after":[{"name_field_value":{"name":"Сделка \\u2116 5"}}],
         "value_before":[{"name_field_value":{"name":"Old"}}]}""");
    assertThat(n.after(EventValue.Name.class)).contains(new EventValue.Name("Сделка № 5"));

    Event s = read("""
        {"type":"sale_field_changed","value_after":[{"sale_field_value":{"sale":1500.5}}],
         "value_before":[{"sale_field_value":{"sale":"0"}}]}""");
    assertThat(s.after(EventValue.Sale.class).orElseThrow().amount())
        .isEqualByComparingTo("1500.5");
    assertThat(s.before(EventValue.Sale.class).orElseThrow().amount()).isEqualByComparingTo("0");

    Event l = read("""
        {"type":"contact_unlinked","value_after":[],
         "value_before":[{"unlink":{"entity":{"type":"lead","id":"6232965"}}}]}""");
    assertThat(l.valueBefore()).containsExactly(new EventValue.Link(true, 6232965L, "lead"));
    Event k = read("""
        {"type":"entity_linked","value_after":[{"link":{"entity":{"type":"contact","id":5}}}]}""");
    assertThat(k.valueAfter()).containsExactly(new EventValue.Link(false, 5L, "contact"));
    assertThat(k.valueBefore()).isEmpty(); // absent key
  }

  @Test
  void customFieldValuesReadOnePerValueWithNullEnum() throws IOException {
    Event e = read("""
        {"type":"custom_field_value_changed",
         "value_after":[{"custom_field_value":{"field_id":53728,"field_type":8,"enum_id":2352876,
             "text":"example1@test.com"}},
           {"custom_field_value":{"field_id":"53728","field_type":"8","enum_id":null,"text":12}}],
         "value_before":[{"custom_field_value":{"field_id":53728,"field_type":"multitext",
             "enum_id":193200,"text":"example@test.com"}}]}""");
    assertThat(e.valueAfter()).containsExactly(
        new EventValue.FieldValue(53728L, 8, 2352876L, "example1@test.com"),
        new EventValue.FieldValue(53728L, 8, null, "12"));
    // A type as a name (as field definitions write it) cannot be a number: null, no failure.
    assertThat(e.valueBefore()).containsExactly(
        new EventValue.FieldValue(53728L, null, 193200L, "example@test.com"));
  }

  @Test
  void unknownKindsAndOddShapesAreKeptRaw() throws IOException {
    Event e = read("""
        {"type":"entity_tag_added",
         "value_after":[{"tag":{"name":"тег1"}},{"task_deadline":{"timestamp":1573595900}},
           "just a string",{"lead_status":"not an object"},{"a":{"x":1},"note":{"id":7}}],
         "value_before":{"helpbot":{"id":145}}}""");
    assertThat(e.valueAfter()).containsExactly(
        new EventValue.Other("tag", "{\"name\":\"тег1\"}"),
        new EventValue.Other("task_deadline", "{\"timestamp\":1573595900}"),
        new EventValue.Other("", "\"just a string\""),
        new EventValue.Other("lead_status", "\"not an object\""),
        new EventValue.Other("a", "{\"x\":1}"),
        new EventValue.Note(7L));
    // A lone object where the list belongs is read as a list of it.
    assertThat(e.valueBefore()).containsExactly(new EventValue.Other("helpbot", "{\"id\":145}"));
  }

  @Test
  void emptyShapesAreEmptyLists() throws IOException {
    for (String v : List.of("[]", "null", "{}", "\"\"", "0", "[[]]")) {
      Event e = read("{\"type\":\"lead_deleted\",\"value_after\":" + v
          + ",\"value_before\":" + v + "}");
      assertThat(e.valueAfter()).as(v).allMatch(x -> x instanceof EventValue.Other);
      assertThat(e.valueBefore()).as(v).hasSameSizeAs(e.valueAfter());
    }
    assertThat(read("{\"value_after\":[]}").valueAfter()).isEmpty();
    assertThat(read("{\"value_after\":null}").valueAfter()).isEmpty();
    assertThat(read("{\"value_after\":{}}").valueAfter()).isEmpty();
    assertThat(read("{}").valueBefore()).isEmpty();
  }

  @Test
  void messyIdsAndMissingFieldsReadAsNull() throws IOException {
    Event e = read("""
        {"id":12345,"entity_id":"26060763","created_at":"1888888888",
         "value_after":[{"lead_status":{"id":"142","pipeline_id":"x"}},{"note":{}},
           {"responsible_user":{"id":true}}]}""");
    assertThat(e.id()).isEqualTo("12345");
    assertThat(e.entityId()).isEqualTo(26060763L);
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1888888888));
    assertThat(e.valueAfter()).containsExactly(new EventValue.LeadStatus(142L, null),
        new EventValue.Note(null), new EventValue.ResponsibleUser(1L));
  }

  @Test
  void malformedJsonIsOneError() {
    assertThatThrownBy(() -> read("{\"value_after\":[{\"note\":{\"id\":1}"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void valuesWriteBackAndReadEqual() throws IOException {
    Event e = new Event("x1", "t", 1L, "lead", 2L, Instant.ofEpochSecond(3), 4L,
        List.of(new EventValue.LeadStatus(1L, 2L), new EventValue.ResponsibleUser(3L),
            new EventValue.FieldValue(4L, 8, null, "a"), new EventValue.Name("n"),
            new EventValue.Sale("15.5"), new EventValue.Link(true, 6L, "lead"),
            new EventValue.Note(7L), new EventValue.Other("tag", "{\"name\":\"t\"}")),
        List.of(new EventValue.Other("", "[1,2]")));
    assertThat(read(adapter.toJson(e))).isEqualTo(e);
  }

  @Property(tries = 200)
  void anyUnknownKeyIsKeptRawNeverFails(@ForAll @AlphaChars @StringLength(min = 1, max = 20)
      String key, @ForAll long number) throws IOException {
    String inner = "{\"v\":" + number + "}";
    Event e = read("{\"value_after\":[{\"zz_" + key + "\":" + inner + "}]}");
    assertThat(e.valueAfter()).containsExactly(new EventValue.Other("zz_" + key, inner));
  }
}
