package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * One page of a HAL list, read as a stream: {@code _page}, {@code _links.next.href} and the items
 * of {@code _embedded.<key>}, each through the item adapter (an item it cannot read is dropped).
 * A bare array is read as the items of a page without a next link.
 *
 * <p>Read from the body's bytes ({@link #read(BufferedSource, String, JsonAdapter)}): a page of
 * 250 leads is about 115 KB, and making it a String and encoding it back to UTF-8 for the reader
 * cost a quarter of the parse. The String overload stays for callers that have one.
 */
record HalPage<T>(List<T> items, @Nullable Integer number, @Nullable String next) {

  static <T> HalPage<T> empty() {
    return new HalPage<>(List.of(), null, null);
  }

  /** Reads a page from its text; see {@link #read(BufferedSource, String, JsonAdapter)}. */
  static <T> HalPage<T> read(String body, String key, JsonAdapter<T> adapter)
      throws IOException {
    return read(new Buffer().writeUtf8(body), key, adapter);
  }

  /**
   * Reads a page from the body's bytes, straight from the source (the response body's own, or a
   * buffer holding it). A blank body (nothing but whitespace) is an empty page, as 204 No Content
   * is. Reads only what the JSON value needs; a bound on the body's size is the caller's (the
   * transport's).
   *
   * @throws com.squareup.moshi.JsonDataException or {@link com.squareup.moshi.JsonEncodingException}
   *     for JSON it cannot read
   * @throws IOException if the source fails
   */
  static <T> HalPage<T> read(BufferedSource body, String key, JsonAdapter<T> adapter)
      throws IOException {
    if (isBlank(body)) {
      return empty();
    }
    JsonReader r = JsonReader.of(body);
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

  /**
   * Skips leading JSON whitespace; true if the body is blank as {@link String#isBlank()} says
   * (what the String path was spared), false at the first byte of anything else.
   */
  private static boolean isBlank(BufferedSource body) throws IOException {
    while (body.request(1)) {
      byte b = body.getBuffer().getByte(0);
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        body.skip(1);
      } else if (b > ' ' && b < 0x7f) {
        return false; // printable ASCII: JSON, or not, but not blank
      } else {
        // A control character or non-ASCII: blank only if it is Unicode whitespace, to the end.
        return body.peek().readUtf8().isBlank();
      }
    }
    return true;
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
