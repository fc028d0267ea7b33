package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.EventValue;
import io.github.farolero.amocrm.model.Extras;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/** The Moshi that reads and writes the API models, with the lenient adapters. Thread-safe. */
public final class ModelJson {
  private ModelJson() {}

  private static final Moshi MOSHI = new Moshi.Builder()
      // Before TOLERANT_SHAPES: it would read a lone object where the list belongs as null.
      .add(Types.newParameterizedType(List.class, EventValue.class), new EventValuesAdapter())
      .add(LenientAdapters.TOLERANT_SHAPES)
      .add(CustomField.class, new CustomFieldAdapter())
      .add(Extras.class, new ExtrasAdapter())
      .add(Long.class, LenientAdapters.LONG)
      .add(long.class, LenientAdapters.LONG.nonNull())
      .add(Boolean.class, LenientAdapters.BOOLEAN)
      .add(boolean.class, LenientAdapters.BOOLEAN.nonNull())
      .add(String.class, LenientAdapters.STRING)
      .add(Instant.class, LenientAdapters.INSTANT)
      .add(java.math.BigDecimal.class, LenientAdapters.DECIMAL)
      .build();

  /**
   * Extras as a JSON object of their own, should anything read or write them as a value (a
   * record's Extras component is not: its RecordReader spreads them into the record's object).
   */
  private static final class ExtrasAdapter extends JsonAdapter<Extras> {
    @Override
    public @Nullable Extras fromJson(JsonReader r) throws IOException {
      if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
        r.skipValue();
        return null;
      }
      Map<String, String> json = new LinkedHashMap<>();
      r.beginObject();
      while (r.hasNext()) {
        json.put(r.nextName(), LenientAdapters.rawJson(r));
      }
      r.endObject();
      return Extras.of(json);
    }

    @Override
    public void toJson(JsonWriter w, @Nullable Extras extras) throws IOException {
      if (extras == null) {
        w.nullValue();
        return;
      }
      w.beginObject();
      for (Map.Entry<String, String> e : extras.asMap().entrySet()) {
        w.name(e.getKey());
        try (BufferedSink sink = w.valueSink()) {
          sink.writeUtf8(e.getValue());
        }
      }
      w.endObject();
    }
  }

  /** Returns the shared Moshi. */
  static Moshi moshi() {
    return MOSHI;
  }

  /** Returns the adapter of a model type. */
  public static <T> JsonAdapter<T> adapter(Class<T> type) {
    return MOSHI.adapter(type);
  }
}
