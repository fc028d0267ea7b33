package io.github.farolero.amocrm.webhook;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lenient readings of a webhook's string values: what cannot be read as the type is null, never
 * an exception. And the deep, immutable copy of a parsed tree.
 */
final class Values {
  private Values() {}

  private static final DateTimeFormatter SQL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]", Locale.ROOT);

  /** The value of a key as PHP reads it: the last of a repeated key; null for a group. */
  static @Nullable String scalar(@Nullable Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof List<?> list && !list.isEmpty()) {
      return (String) list.get(list.size() - 1);
    }
    return null;
  }

  static List<String> all(@Nullable Object v) {
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add((String) o);
      }
      return Collections.unmodifiableList(out);
    }
    return List.of();
  }

  static @Nullable Long toLong(@Nullable String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    if (t.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      BigDecimal d = toDecimal(t);
      if (d == null) {
        return null;
      }
      try {
        return d.longValueExact();
      } catch (ArithmeticException notWhole) {
        return null;
      }
    }
  }

  static @Nullable BigDecimal toDecimal(@Nullable String s) {
    if (s == null || s.isBlank() || s.strip().length() > 100) {
      return null;
    }
    try {
      return new BigDecimal(s.strip().replace(',', '.'));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static @Nullable Boolean toBoolean(@Nullable String s) {
    if (s == null) {
      return null;
    }
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "1", "true", "on", "yes", "y" -> Boolean.TRUE;
      case "0", "false", "off", "no", "n" -> Boolean.FALSE;
      default -> null;
    };
  }

  /**
   * Reads unix seconds ({@code "1615845600"}), {@code "2017-07-20 15:00:00"} or
   * {@code "2017-07-20"} (in {@code zone}), or an ISO date-time with an offset.
   */
  static @Nullable Instant toInstant(@Nullable String s, ZoneId zone) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    if (t.isEmpty()) {
      return null;
    }
    Long seconds = isInteger(t) ? toLong(t) : null;
    try {
      if (seconds != null) {
        return Instant.ofEpochSecond(seconds);
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(zone).toInstant();
      }
      if (t.length() >= 16 && t.length() <= 19 && t.charAt(10) == ' ') {
        return LocalDateTime.parse(t, SQL_TIME).atZone(zone).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static boolean isInteger(String t) {
    int start = t.charAt(0) == '-' ? 1 : 0;
    if (start == t.length()) {
      return false;
    }
    for (int i = start; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A deep copy whose maps and lists cannot be changed; map order kept. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> frozen(Map<String, ?> tree) {
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, tree.size() * 2));
    for (Map.Entry<String, ?> e : tree.entrySet()) {
      Object v = e.getValue();
      String key = Objects.requireNonNull(e.getKey(), "a key is null");
      if (v instanceof Map<?, ?> m) {
        out.put(key, frozen((Map<String, ?>) m));
      } else if (v instanceof List<?> list) {
        for (Object o : list) {
          if (!(o instanceof String)) {
            throw new IllegalArgumentException("key " + key + " holds a list of non-strings");
          }
        }
        out.put(key, List.copyOf((List<String>) list));
      } else if (v instanceof String s) {
        out.put(key, s);
      } else {
        throw new IllegalArgumentException("key " + key + " holds " + (v == null ? "null"
            : v.getClass().getSimpleName()) + "; a webhook holds strings, lists of strings and"
            + " groups");
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
