package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * One page of a HAL list, read as a stream: {@code _page}, {@code _links.next.href} and the items
 * of {@code _embedded.<key>}, each through the item adapter (an item it cannot read is dropped).
 * A bare array is read as the items of a page without a next link.
 */
record HalPage<T>(List<T> items, @Nullable Integer number, @Nullable String next) {

  static <T> HalPage<T> empty() {
    return new HalPage<>(List.of(), null, null);
  }

  static <T> HalPage<T> read(String body, String key, JsonAdapter<T> adapter)
      throws IOException {
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(body));
    List<T> items = new ArrayList<>();
    if (r.peek() == JsonReader.Token.BEGIN_ARRAY) {
      readItems(r, adapter, items);
      return new HalPage<>(items, null, null);
    }
    Integer number = null;
    String next = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "_page" -> {
          Long n = LenientAdapters.LONG.fromJson(r);
          number = n == null ? null : n.intValue();
        }
        case "_links" -> next = readNext(r);
        case "_embedded" -> readEmbedded(r, key, adapter, items);
        default -> r.skipValue();
      }
    }
    r.endObject();
    return new HalPage<>(items, number, next);
  }

  private static @Nullable String readNext(JsonReader r) throws IOException {
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      r.skipValue();
      return null;
    }
    String next = null;
    r.beginObject();
    while (r.hasNext()) {
      if (r.nextName().equals("next") && r.peek() == JsonReader.Token.BEGIN_OBJECT) {
        r.beginObject();
        while (r.hasNext()) {
          if (r.nextName().equals("href")) {
            next = LenientAdapters.STRING.fromJson(r);
          } else {
            r.skipValue();
          }
        }
        r.endObject();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    return next == null || next.isBlank() ? null : next;
  }

  private static <T> void readEmbedded(JsonReader r, String key, JsonAdapter<T> adapter,
      List<T> items) throws IOException {
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      r.skipValue(); // [] for "nothing embedded"
      return;
    }
    r.beginObject();
    while (r.hasNext()) {
      if (r.nextName().equals(key) && r.peek() == JsonReader.Token.BEGIN_ARRAY) {
        readItems(r, adapter, items);
      } else {
        r.skipValue();
      }
    }
    r.endObject();
  }

  private static <T> void readItems(JsonReader r, JsonAdapter<T> adapter, List<T> items)
      throws IOException {
    r.beginArray();
    while (r.hasNext()) {
      T item = adapter.fromJson(r);
      if (item != null) {
        items.add(item);
      }
    }
    r.endArray();
  }
}
