package io.github.farolero.amocrm.api;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value as amoCRM sent it, or as a raw request sends it ({@link RawRequests}): its text and
 * its parsed value, a tree of {@link Map} (objects, keys in order), {@link List} (arrays), {@link
 * String}, {@link Long} (whole numbers that fit), {@link Double} (other numbers), {@link Boolean}
 * and null. The tree is unmodifiable.
 *
 * <pre>{@code
 * RawJson lead = client.raw().get("leads/42");
 * Object price = lead.asMap().get("price");
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} is the text.
 */
public final class RawJson {

  private static final RawJson EMPTY = new RawJson("", null);
  private static final JsonAdapter<Object> WRITER = new Moshi.Builder().build()
      .adapter(Object.class);

  private final String text;
  private final @Nullable Object value;

  private RawJson(String text, @Nullable Object value) {
    this.text = text;
    this.value = value;
  }

  /**
   * Reads JSON text.
   *
   * @param json one JSON value, such as {@code {"name":"Deal"}}
   * @return it
   * @throws IllegalArgumentException if it is not one well-formed JSON value; the message says
   *     where, without quoting the text
   */
  public static RawJson parse(String json) {
    Objects.requireNonNull(json, "json == null");
    try {
      JsonReader r = JsonReader.of(new Buffer().writeUtf8(json));
      Object value = read(r);
      if (r.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("not one JSON value: more follows at " + r.getPath());
      }
      return new RawJson(json, value);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
          && iae.getMessage().startsWith("not one JSON value")) {
        throw iae;
      }
      throw new IllegalArgumentException("not well-formed JSON: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }
  }

  /**
   * Writes a value as JSON: maps, lists, strings, numbers, booleans and null, nested (a record is
   * written by its components).
   *
   * @param value the value, such as {@code List.of(Map.of("name", "Deal", "price", 100))}
   * @return its JSON
   * @throws IllegalArgumentException if the value cannot be written as JSON
   */
  public static RawJson of(@Nullable Object value) {
    String json;
    try {
      json = WRITER.toJson(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot be written as JSON: " + e.getMessage(), e);
    }
    return parse(json);
  }

  /** Returns the value of an answer without a body (such as {@code 204 No Content}). */
  public static RawJson empty() {
    return EMPTY;
  }

  /** Returns true for an answer without a body: {@link #text()} is empty, {@link #value()} null. */
  public boolean isEmpty() {
    return text.isEmpty();
  }

  /** Returns the JSON text, exactly as received or written. */
  public String text() {
    return text;
  }

  /** Returns the parsed value; null for JSON {@code null} and for an empty answer. */
  public @Nullable Object value() {
    return value;
  }

  /**
   * Returns the value as an object.
   *
   * @return its members, in order
   * @throws IllegalStateException if the value is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public Map<String, @Nullable Object> asMap() {
    if (!(value instanceof Map)) {
      throw new IllegalStateException("the JSON value is " + kind() + ", not an object");
    }
    return (Map<String, @Nullable Object>) value;
  }

  /**
   * Returns the value as an array.
   *
   * @return its elements
   * @throws IllegalStateException if the value is not a JSON array
   */
  @SuppressWarnings("unchecked")
  public List<@Nullable Object> asList() {
    if (!(value instanceof List)) {
      throw new IllegalStateException("the JSON value is " + kind() + ", not an array");
    }
    return (List<@Nullable Object>) value;
  }

  private String kind() {
    if (isEmpty()) {
      return "absent (the answer had no body)";
    }
    return value == null ? "null" : value instanceof Map ? "an object"
        : value instanceof List ? "an array" : "a " + value.getClass().getSimpleName();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RawJson other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static @Nullable Object read(JsonReader r) throws IOException {
    switch (r.peek()) {
      case BEGIN_OBJECT: {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
          map.put(r.nextName(), read(r));
        }
        r.endObject();
        return Collections.unmodifiableMap(map);
      }
      case BEGIN_ARRAY: {
        List<@Nullable Object> list = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
          list.add(read(r));
        }
        r.endArray();
        return Collections.unmodifiableList(list);
      }
      case STRING:
        return r.nextString();
      case NUMBER:
        return number(r.nextString());
      case BOOLEAN:
        return r.nextBoolean();
      case NULL:
        return r.nextNull();
      default:
        throw new IOException("unexpected " + r.peek() + " at " + r.getPath());
    }
  }

  private static Object number(String text) {
    if (text.matches("-?[0-9]{1,19}")) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        // falls through to a double
      }
    }
    return Double.parseDouble(text);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
