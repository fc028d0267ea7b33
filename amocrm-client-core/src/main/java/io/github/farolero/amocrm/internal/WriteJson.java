package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import okio.Buffer;
import okio.BufferedSink;

/**
 * The JSON an add or update sends: a model's own JSON (which keeps everything read, see
 * {@code Extras}) without what amoCRM documents as answer-only, so that an entity read, changed
 * through {@code toBuilder()} and updated does not send amoCRM's own answer back to it.
 *
 * <p>Left out: HAL keys ({@code _links}, {@code _page}) at any depth; at an entity's top level the
 * keys amoCRM lists only among the fields of its answers ({@code account_id}, {@code group_id},
 * {@code is_deleted}, {@code is_unsorted}, {@code closest_task_at}, {@code score},
 * {@code is_price_modified_by_robot}, {@code labor_cost}; a customer's {@code ltv},
 * {@code purchases_count} and {@code average_check}, a segment's {@code customers_count}); under
 * {@code _embedded} what an answer embeds but a write does not take ({@code loss_reason},
 * {@code catalog_elements} except in a transaction's add, {@code customers}, {@code leads}). Everything else is copied exactly: numbers by their text, a
 * {@code null} as a null (a custom field's {@code "values": null} clears it).
 */
final class WriteJson {
  private WriteJson() {}

  /** Keys of an entity's top level that amoCRM sends in its answers and never takes. */
  static final Set<String> ANSWER_ONLY = Set.of("account_id", "group_id", "is_deleted",
      "is_unsorted", "closest_task_at", "score", "is_price_modified_by_robot", "labor_cost",
      "ltv", "purchases_count", "average_check", "customers_count");

  /** Keys under {@code _embedded} that amoCRM embeds in its answers and never takes. */
  static final Set<String> EMBEDDED_ANSWER_ONLY =
      Set.of("loss_reason", "catalog_elements", "customers", "leads");

  /** HAL keys, left out at any depth. */
  static final Set<String> HAL = Set.of("_links", "_page");

  /** Returns one entity's JSON (an object) as a write sends it. */
  static String entity(String modelJson) {
    return write(modelJson, EMBEDDED_ANSWER_ONLY);
  }

  /**
   * Returns one transaction's JSON as its add sends it: as {@link #entity}, but keeping
   * {@code _embedded.catalog_elements}, which amoCRM takes with a transaction (what was bought).
   */
  static String transaction(String modelJson) {
    return write(modelJson, Set.of("loss_reason", "customers", "leads"));
  }

  private static String write(String modelJson, Set<String> embeddedAnswerOnly) {
    Buffer out = new Buffer();
    try (JsonWriter w = JsonWriter.of(out)) {
      JsonReader r = JsonReader.of(new Buffer().writeUtf8(modelJson));
      copy(r, w, Level.ENTITY, embeddedAnswerOnly);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return out.readUtf8();
  }

  /**
   * Copies one JSON value from a write's JSON to the writer as it is (numbers by their text, a null
   * as a null; HAL keys left out): for a body assembled from parts already made by this class.
   */
  static void copyValue(JsonReader r, JsonWriter w) throws IOException {
    copy(r, w, Level.OTHER, Set.of());
  }

  /** Where a value sits: what may be left out of it. */
  private enum Level {
    ENTITY, EMBEDDED, OTHER
  }

  private static void copy(JsonReader r, JsonWriter w, Level level, Set<String> embedded)
      throws IOException {
    switch (r.peek()) {
      case BEGIN_ARRAY -> {
        r.beginArray();
        w.beginArray();
        while (r.hasNext()) {
          copy(r, w, Level.OTHER, embedded);
        }
        r.endArray();
        w.endArray();
      }
      case BEGIN_OBJECT -> {
        r.beginObject();
        w.beginObject();
        while (r.hasNext()) {
          String name = r.nextName();
          if (HAL.contains(name)
              || (level == Level.ENTITY && ANSWER_ONLY.contains(name))
              || (level == Level.EMBEDDED && embedded.contains(name))) {
            r.skipValue();
            continue;
          }
          w.name(name);
          copy(r, w, level == Level.ENTITY && name.equals("_embedded") ? Level.EMBEDDED
              : Level.OTHER, embedded);
        }
        r.endObject();
        w.endObject();
      }
      case STRING -> w.value(r.nextString());
      case NUMBER -> {
        String number = r.nextString();
        try (BufferedSink sink = w.valueSink()) {
          sink.writeUtf8(number);
        }
      }
      case BOOLEAN -> w.value(r.nextBoolean());
      case NULL -> {
        r.nextNull();
        boolean nulls = w.getSerializeNulls();
        w.setSerializeNulls(true); // the models write a null only where it means something
        w.nullValue();
        w.setSerializeNulls(nulls);
      }
      default -> throw new IllegalStateException("unexpected " + r.peek() + " at " + r.getPath());
    }
  }
}
