package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A list request's {@code page}, {@code limit}, {@code query}, {@code filter[...]} and
 * {@code order[...]}, and matching entities against them. Supported filters: any top-level field
 * by value ({@code filter[id]=1}, {@code filter[id][]=1&filter[id][]=2}), time ranges
 * ({@code filter[updated_at][from]=...&[to]=...}), and {@code filter[statuses][N][pipeline_id|status_id]}.
 */
final class MockQuery {

  final int page;
  final int limit;
  final @Nullable String query;
  private final Map<String, List<String>> equal = new LinkedHashMap<>();
  private final Map<String, long[]> ranges = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> statuses = new LinkedHashMap<>();
  private @Nullable String orderField;
  private boolean descending;

  MockQuery(HttpUrl url) {
    page = Math.max(1, intParam(url, "page", 1));
    limit = Math.max(1, Math.min(250, intParam(url, "limit", 50)));
    String q = url.queryParameter("query");
    query = q == null || q.isBlank() ? null : q.toLowerCase(Locale.ROOT);
    for (String name : url.queryParameterNames()) {
      List<String> parts = brackets(name);
      if (name.startsWith("filter[") && !parts.isEmpty()) {
        String field = parts.get(0);
        String value = url.queryParameter(name);
        if (field.equals("statuses") && parts.size() == 3) {
          statuses.computeIfAbsent(parts.get(1), k -> new HashMap<>()).put(parts.get(2), value);
        } else if (parts.size() == 2 && (parts.get(1).equals("from") || parts.get(1).equals("to"))) {
          long[] r = ranges.computeIfAbsent(field, k -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
          long v = parseLong(value, parts.get(1).equals("from") ? Long.MIN_VALUE : Long.MAX_VALUE);
          r[parts.get(1).equals("from") ? 0 : 1] = v;
        } else {
          equal.computeIfAbsent(field, k -> new ArrayList<>()).addAll(url.queryParameterValues(name)
              .stream().map(v -> v == null ? "" : v).toList());
        }
      } else if (name.startsWith("order[") && parts.size() == 1) {
        orderField = parts.get(0);
        descending = "desc".equalsIgnoreCase(url.queryParameter(name));
      }
    }
  }

  /**
   * Returns the index of the page's first entity. Far past any list it is Integer.MAX_VALUE, an
   * empty page: (page - 1) * limit in int arithmetic overflowed into the first page again.
   */
  int from() {
    return (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * limit);
  }

  /** True when the list is every stored entity in id order: served from stored bytes. */
  boolean plain() {
    return query == null && equal.isEmpty() && ranges.isEmpty() && statuses.isEmpty()
        && (orderField == null || (orderField.equals("id") && !descending));
  }

  boolean matches(Map<String, Object> e) {
    for (Map.Entry<String, List<String>> f : equal.entrySet()) {
      if (!f.getValue().contains(text(e.get(f.getKey())))) {
        return false;
      }
    }
    for (Map.Entry<String, long[]> r : ranges.entrySet()) {
      Long v = MockJson.asLong(e.get(r.getKey()));
      if (v == null || v < r.getValue()[0] || v > r.getValue()[1]) {
        return false;
      }
    }
    if (!statuses.isEmpty()) {
      boolean any = false;
      for (Map<String, String> s : statuses.values()) {
        any |= (s.get("pipeline_id") == null || s.get("pipeline_id").equals(text(e.get("pipeline_id"))))
            && (s.get("status_id") == null || s.get("status_id").equals(text(e.get("status_id"))));
      }
      if (!any) {
        return false;
      }
    }
    return query == null || MockJson.toJson(e).toLowerCase(Locale.ROOT).contains(query);
  }

  Comparator<Map<String, Object>> order() {
    Comparator<Map<String, Object>> byId = Comparator.comparingLong(e -> numeric(e, "id"));
    if (orderField == null || orderField.equals("id")) {
      return descending ? byId.reversed() : byId;
    }
    String field = orderField;
    Comparator<Map<String, Object>> c = Comparator.comparingLong(e -> numeric(e, field));
    return (descending ? c.reversed() : c).thenComparing(byId);
  }

  private static long numeric(Map<String, Object> e, String field) {
    Long v = MockJson.asLong(e.get(field));
    return v == null ? 0 : v;
  }

  private static String text(@Nullable Object v) {
    Long n = MockJson.asLong(v);
    return n != null ? n.toString() : String.valueOf(v);
  }

  private static List<String> brackets(String name) {
    List<String> parts = new ArrayList<>();
    int i = name.indexOf('[');
    while (i >= 0) {
      int j = name.indexOf(']', i);
      if (j < 0) {
        break;
      }
      parts.add(name.substring(i + 1, j));
      i = name.indexOf('[', j);
    }
    return parts;
  }

  private static int intParam(HttpUrl url, String name, int fallback) {
    long v = parseLong(url.queryParameter(name), fallback);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)); // no wrap-around
  }

  private static long parseLong(@Nullable String s, long fallback) {
    try {
      return s == null ? fallback : Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
