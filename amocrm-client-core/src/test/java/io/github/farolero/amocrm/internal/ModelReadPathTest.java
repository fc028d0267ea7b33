package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import io.github.farolero.amocrm.model.CustomFieldValue;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The read path made cheaper keeps its rules: a page read from the body's bytes is the page read
 * from its text; records are read by {@link LenientAdapters}' own
 * reader as Moshi's record adapter reads them; numbers read the same whichever way they go.
 */
class ModelReadPathTest {

  private static final JsonAdapter<Lead> LEAD = ModelJson.adapter(Lead.class);

  private static final String PAGE = """
      {"_page":"3","_links":{"next":{"href":"https://example.amocrm.ru/api/v4/leads?page=4"}},
       "_embedded":{"leads":[
        {"id":"19619","name":"\\u0421\\u0434\\u0435\\u043b\\u043a\\u0430","price":"46333",
         "created_at":1589556420,"updated_at":"2023-05-05 09:38:00","is_deleted":"0",
         "_embedded":{"tags":[{"id":5,"name":"web"}],"companies":[]}},
        {"id":14460,"price":12.0,"score":"12.7","_embedded":[],"custom_fields_values":[
          {"field_id":"3","field_type":"text","values":[{"value":"hello"}]},
          {"field_id":6,"field_type":"multiselect","values":[{"value":"A","enum_id":501}]}]},
        []
       ]}}
      """;

  @Test
  void aPageReadFromItsBytesIsThePageReadFromItsText() throws Exception {
    HalPage<Lead> fromText = HalPage.read(PAGE, "leads", LEAD);
    HalPage<Lead> fromBytes = HalPage.read(new Buffer().writeUtf8(PAGE), "leads", LEAD);
    HalPage<Lead> fromStream = HalPage.read(Okio.buffer(trickle(PAGE)), "leads", LEAD);
    assertThat(fromBytes).isEqualTo(fromText);
    assertThat(fromStream).isEqualTo(fromText);
    assertThat(fromText.number()).isEqualTo(3);
    assertThat(fromText.items()).extracting(Lead::id).containsExactly(19619L, 14460L);
    assertThat(fromText.items().get(0).name()).isEqualTo("Сделка");
  }

  @Test
  void aBlankBodyIsAnEmptyPageAsNoContentIs() throws Exception {
    for (String blank : List.of("", "  \r\n\t", "\u2003\n", "\f")) {
      HalPage<Lead> page = HalPage.read(new Buffer().writeUtf8(blank), "leads", LEAD);
      assertThat(page.items()).as("%s", blank.codePoints().boxed().toList()).isEmpty();
      assertThat(page.next()).isNull();
    }
    assertThat(catchThrowable(() -> HalPage.read(new Buffer().writeUtf8(" <html>"), "leads",
        LEAD))).isInstanceOf(IOException.class);
  }

  /** Public, as Moshi's record adapter (which writes) needs; in this library's package tree. */
  public record Probe(long count, @Json(name = "full_name") @Nullable String name,
      @Nullable List<Long> ids) {
    /** Refuses a negative count, as a record's own check might. */
    public Probe {
      if (count < 0) {
        throw new IllegalArgumentException("count < 0");
      }
    }
  }

  @Test
  void recordsAreReadByTheirOwnReaderUnderMoshisRules() throws Exception {
    JsonAdapter<Probe> probe = ModelJson.adapter(Probe.class);
    assertThat(probe.toString()).contains("read by RecordReader");
    assertThat(LEAD.toString()).contains("read by RecordReader");
    // Names by @Json, unknown keys skipped, the last of a repeated key kept, [] for null.
    assertThat(probe.fromJson("{\"count\":\"2\",\"name\":\"x\",\"full_name\":\"a\","
        + "\"extra\":{\"y\":[1]},\"full_name\":\"b\",\"ids\":[1,\"2\"]}"))
        .isEqualTo(new Probe(2, "b", List.of(1L, 2L)));
    assertThat(probe.fromJson("[]")).isNull();
    assertThat(probe.fromJson("null")).isNull();
    assertThat(probe.toJson(new Probe(1, "n", null))).isEqualTo("{\"count\":1,\"full_name\":\"n\"}");
    // A primitive missing: Moshi's own words.
    assertThat(catchThrowable(() -> probe.fromJson("{\"full_name\":\"a\"}")))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Required value 'count' missing at $");
    assertThat(catchThrowable(() -> probe.fromJson("{\"count\":\"many\"}")))
        .isInstanceOf(JsonDataException.class).hasMessageContaining("'count' missing");
    // The record refusing what was read is a broken answer (InvalidResponseException upstream).
    assertThat(catchThrowable(() -> probe.fromJson("{\"count\":-1}")))
        .isInstanceOf(JsonDataException.class)
        .hasMessage("Probe cannot be made of what was read at $: count < 0");
  }

  @Test
  void aNumberReadsAsTheLongItsTextGivesWhicheverWayItIsRead() throws Exception {
    List<String> numbers = List.of("0", "7", "-7", "-0", "12.0", "12.5", "-12.5", "1e3", "1E3",
        "1.5e3", "1e30", "-1e30", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "0.10",
        "9007199254740993.0", "123456789012345678", "1234567890123456789");
    for (String n : numbers) {
      Long expected = LenientAdapters.parseLong(n);
      JsonReader streaming = JsonReader.of(new Buffer().writeUtf8("[" + n + ",\"after\"]"));
      streaming.beginArray();
      assertThat(LenientAdapters.LONG.fromJson(streaming)).as(n).isEqualTo(expected);
      assertThat(streaming.nextString()).as("the value after %s", n).isEqualTo("after");
      assertThat(LenientAdapters.LONG.fromJson("\"" + n + "\"")).as("\"%s\"", n)
          .isEqualTo(expected);
      assertThat(LenientAdapters.readRaw(LenientAdapters.LONG, n)).as("raw %s", n)
          .isEqualTo(expected);
    }
    // Moshi's value reader rounds a double in nextLong(): values go by their text.
    Lead fromValue = LEAD.fromJsonValue(Map.of("price", 12.5, "score", 1e30));
    assertThat(fromValue.price()).isEqualTo(12L);
    assertThat(fromValue.score()).isNull();
  }

  @Test
  void aValueWithNoTypeKeepsEveryKeyExactlyAsSent() throws Exception {
    Lead lead = LEAD.fromJson("{\"id\":1,\"custom_fields_values\":[{\"field_id\":10,"
        + "\"field_type\":\"legal_entity\",\"values\":[{\"value\":{\"inn\":770708389312345678},"
        + "\"subtype\":\"\\u0421\\/x\",\"n\":-0,\"d\":1.50E+2,\"b\":false,\"z\":null,"
        + "\"enum_id\":\"7\"}]}]}");
    CustomFieldValue v = lead.customField(10).orElseThrow().values().get(0);
    assertThat(v).isEqualTo(new CustomFieldValue.Other("{\"value\":{\"inn\":770708389312345678},"
        + "\"subtype\":\"\\u0421\\/x\",\"n\":-0,\"d\":1.50E+2,\"b\":false,\"z\":null,"
        + "\"enum_id\":\"7\"}"));
  }

  /** A source that gives its text a few bytes at a time, as a slow socket does. */
  private static Source trickle(String text) {
    Buffer all = new Buffer().writeUtf8(text);
    return new Source() {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        return all.read(sink, Math.min(byteCount, 7));
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
  }
}
