package io.github.farolero.amocrm.model;

import java.util.Map;
import java.util.Objects;

/**
 * The metadata of an unsorted lead of a category this library does not type (such as
 * {@code chats} or {@code mail}), kept raw: each key of amoCRM's {@code metadata} object with its
 * JSON text, in the order sent, so that nothing of it is lost and it is written back as read.
 * Only {@code forms} and {@code sip} unsorted can be added through the API, so this is read-only.
 *
 * <pre>{@code
 * if (unsorted.metadata() instanceof OtherMetadata chat) {
 *   Optional<String> origin = chat.fields().json("origin");
 * }
 * }</pre>
 *
 * @param category the unsorted lead's category, such as {@code chats}
 * @param fields the metadata object's keys with their JSON texts
 */
public record OtherMetadata(String category, Extras fields) implements UnsortedMetadata {
  /** Checks the arguments. */
  public OtherMetadata {
    Objects.requireNonNull(category, "category == null");
    fields = fields == null ? Extras.none() : fields;
  }

  /**
   * Returns the metadata object as JSON text, its keys in the order sent.
   *
   * @return the object, such as {@code {"from":"Telegram","origin":"telegram"}}
   */
  public String json() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> e : fields.asMap().entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(out, e.getKey());
      out.append(':').append(e.getValue());
    }
    return out.append('}').toString();
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
