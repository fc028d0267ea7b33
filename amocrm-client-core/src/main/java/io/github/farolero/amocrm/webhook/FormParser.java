package io.github.farolero.amocrm.webhook;

import io.github.farolero.amocrm.webhook.WebhookFormatException.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code application/x-www-form-urlencoded} body with PHP's bracketed keys into a tree:
 * {@code a[b][0][c]=x} becomes {@code {a: {b: {"0": {c: "x"}}}}}. A group is a
 * {@code LinkedHashMap<String, Object>} in the order keys first appear (numeric keys stay
 * strings); a value is a {@code String}, or a {@code List<String>} when the same key came more
 * than once (all kept, in order). {@code a[]=x} appends at the next free index, as PHP does.
 *
 * <p>Strict where the body is broken (one {@link WebhookFormatException}, nothing returned) and
 * bounded: at most {@code maxKeys} pairs and {@code maxDepth} levels. Not thread-safe; one per
 * body.
 */
final class FormParser {

  private static final int KEY_IN_MESSAGE = 100;

  private final Charset charset;
  private final int maxKeys;
  private final int maxDepth;
  private final Map<String, Object> root = new LinkedHashMap<>();

  FormParser(Charset charset, int maxKeys, int maxDepth) {
    this.charset = charset;
    this.maxKeys = maxKeys;
    this.maxDepth = maxDepth;
  }

  /** Parses the body; the returned tree is mutable and this parser's own. */
  Map<String, Object> parse(byte[] body, int length) {
    int keys = 0;
    int start = 0;
    while (start <= length) {
      int end = indexOf(body, (byte) '&', start, length);
      if (end > start) {
        if (++keys > maxKeys) {
          throw new WebhookFormatException(Reason.TOO_LARGE, null, "the webhook body has more"
              + " than " + maxKeys + " keys, the handler's limit");
        }
        pair(body, start, end);
      }
      start = end + 1;
    }
    return root;
  }

  private void pair(byte[] body, int start, int end) {
    int eq = indexOf(body, (byte) '=', start, end);
    String rawKey = new String(body, start, eq - start, StandardCharsets.ISO_8859_1);
    String key = decode(body, start, eq, rawKey, "key");
    String value = eq < end ? decode(body, eq + 1, end, key, "value") : "";
    insert(key, path(key), value);
  }

  /** Splits {@code name[a][b]} into its segments; refuses unbalanced or stray brackets. */
  private List<String> path(String key) {
    int open = key.indexOf('[');
    String name = open < 0 ? key : key.substring(0, open);
    if (name.isEmpty()) {
      throw malformed(key, "has no name before its brackets");
    }
    if (name.indexOf(']') >= 0) {
      throw malformed(key, "has a ']' without a '['");
    }
    List<String> path = new ArrayList<>();
    path.add(name);
    int i = open;
    while (i >= 0 && i < key.length()) {
      if (key.charAt(i) != '[') {
        throw malformed(key, "has text after a ']' that does not start a new '['");
      }
      int close = key.indexOf(']', i + 1);
      if (close < 0) {
        throw malformed(key, "has a '[' without its ']'");
      }
      String segment = key.substring(i + 1, close);
      if (segment.indexOf('[') >= 0) {
        throw malformed(key, "has a '[' inside brackets");
      }
      path.add(segment);
      if (path.size() > maxDepth) {
        throw new WebhookFormatException(Reason.TOO_LARGE, shown(key), "the webhook key "
            + quoted(key) + " nests deeper than " + maxDepth + " levels, the handler's limit");
      }
      i = close + 1;
    }
    return path;
  }

  @SuppressWarnings("unchecked")
  private void insert(String key, List<String> path, String value) {
    Map<String, Object> group = root;
    for (int i = 0; i < path.size(); i++) {
      String segment = path.get(i);
      if (segment.isEmpty()) {
        segment = nextIndex(group);
      }
      Object existing = group.get(segment);
      boolean leaf = i == path.size() - 1;
      if (leaf) {
        if (existing == null) {
          group.put(segment, value);
        } else if (existing instanceof String s) {
          List<String> all = new ArrayList<>(2);
          all.add(s);
          all.add(value);
          group.put(segment, all);
        } else if (existing instanceof List<?> list) {
          ((List<String>) list).add(value);
        } else {
          throw malformed(key, "is a value, but an earlier key made it a group");
        }
      } else if (existing == null) {
        Map<String, Object> child = new LinkedHashMap<>();
        group.put(segment, child);
        group = child;
      } else if (existing instanceof Map<?, ?> child) {
        group = (Map<String, Object>) child;
      } else {
        throw malformed(key, "is a group, but an earlier key made it a value");
      }
    }
  }

  /** The index {@code []} appends at: the first free one from the group's size, as PHP's. */
  private static String nextIndex(Map<String, Object> group) {
    int n = group.size();
    while (group.containsKey(Integer.toString(n))) {
      n++;
    }
    return Integer.toString(n);
  }

  /** Percent-decodes bytes [from, to), {@code +} as space, then decodes the charset strictly. */
  private String decode(byte[] body, int from, int to, String key, String part) {
    ByteBuffer out = ByteBuffer.allocate(to - from);
    for (int i = from; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out.put((byte) ' ');
      } else if (b == '%') {
        int hi = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
        int lo = hi >= 0 ? Character.digit(body[i + 2], 16) : -1;
        if (lo < 0) {
          throw malformed(key, "has a bad percent-encoding in its " + part);
        }
        out.put((byte) (hi << 4 | lo));
        i += 2;
      } else {
        out.put(b);
      }
    }
    out.flip();
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(out);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw malformed(key, "has a " + part + " that is not valid " + charset.name());
    }
  }

  private static int indexOf(byte[] body, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] == b) {
        return i;
      }
    }
    return to;
  }

  private static WebhookFormatException malformed(String key, String what) {
    return new WebhookFormatException(Reason.MALFORMED, shown(key),
        "the webhook body is malformed: key " + quoted(key) + " " + what);
  }

  /** The key as a message may show it: at most 100 characters, control characters as '?'. */
  static String shown(String key) {
    String cut = key.length() > KEY_IN_MESSAGE ? key.substring(0, KEY_IN_MESSAGE) + "…" : key;
    StringBuilder sb = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    return sb.toString();
  }

  private static String quoted(String key) {
    return "'" + shown(key) + "'";
  }
}
