package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.model.EventValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Reads an event's {@code value_before}/{@code value_after}: a list of one-key objects, each read
 * into an {@link EventValue}. Lenient as amoCRM's answers need: {@code []}, null or a missing key
 * is an empty list; a lone object where a list belongs is read as a list of it; ids as strings or
 * numbers; an object with several keys gives one value per key; a kind this client does not type,
 * or a known kind of an unexpected shape (a string where an object belongs), is kept raw as
 * {@link EventValue.Other}. Never throws on a shape; only JSON that is not JSON fails (the page's
 * typed error).
 */
final class EventValuesAdapter extends JsonAdapter<List<EventValue>> {

  @Override
  public List<EventValue> fromJson(JsonReader r) throws IOException {
    List<EventValue> out = new ArrayList<>();
    switch (r.peek()) {
      case BEGIN_ARRAY -> {
        r.beginArray();
        while (r.hasNext()) {
          element(r, out);
        }
        r.endArray();
      }
      case BEGIN_OBJECT -> element(r, out);
      default -> r.skipValue(); // null, a string, a number: nothing to read
    }
    return out;
  }

  private static void element(JsonReader r, List<EventValue> out) throws IOException {
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      String raw = raw(r);
      if (!raw.equals("null")) {
        out.add(new EventValue.Other("", raw));
      }
      return;
    }
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      String raw = raw(r);
      out.add(typed(key, raw));
    }
    r.endObject();
  }

  /** Reads one kind's value from its raw JSON; raw if it is not the object its kind expects. */
  static EventValue typed(String key, String raw) throws IOException {
    Map<String, String> f = fields(raw);
    if (f == null) {
      return new EventValue.Other(key, raw);
    }
    switch (key) {
      case "lead_status":
        return new EventValue.LeadStatus(longOf(f, "id"), longOf(f, "pipeline_id"));
      case "responsible_user":
        return new EventValue.ResponsibleUser(longOf(f, "id"));
      case "custom_field_value": {
        Long type = longOf(f, "field_type");
        Integer fieldType = type == null || type != type.intValue() ? null : type.intValue();
        return new EventValue.FieldValue(longOf(f, "field_id"), fieldType, longOf(f, "enum_id"),
            textOf(f, "text"));
      }
      case "name_field_value":
        return new EventValue.Name(textOf(f, "name"));
      case "sale_field_value":
        return new EventValue.Sale(textOf(f, "sale"));
      case "note":
        return new EventValue.Note(longOf(f, "id"));
      case "link":
      case "unlink": {
        String entity = f.get("entity");
        Map<String, String> e = entity == null ? null : fields(entity);
        return new EventValue.Link(key.equals("unlink"), e == null ? null : longOf(e, "id"),
            e == null ? null : textOf(e, "type"));
      }
      default:
        return new EventValue.Other(key, raw);
    }
  }

  /** An object's members as raw JSON text; null if the value is not an object. */
  private static @Nullable Map<String, String> fields(String raw) throws IOException {
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(raw));
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      return null;
    }
    Map<String, String> out = new HashMap<>();
    r.beginObject();
    while (r.hasNext()) {
      out.put(r.nextName(), raw(r)); // a repeated key: the last wins, as in the model records
    }
    r.endObject();
    return out;
  }

  private static @Nullable Long longOf(Map<String, String> f, String name) throws IOException {
    String raw = f.get(name);
    return raw == null ? null : LenientAdapters.readRaw(LenientAdapters.LONG, raw);
  }

  private static @Nullable String textOf(Map<String, String> f, String name) throws IOException {
    String raw = f.get(name);
    return raw == null ? null : LenientAdapters.readRaw(LenientAdapters.STRING, raw);
  }

  /** The next value's exact JSON text. */
  private static String raw(JsonReader r) throws IOException {
    try (okio.BufferedSource s = r.nextSource()) {
      return s.readUtf8();
    }
  }

  @Override
  public void toJson(JsonWriter w, @Nullable List<EventValue> values) throws IOException {
    w.beginArray();
    if (values != null) {
      for (EventValue v : values) {
        write(w, v);
      }
    }
    w.endArray();
  }

  private static void write(JsonWriter w, EventValue v) throws IOException {
    if (v instanceof EventValue.Other o && o.key().isEmpty()) {
      rawValue(w, o.json());
      return;
    }
    w.beginObject().name(v.key());
    if (v instanceof EventValue.LeadStatus s) {
      w.beginObject().name("id").value(s.id()).name("pipeline_id").value(s.pipelineId())
          .endObject();
    } else if (v instanceof EventValue.ResponsibleUser u) {
      w.beginObject().name("id").value(u.id()).endObject();
    } else if (v instanceof EventValue.FieldValue f) {
      w.beginObject().name("field_id").value(f.fieldId()).name("field_type").value(f.fieldType())
          .name("enum_id").value(f.enumId()).name("text").value(f.text()).endObject();
    } else if (v instanceof EventValue.Name n) {
      w.beginObject().name("name").value(n.name()).endObject();
    } else if (v instanceof EventValue.Sale s) {
      w.beginObject().name("sale");
      if (s.amount() != null) {
        w.value(s.amount());
      } else {
        w.value(s.sale());
      }
      w.endObject();
    } else if (v instanceof EventValue.Note n) {
      w.beginObject().name("id").value(n.id()).endObject();
    } else if (v instanceof EventValue.Link l) {
      w.beginObject().name("entity").beginObject().name("type").value(l.entityType())
          .name("id").value(l.entityId()).endObject().endObject();
    } else if (v instanceof EventValue.Other o) {
      rawValue(w, o.json());
    }
    w.endObject();
  }

  private static void rawValue(JsonWriter w, String json) throws IOException {
    try (BufferedSink sink = w.valueSink()) {
      sink.writeUtf8(json);
    }
  }
}
