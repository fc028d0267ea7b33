package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * For every custom field type amoCRM documents, a value built through the public API is sent in
 * amoCRM's documented shape for that type (this test's own expected JSON, written by hand per
 * type), and the JSON sent, read back with or without the field's type (and with what amoCRM adds
 * to its answers), is sent again byte for byte the same.
 */
class CustomFieldRoundTripPropertyTest {

  private static final JsonAdapter<CustomField> ADAPTER = ModelJson.adapter(CustomField.class);

  /**
   * One generated case: the field's amoCRM type, the field as a caller builds it, the JSON amoCRM
   * documents for it, and the same value as amoCRM answers it in a read with the type known (or
   * null where the answer is the JSON sent plus the field's name and type).
   */
  record Case(String type, CustomField built, String documented, String answerValues) {}

  @Property(tries = 600)
  void everyTypeRoundTripsExactly(@ForAll("cases") Case c) throws IOException {
    String sent = ADAPTER.toJson(c.built());
    assertThat(sent).as("sent as documented for %s", c.type()).isEqualTo(c.documented());

    // Read back as sent: no field type, no definition.
    CustomField untyped = ADAPTER.fromJson(sent);
    assertThat(ADAPTER.toJson(untyped)).as("untyped %s", c.type()).isEqualTo(sent);

    // Read back as amoCRM answers: with field_name and field_type (before or after values).
    String head = sent.substring(0, sent.indexOf("\"values\":"));
    String typedFirst = head + "\"field_name\":\"F\",\"field_type\":\"" + c.type()
        + "\",\"values\":" + c.answerValues() + "}";
    String typedLast = head + "\"values\":" + c.answerValues() + ",\"field_name\":\"F\","
        + "\"field_type\":\"" + c.type() + "\"}";
    assertThat(ADAPTER.toJson(ADAPTER.fromJson(typedFirst))).as("typed %s", c.type())
        .isEqualTo(sent);
    assertThat(ADAPTER.toJson(ADAPTER.fromJson(typedLast))).as("typed last %s", c.type())
        .isEqualTo(sent);

    // And inside an entity, as a lead's update sends it.
    Lead lead = Lead.builder().id(1L).customField(c.built()).build();
    String leadJson = ModelJson.adapter(Lead.class).toJson(lead);
    Lead again = ModelJson.adapter(Lead.class).fromJson(leadJson);
    assertThat(ModelJson.adapter(Lead.class).toJson(again)).isEqualTo(leadJson)
        .contains(c.documented());
  }

  @Test
  void aPhoneReadWithoutItsTypeOrCodeKeepsItsNumber() throws IOException {
    String sent = "{\"field_id\":71,\"values\":[{\"value\":\"+79990000000\",\"enum_id\":123}]}";
    CustomField phone = ADAPTER.fromJson(sent);
    assertThat(phone.values())
        .containsExactly(new CustomFieldValue.Multitext("+79990000000", null, 123L));
    assertThat(ADAPTER.toJson(phone)).isEqualTo(sent);

    Contact c = ModelJson.adapter(Contact.class).fromJson("{\"id\":5,\"custom_fields_values\":"
        + "[{\"field_code\":\"PHONE\",\"values\":[{\"value\":\"+7999\",\"enum_id\":123}]}]}");
    assertThat(ModelJson.adapter(Contact.class).toJson(c)).isEqualTo("{\"id\":5,"
        + "\"custom_fields_values\":[{\"field_code\":\"PHONE\",\"values\":"
        + "[{\"value\":\"+7999\",\"enum_id\":123}]}]}");
  }

  @Test
  void aTextWithUnknownKeysIsKeptWhole() throws IOException {
    String sent = "{\"field_id\":9,\"values\":[{\"value\":\"x\",\"extra\":{\"a\":1.0}}]}";
    assertThat(ADAPTER.toJson(ADAPTER.fromJson(sent))).isEqualTo(sent);
  }

  @Test
  void otherDropsWhitespaceOutsideStrings() {
    assertThat(new CustomFieldValue.Other("{ \"value\" : {\"a b\": \"c \\\" d\" } }").json())
        .isEqualTo("{\"value\":{\"a b\":\"c \\\" d\"}}");
  }

  // ---- generators: amoCRM's documented value shape per type, built by hand ----

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.oneOf(List.of(
        texts("text"), texts("textarea"), texts("url"), texts("streetaddress"),
        texts("tracking_data"),
        numbers("numeric"), numbers("price"), numbers("monetary"),
        checkboxes(),
        selects("select"), selects("radiobutton"), selects("category"), multiselects(),
        dates("date"), dates("date_time"), dates("birthday"),
        multitexts(), smartAddresses(),
        others("legal_entity", legalEntity()), others("items", items()),
        others("chained_list", chainedList()), others("linked_entity", linkedEntity()),
        others("file", file()), others("payer", party()), others("supplier", party())));
  }

  private static Arbitrary<Long> fieldIds() {
    return Arbitraries.longs().between(1, 9_999_999_999L);
  }

  private static Arbitrary<String> strings() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.strings().alpha().numeric().withChars(" -+@.,:/").ofMaxLength(30),
        Arbitraries.strings().withCharRange('а', 'я').withChars("\"\\\n\t<>&'ё")
            .ofMinLength(1).ofMaxLength(20),
        Arbitraries.strings().ofMaxLength(12)));
  }

  private static Arbitrary<Case> simple(String type, Arbitrary<CustomFieldValue> values) {
    return Combinators.combine(fieldIds(), values).as((id, v) -> {
      CustomField f = CustomField.of(id, v);
      String doc = "{\"field_id\":" + id + ",\"values\":[" + valueJson(v) + "]}";
      return new Case(type, f, doc, "[" + valueJson(v) + "]");
    });
  }

  private static Arbitrary<Case> texts(String type) {
    return simple(type, strings().map(CustomFieldValue.Text::new));
  }

  private static Arbitrary<Case> numbers(String type) {
    return simple(type, Combinators.combine(Arbitraries.longs().between(-10_000_000L,
            1_000_000_000_000L), Arbitraries.integers().between(0, 4))
        .as((unscaled, scale) -> new CustomFieldValue.Numeric(BigDecimal.valueOf(unscaled,
            scale))));
  }

  private static Arbitrary<Case> checkboxes() {
    return simple("checkbox", Arbitraries.of(true, false).map(CustomFieldValue.Checkbox::new));
  }

  private static Arbitrary<Case> dates(String type) {
    return simple(type, Arbitraries.longs().between(0, 4_102_444_800L)
        .map(CustomFieldValue.Date::new));
  }

  /** A select's option: by id (answered with its label and a null code), or by label. */
  private static Arbitrary<Case> selects(String type) {
    Arbitrary<Case> byId = Combinators.combine(fieldIds(), Arbitraries.longs().between(1,
        99_999_999L), strings()).as((id, enumId, label) -> new Case(type,
            CustomField.select(id, enumId),
            "{\"field_id\":" + id + ",\"values\":[{\"enum_id\":" + enumId + "}]}",
            "[{\"value\":" + str(label) + ",\"enum_id\":" + enumId + ",\"enum_code\":null}]"));
    Arbitrary<Case> byLabel = Combinators.combine(fieldIds(), strings()).as((id, label) ->
        new Case(type, CustomField.of(id, new CustomFieldValue.Select(null, label)),
            "{\"field_id\":" + id + ",\"values\":[{\"value\":" + str(label) + "}]}",
            "[{\"value\":" + str(label) + "}]"));
    return Arbitraries.oneOf(List.of(byId, byLabel));
  }

  private static Arbitrary<Case> multiselects() {
    return Combinators.combine(fieldIds(), Arbitraries.longs().between(1, 99_999_999L).list()
        .ofMinSize(1).ofMaxSize(5)).as((id, enumIds) -> {
          long[] ids = enumIds.stream().mapToLong(Long::longValue).toArray();
          List<String> docs = new ArrayList<>();
          List<String> answers = new ArrayList<>();
          for (long e : ids) {
            docs.add("{\"enum_id\":" + e + "}");
            answers.add("{\"value\":\"o" + e + "\",\"enum_id\":" + e + ",\"enum_code\":null}");
          }
          return new Case("multiselect", CustomField.multiselect(id, ids),
              "{\"field_id\":" + id + ",\"values\":[" + String.join(",", docs) + "]}",
              "[" + String.join(",", answers) + "]");
        });
  }

  /** PHONE/EMAIL (by code) or a custom multitext field, each entry by enum_code or enum_id. */
  private static Arbitrary<Case> multitexts() {
    Arbitrary<String> codes = Arbitraries.of("WORK", "WORKDD", "MOB", "FAX", "HOME", "PRIV",
        "OTHER");
    Arbitrary<CustomFieldValue.Multitext> byCode = Combinators.combine(strings(), codes)
        .as(CustomFieldValue.Multitext::of);
    Arbitrary<CustomFieldValue.Multitext> byId = Combinators.combine(strings(),
        Arbitraries.longs().between(1, 99_999_999L))
        .as((v, e) -> new CustomFieldValue.Multitext(v, null, e));
    Arbitrary<CustomFieldValue> entry = Arbitraries.oneOf(List.of(byCode, byId));
    Arbitrary<String> owner = Arbitraries.oneOf(List.of(Arbitraries.of("PHONE", "EMAIL"),
        fieldIds().map(String::valueOf)));
    return Combinators.combine(owner, entry.list().ofMinSize(1).ofMaxSize(4)).as((o, vs) -> {
      boolean code = o.equals("PHONE") || o.equals("EMAIL");
      CustomField f = code ? new CustomField(null, o, null, null, vs)
          : new CustomField(Long.parseLong(o), null, null, null, vs);
      List<String> docs = new ArrayList<>();
      for (CustomFieldValue v : vs) {
        docs.add(valueJson(v));
      }
      String values = "[" + String.join(",", docs) + "]";
      String head = code ? "{\"field_code\":\"" + o + "\"" : "{\"field_id\":" + o;
      return new Case("multitext", f, head + ",\"values\":" + values + "}", values);
    });
  }

  private static Arbitrary<Case> smartAddresses() {
    Arbitrary<CustomFieldValue> byId = Combinators.combine(strings(),
        Arbitraries.longs().between(1, 7))
        .as((v, e) -> new CustomFieldValue.Multitext(v, null, e));
    Arbitrary<CustomFieldValue> byCode = Combinators.combine(strings(), Arbitraries.of(
        "address_line_1", "address_line_2", "city", "state", "zip", "country"))
        .as(CustomFieldValue.Multitext::of);
    return simple("smart_address", Arbitraries.oneOf(List.of(byId, byCode)));
  }

  private static Arbitrary<Case> others(String type, Arbitrary<String> value) {
    return simple(type, value.map(v -> new CustomFieldValue.Other("{\"value\":" + v + "}")));
  }

  private static Arbitrary<String> legalEntity() {
    return Combinators.combine(strings(), Arbitraries.of("null", "1", "2"),
        Arbitraries.strings().numeric().ofMinLength(10).ofMaxLength(12), strings(),
        Arbitraries.strings().numeric().ofLength(9), strings())
        .as((name, kind, vat, address, kpp, uid) -> "{\"name\":" + str(name)
            + ",\"entity_type\":" + kind + ",\"vat_id\":" + str(vat)
            + ",\"tax_registration_reason_code\":null,\"address\":" + str(address)
            + ",\"kpp\":" + str(kpp) + ",\"external_uid\":" + str(uid) + "}");
  }

  private static Arbitrary<String> items() {
    return Combinators.combine(strings(), strings(), Arbitraries.integers().between(0, 99999),
        Arbitraries.integers().between(1, 100), Arbitraries.of("percentage", "amount"),
        Arbitraries.integers().between(0, 50))
        .as((sku, desc, price, qty, discount, dv) -> "{\"sku\":" + str(sku)
            + ",\"description\":" + str(desc) + ",\"unit_price\":" + price
            + ",\"quantity\":" + qty + ",\"unit_type\":\"pcs\",\"discount\":{\"type\":\""
            + discount + "\",\"value\":" + dv + "},\"vat_rate_id\":0,\"external_uid\":\"u"
            + sku.length() + "\"}");
  }

  private static Arbitrary<String> chainedList() {
    return Combinators.combine(fieldIds(), fieldIds()).as((catalog, element) ->
        "{\"catalog_id\":" + catalog + ",\"catalog_element_id\":" + element + "}");
  }

  private static Arbitrary<String> linkedEntity() {
    return Combinators.combine(strings(), fieldIds(), Arbitraries.of("contacts", "companies",
        "catalog_elements")).as((name, id, kind) -> "{\"name\":" + str(name)
            + ",\"entity_id\":" + id + ",\"entity_type\":\"" + kind + "\",\"catalog_id\":"
            + (kind.equals("catalog_elements") ? "1001" : "null") + "}");
  }

  private static Arbitrary<String> file() {
    return Combinators.combine(Arbitraries.create(java.util.UUID::randomUUID),
        Arbitraries.create(java.util.UUID::randomUUID), strings(),
        Arbitraries.longs().between(0, 1L << 40), Arbitraries.of(true, false))
        .as((file, version, name, size, deleted) -> "{\"file_uuid\":\"" + file
            + "\",\"version_uuid\":\"" + version + "\",\"file_name\":" + str(name)
            + ",\"file_size\":" + size + ",\"is_deleted\":" + deleted + "}");
  }

  private static Arbitrary<String> party() {
    return Combinators.combine(strings(), fieldIds(), Arbitraries.of("contacts", "companies"))
        .as((name, id, kind) -> "{\"name\":" + str(name) + ",\"entity_id\":" + id
            + ",\"entity_type\":\"" + kind + "\"}");
  }

  /** The documented JSON of one value, written by hand (not by the adapter under test). */
  private static String valueJson(CustomFieldValue v) {
    if (v instanceof CustomFieldValue.Text t) {
      return "{\"value\":" + str(t.value()) + "}";
    }
    if (v instanceof CustomFieldValue.Numeric n) {
      return "{\"value\":" + n.value().toPlainString() + "}";
    }
    if (v instanceof CustomFieldValue.Checkbox c) {
      return "{\"value\":" + c.value() + "}";
    }
    if (v instanceof CustomFieldValue.Date d) {
      return "{\"value\":" + d.epochSecond() + "}";
    }
    if (v instanceof CustomFieldValue.Multitext m) {
      return "{\"value\":" + str(m.value()) + (m.enumCode() != null
          ? ",\"enum_code\":" + str(m.enumCode()) : ",\"enum_id\":" + m.enumId()) + "}";
    }
    if (v instanceof CustomFieldValue.Other o) {
      return o.json();
    }
    throw new AssertionError(v);
  }

  /** A JSON string literal (Moshi's escaping, which amoCRM reads). */
  private static String str(String s) {
    Buffer b = new Buffer();
    try (JsonWriter w = JsonWriter.of(b)) {
      w.value(s);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return b.readUtf8();
  }
}
