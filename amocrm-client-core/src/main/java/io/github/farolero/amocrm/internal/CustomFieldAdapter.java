package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes {@code custom_fields_values[]} entries. Reading keys off {@code field_type}
 * when present (it may come after {@code values}, so values are buffered first), and otherwise
 * off the value's shape; numbers keep their exact text; {@code enum} and {@code enum_code} are one
 * thing; a field it cannot read is dropped (null), never fatal.
 */
final class CustomFieldAdapter extends JsonAdapter<CustomField> {

  private static final Set<String> TEXT =
      Set.of("text", "textarea", "url", "streetaddress", "tracking_data");
  private static final Set<String> NUMERIC = Set.of("numeric", "price", "monetary");
  private static final Set<String> SELECT =
      Set.of("select", "multiselect", "radiobutton", "category");
  private static final Set<String> DATE = Set.of("date", "date_time", "birthday");
  /** A text with its kind (an option of the field): phones, emails, address parts. */
  private static final Set<String> MULTITEXT = Set.of("multitext", "smart_address");

  /**
   * One value object as read: the value's text and JSON token, its enum, and every key's raw JSON
   * text (kept exactly, so an {@link CustomFieldValue.Other} is written back as it was read).
   */
  private record Raw(@Nullable String text, JsonReader.@Nullable Token token,
      @Nullable Long enumId, @Nullable String enumCode, Keys all) {}

  /**
   * A value object's keys and each one's JSON text, in the order first seen, the last text of a
   * repeated key kept: a LinkedHashMap's rules, in two small arrays (an object has a few keys,
   * and a page has a thousand such objects).
   */
  private static final class Keys {
    private String[] names = new String[4];
    private String[] jsons = new String[4];
    private int size;

    void put(String name, String json) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          jsons[i] = json;
          return;
        }
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        jsons = Arrays.copyOf(jsons, size * 2);
      }
      names[size] = name;
      jsons[size++] = json;
    }

    @Nullable String get(String name) {
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          return jsons[i];
        }
      }
      return null;
    }

    int size() {
      return size;
    }

    String name(int i) {
      return names[i];
    }

    String json(int i) {
      return jsons[i];
    }
  }

  private static final JsonReader.Options FIELD_KEYS = JsonReader.Options.of(
      "field_id", "field_code", "field_name", "field_type", "values");

  @Override
  public @Nullable CustomField fromJson(JsonReader r) throws IOException {
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      r.skipValue();
      return null;
    }
    Long fieldId = null;
    String code = null;
    String name = null;
    String type = null;
    List<Raw> raws = new ArrayList<>(2);
    r.beginObject();
    while (r.hasNext()) {
      switch (r.selectName(FIELD_KEYS)) {
        case 0 -> fieldId = LenientAdapters.LONG.fromJson(r);
        case 1 -> code = LenientAdapters.STRING.fromJson(r);
        case 2 -> name = LenientAdapters.STRING.fromJson(r);
        case 3 -> type = LenientAdapters.STRING.fromJson(r);
        case 4 -> readValues(r, raws);
        default -> {
          r.skipName();
          r.skipValue();
        }
      }
    }
    r.endObject();
    if (fieldId == null && code == null) {
      return null;
    }
    List<CustomFieldValue> values = new ArrayList<>(raws.size());
    String lowerType = type == null ? null : type.toLowerCase(Locale.ROOT);
    for (int i = 0; i < raws.size(); i++) {
      CustomFieldValue v = toValue(lowerType, code, raws.get(i));
      if (v != null) {
        values.add(v);
      }
    }
    return new CustomField(fieldId, code, name, type, values);
  }

  private void readValues(JsonReader r, List<Raw> out) throws IOException {
    if (r.peek() != JsonReader.Token.BEGIN_ARRAY) {
      r.skipValue();
      return;
    }
    r.beginArray();
    while (r.hasNext()) {
      if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
        r.skipValue();
        continue;
      }
      // Each key's JSON exactly as sent: reading through Moshi's JSON values would make every
      // number a double ({"vat_id":1} written back as 1.0, long numbers losing digits).
      Keys all = new Keys();
      r.beginObject();
      while (r.hasNext()) {
        all.put(r.nextName(), rawValue(r));
      }
      r.endObject();
      // Each key's JSON is short and almost always a plain string or number: read from the
      // text kept rather than through a new reader per key (LenientAdapters.readRaw).
      String text = null;
      JsonReader.Token token = null;
      String value = all.get("value");
      if (value != null) {
        token = LenientAdapters.rawToken(value);
        if (token == JsonReader.Token.STRING || token == JsonReader.Token.NUMBER
            || token == JsonReader.Token.BOOLEAN) {
          text = LenientAdapters.readRaw(LenientAdapters.STRING, value);
        }
      }
      String enumIdJson = all.get("enum_id");
      Long enumId = enumIdJson != null ? LenientAdapters.readRaw(LenientAdapters.LONG, enumIdJson)
          : null;
      String enumCode = null;
      for (int i = 0; i < all.size() && enumCode == null; i++) {
        if (all.name(i).equals("enum_code") || all.name(i).equals("enum")) {
          enumCode = LenientAdapters.readRaw(LenientAdapters.STRING, all.json(i));
        }
      }
      out.add(new Raw(text, token, enumId, enumCode, all));
    }
    r.endArray();
  }

  /**
   * Returns the next value's JSON text exactly as sent. A number's, a boolean's and null's text is
   * what the reader gives (nextString() of a number is its text as sent); anything else, a string
   * with its escapes included, through {@link JsonReader#nextSource()}, which costs more.
   */
  private static String rawValue(JsonReader r) throws IOException {
    switch (r.peek()) {
      case NUMBER:
        return r.nextString();
      case BOOLEAN:
        return r.nextBoolean() ? "true" : "false";
      case NULL:
        r.nextNull();
        return "null";
      default:
        try (BufferedSource source = r.nextSource()) {
          return source.readUtf8();
        }
    }
  }

  private @Nullable CustomFieldValue toValue(@Nullable String type, @Nullable String code,
      Raw raw) {
    String text = raw.text();
    if (type == null && code != null
        && (code.equalsIgnoreCase("PHONE") || code.equalsIgnoreCase("EMAIL"))) {
      type = "multitext"; // the standard fields are multitext whatever else was sent
    }
    if (type != null) {
      if (TEXT.contains(type) && text != null) {
        return new CustomFieldValue.Text(text);
      }
      if (NUMERIC.contains(type) && text != null) {
        BigDecimal n = decimal(text);
        return n != null ? new CustomFieldValue.Numeric(n) : new CustomFieldValue.Text(text);
      }
      if (type.equals("checkbox") && text != null) {
        Boolean b = LenientAdapters.BOOLEAN.fromJsonValue(text);
        return b != null ? new CustomFieldValue.Checkbox(b) : new CustomFieldValue.Text(text);
      }
      if (SELECT.contains(type) && (raw.enumId() != null || text != null)) {
        return new CustomFieldValue.Select(raw.enumId(), text);
      }
      if (DATE.contains(type) && text != null) {
        Instant at = LenientAdapters.parseInstant(text);
        return at != null ? new CustomFieldValue.Date(at.getEpochSecond())
            : new CustomFieldValue.Text(text);
      }
      if (MULTITEXT.contains(type) && text != null && raw.token() == JsonReader.Token.STRING) {
        return new CustomFieldValue.Multitext(text, raw.enumCode(), raw.enumId());
      }
    }
    // No (known) type: go by the value's shape. A text with an option (enum_id or enum_code) is
    // kept whole, as a Multitext, and written back with both: it may be a phone, an email or an
    // address part, whose text must not be lost; a select's option sent with its label is
    // accepted by amoCRM too (the option wins).
    if (raw.token() == JsonReader.Token.STRING && text != null) {
      if (raw.enumCode() != null || raw.enumId() != null) {
        return new CustomFieldValue.Multitext(text, raw.enumCode(), raw.enumId());
      }
      return onlyValue(raw) ? new CustomFieldValue.Text(text) : other(raw);
    }
    if (raw.token() == JsonReader.Token.NUMBER && text != null && type == null) {
      BigDecimal n = decimal(text);
      return n != null ? new CustomFieldValue.Numeric(n) : new CustomFieldValue.Text(text);
    }
    if (raw.token() == JsonReader.Token.BOOLEAN && text != null && type == null) {
      return new CustomFieldValue.Checkbox(Boolean.parseBoolean(text));
    }
    if (raw.token() == null && raw.enumId() != null) {
      return new CustomFieldValue.Select(raw.enumId(), null);
    }
    return raw.all().size() == 0 ? null : other(raw);
  }

  /** True if the value object has no key but {@code value} that carries anything (not null). */
  private static boolean onlyValue(Raw raw) {
    Keys all = raw.all();
    for (int i = 0; i < all.size(); i++) {
      if (!all.name(i).equals("value") && !all.json(i).equals("null")) {
        return false;
      }
    }
    return true;
  }

  private static CustomFieldValue other(Raw raw) {
    Buffer out = new Buffer();
    try (JsonWriter w = JsonWriter.of(out)) {
      w.beginObject();
      for (int i = 0; i < raw.all().size(); i++) {
        w.name(raw.all().name(i));
        raw(w, raw.all().json(i));
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return new CustomFieldValue.Other(out.readUtf8());
  }

  private static @Nullable BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text.strip().replace(',', '.'));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void toJson(JsonWriter w, @Nullable CustomField field) throws IOException {
    if (field == null) {
      w.nullValue();
      return;
    }
    w.beginObject();
    if (field.fieldId() != null) {
      w.name("field_id").value(field.fieldId());
    }
    if (field.fieldCode() != null) {
      w.name("field_code").value(field.fieldCode());
    }
    w.name("values");
    if (field.values().isEmpty()) {
      boolean nulls = w.getSerializeNulls();
      w.setSerializeNulls(true); // "values": null is how amoCRM clears a field
      w.nullValue();
      w.setSerializeNulls(nulls);
    } else {
      w.beginArray();
      for (CustomFieldValue v : field.values()) {
        writeValue(w, v);
      }
      w.endArray();
    }
    w.endObject();
  }

  private static void writeValue(JsonWriter w, CustomFieldValue v) throws IOException {
    if (v instanceof CustomFieldValue.Other o) {
      raw(w, o.json());
      return;
    }
    w.beginObject();
    if (v instanceof CustomFieldValue.Text t) {
      w.name("value").value(t.value());
    } else if (v instanceof CustomFieldValue.Numeric n) {
      w.name("value");
      raw(w, n.value().toPlainString());
    } else if (v instanceof CustomFieldValue.Checkbox c) {
      w.name("value").value(c.value());
    } else if (v instanceof CustomFieldValue.Select s) {
      if (s.enumId() != null) {
        w.name("enum_id").value(s.enumId());
      } else {
        w.name("value").value(s.value());
      }
    } else if (v instanceof CustomFieldValue.Date d) {
      w.name("value").value(d.epochSecond());
    } else if (v instanceof CustomFieldValue.Multitext m) {
      w.name("value").value(m.value());
      if (m.enumCode() != null) {
        w.name("enum_code").value(m.enumCode());
      } else if (m.enumId() != null) {
        w.name("enum_id").value(m.enumId());
      }
    }
    w.endObject();
  }

  private static void raw(JsonWriter w, String json) throws IOException {
    try (BufferedSink sink = w.valueSink()) {
      sink.writeUtf8(json);
    }
  }
}
