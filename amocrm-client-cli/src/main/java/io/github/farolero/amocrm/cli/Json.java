package io.github.farolero.amocrm.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * JSON in and out. Output documents are built as ordered maps, so field names and order are
 * stable and every field is present (null when unknown): what {@code --json} promises scripts.
 */
final class Json {

  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Object> PRETTY =
      MOSHI.adapter(Object.class).serializeNulls().indent("  ");
  private static final JsonAdapter<Object> COMPACT = MOSHI.adapter(Object.class).serializeNulls();
  private static final JsonAdapter<Object> READ = MOSHI.adapter(Object.class);

  private Json() {}

  /** A new ordered object. */
  static Map<String, @Nullable Object> object() {
    return new LinkedHashMap<>();
  }

  /** The document, indented, as {@code --json} prints it. */
  static String pretty(Object document) {
    return PRETTY.toJson(document);
  }

  /**
   * The canonical form of a value: compact, object keys sorted, integral numbers without a
   * fraction. Equal values give equal text however the JSON was laid out, so it can be
   * authenticated (the bundle's associated data) and checked after a round trip.
   */
  static String canonical(@Nullable Object value) {
    return COMPACT.toJson(normalize(value));
  }

  /** Parses JSON text; null if it is not JSON. */
  static @Nullable Object parse(String text) {
    try {
      return READ.fromJson(text);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** An instant as ISO-8601 text, or null. */
  static @Nullable String time(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static @Nullable Object normalize(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, @Nullable Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), normalize(v)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Number n && !(value instanceof Long)) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 9e15) {
        return (long) d;
      }
    }
    return value;
  }
}
