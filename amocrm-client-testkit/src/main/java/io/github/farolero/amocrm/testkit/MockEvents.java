package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The mock's event log: what changes made through the mock (and {@link
 * MockAmoCrmServer#deleteEntity}) record, in amoCRM's shape with {@code value_before} and {@code
 * value_after}; served by {@code GET events} (newest first, with amoCRM's filters), {@code GET
 * events/{id}} and {@code GET events/types}. Thread-safe.
 */
final class MockEvents {

  /** amoCRM's most events in one page. */
  static final int MAX_LIMIT = 100;

  private static final String[][] TYPES = {
      {"lead_added", "1", "Новая сделка"}, {"lead_deleted", "7", "Сделка удалена"},
      {"lead_status_changed", "3", "Изменение этапа продажи"},
      {"contact_added", "2", "Новый контакт"}, {"contact_deleted", "8", "Контакт удален"},
      {"company_added", "4", "Новая компания"}, {"company_deleted", "9", "Компания удалена"},
      {"entity_responsible_changed", "36", "Ответственный изменен"},
      {"name_field_changed", "70", "Изменение поля “Название”"},
      {"sale_field_changed", "69", "Изменение поля “Бюджет”"},
      {"custom_field_value_changed", "71", "Изменение поля"},
      {"task_added", "11", "Новая задача"},
  };
  /** amoCRM's numbers for field types, as events write them. */
  private static final Map<String, Integer> FIELD_TYPES = Map.of("text", 1, "numeric", 2,
      "checkbox", 3, "select", 4, "multiselect", 5, "date", 6, "url", 7, "multitext", 8,
      "textarea", 9);

  private final MockApi api;
  private final List<Map<String, Object>> events = new ArrayList<>(); // guarded by this
  private final Map<String, Map<String, Object>> byId = new HashMap<>(); // guarded by this
  private long sequence;

  MockEvents(MockApi api) {
    this.api = api;
  }

  /** Records an event; the values are lists of one-key maps, as amoCRM writes them. */
  synchronized Map<String, Object> record(String type, String entity, long entityId,
      List<Object> before, List<Object> after) {
    Map<String, Object> e = new LinkedHashMap<>();
    String id = String.format("01mock%020d", ++sequence);
    e.put("id", id);
    e.put("type", type);
    e.put("entity_id", entityId);
    e.put("entity_type", singular(entity));
    e.put("created_by", MockSeed.USER_ID);
    e.put("created_at", api.now());
    e.put("value_after", after);
    e.put("value_before", before);
    e.put("account_id", MockApi.ACCOUNT_ID);
    e.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/events/" + id)));
    events.add(e);
    byId.put(id, e);
    return e;
  }

  /** Records what an update changed: stage, responsible, name, budget, custom field values. */
  void changed(String entity, long id, Map<String, Object> old, Map<String, Object> now) {
    if (!Objects.equals(old.get("status_id"), now.get("status_id"))
        || !Objects.equals(old.get("pipeline_id"), now.get("pipeline_id"))) {
      record("lead_status_changed", entity, id, List.of(status(old)), List.of(status(now)));
    }
    if (!Objects.equals(old.get("responsible_user_id"), now.get("responsible_user_id"))) {
      record("entity_responsible_changed", entity, id,
          List.of(Map.of("responsible_user", Map.of("id", old.get("responsible_user_id")))),
          List.of(Map.of("responsible_user", Map.of("id", now.get("responsible_user_id")))));
    }
    if (!Objects.equals(old.get("name"), now.get("name"))) {
      record("name_field_changed", entity, id,
          List.of(Map.of("name_field_value", Map.of("name", String.valueOf(old.get("name"))))),
          List.of(Map.of("name_field_value", Map.of("name", String.valueOf(now.get("name"))))));
    }
    if (entity.equals("leads") && !Objects.equals(old.get("price"), now.get("price"))) {
      record("sale_field_changed", entity, id,
          List.of(Map.of("sale_field_value", Map.of("sale", old.get("price")))),
          List.of(Map.of("sale_field_value", Map.of("sale", now.get("price")))));
    }
    Map<Long, Map<String, Object>> before = fieldsById(old.get("custom_fields_values"));
    Map<Long, Map<String, Object>> after = fieldsById(now.get("custom_fields_values"));
    for (Long field : union(before, after)) {
      Map<String, Object> b = before.get(field);
      Map<String, Object> a = after.get(field);
      if (!Objects.equals(b, a)) {
        record("custom_field_value_changed", entity, id, fieldValues(field, b),
            fieldValues(field, a));
      }
    }
  }

  private static List<Long> union(Map<Long, ?> a, Map<Long, ?> b) {
    List<Long> out = new ArrayList<>(a.keySet());
    for (Long k : b.keySet()) {
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  private static Map<String, Object> status(Map<String, Object> e) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", e.get("status_id"));
    s.put("pipeline_id", e.get("pipeline_id"));
    return Map.of("lead_status", s);
  }

  private static Map<Long, Map<String, Object>> fieldsById(@Nullable Object raw) {
    Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> f = MockJson.asMap(o);
        Long id = f == null ? null : MockJson.asLong(f.get("field_id"));
        if (id != null) {
          out.put(id, f);
        }
      }
    }
    return out;
  }

  private static List<Object> fieldValues(long field, @Nullable Map<String, Object> f) {
    List<Object> out = new ArrayList<>();
    if (f == null || !(f.get("values") instanceof List<?> values)) {
      return out;
    }
    Integer type = FIELD_TYPES.getOrDefault(String.valueOf(f.get("field_type")), 0);
    for (Object o : values) {
      Map<String, Object> v = MockJson.asMap(o);
      if (v == null) {
        continue;
      }
      Map<String, Object> cf = new LinkedHashMap<>();
      cf.put("field_id", field);
      cf.put("field_type", type);
      cf.put("enum_id", v.get("enum_id"));
      cf.put("text", v.get("value") == null ? "" : String.valueOf(v.get("value")));
      out.add(Map.of("custom_field_value", cf));
    }
    return out;
  }

  static String singular(String entity) {
    return switch (entity) {
      case "leads" -> "lead";
      case "contacts" -> "contact";
      case "companies" -> "company";
      case "tasks" -> "task";
      case "customers" -> "customer";
      default -> entity;
    };
  }

  /** {@code GET events/types}. */
  MockResponse.Builder types(RecordedRequest request) {
    List<Map<String, Object>> all = new ArrayList<>();
    boolean english = "en".equals(request.getUrl().queryParameter("language_code"));
    for (String[] t : TYPES) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", t[0]);
      m.put("type", Long.parseLong(t[1]));
      m.put("lang", english ? t[0].replace('_', ' ') : t[2]);
      all.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_total_items", all.size());
    body.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/events/types")));
    body.put("_embedded", Map.of("events_types", all));
    return api.json(200, body, "application/hal+json");
  }

  /** {@code GET events/{id}}: 404 for an id the mock has not recorded. */
  synchronized MockResponse.Builder one(String id) {
    Map<String, Object> e = byId.get(id);
    return e == null ? api.problem(404, "Not Found", "Event " + id + " not found")
        : api.json(200, e, "application/hal+json");
  }

  /** {@code GET events}: filtered, newest first, paged. */
  MockResponse.Builder list(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    Filter f = new Filter(url);
    if (f.error != null) {
      return api.problem(400, "Bad Request", f.error);
    }
    List<Map<String, Object>> all = new ArrayList<>();
    synchronized (this) {
      for (Map<String, Object> e : events) {
        if (f.matches(e)) {
          all.add(e);
        }
      }
    }
    all.sort(Comparator.<Map<String, Object>>comparingLong(e -> MockJson.asLong(e.get("created_at")))
        .thenComparing(e -> (String) e.get("id")).reversed());
    int limit = Math.min(MAX_LIMIT, Math.max(1, param(url, "limit", 50)));
    int page = Math.max(1, param(url, "page", 1));
    long from = (long) (page - 1) * limit;
    if (from >= all.size()) {
      return new MockResponse.Builder().code(204);
    }
    List<Map<String, Object>> items = all.subList((int) from,
        (int) Math.min(all.size(), from + limit));
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", MockJson.href(pageUrl(url, page)));
    if (from + limit < all.size()) {
      links.put("next", MockJson.href(pageUrl(url, page + 1)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_page", page);
    body.put("_links", links);
    body.put("_embedded", Map.of("events", new ArrayList<>(items)));
    return api.json(200, body, "application/hal+json");
  }

  private String pageUrl(HttpUrl url, int page) {
    HttpUrl base = HttpUrl.get(api.linkBase());
    return url.newBuilder().scheme(base.scheme()).host(base.host()).port(base.port())
        .setQueryParameter("page", Integer.toString(page)).build().toString();
  }

  private static int param(HttpUrl url, String name, int fallback) {
    try {
      String v = url.queryParameter(name);
      return v == null ? fallback : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** amoCRM's events filters, as the mock understands them. */
  private static final class Filter {
    final List<String> ids = new ArrayList<>();
    final List<String> types = new ArrayList<>();
    final List<String> entities = new ArrayList<>();
    final List<String> entityIds = new ArrayList<>();
    final List<String> createdBy = new ArrayList<>();
    long from = Long.MIN_VALUE;
    long to = Long.MAX_VALUE;
    final Map<String, Map<String, Map<String, String>>> statuses = new HashMap<>();
    final Map<String, List<String>> responsible = new HashMap<>();
    @Nullable String error;

    Filter(HttpUrl url) {
      for (String name : url.queryParameterNames()) {
        List<String> values = url.queryParameterValues(name).stream()
            .map(v -> v == null ? "" : v).toList();
        String n = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
        switch (n) {
          case "filter[id]" -> ids.addAll(csv(values));
          case "filter[type]" -> types.addAll(csv(values));
          case "filter[entity]" -> entities.addAll(csv(values));
          case "filter[entity_id]" -> entityIds.addAll(csv(values));
          case "filter[created_by]" -> createdBy.addAll(csv(values));
          case "filter[created_at][from]" -> from = number(values.get(0), n);
          case "filter[created_at][to]" -> to = number(values.get(0), n);
          default -> {
            if (n.startsWith("filter[value_before]") || n.startsWith("filter[value_after]")) {
              String side = n.startsWith("filter[value_before]") ? "value_before" : "value_after";
              String rest = n.substring(("filter[" + side + "]").length());
              if (rest.equals("[responsible_user_id]")) {
                responsible.put(side, csv(values));
              } else if (rest.startsWith("[leads_statuses][")) {
                String[] parts = rest.substring(1, rest.length() - 1).split("\\]\\[");
                if (parts.length == 3) {
                  statuses.computeIfAbsent(side, k -> new HashMap<>())
                      .computeIfAbsent(parts[1], k -> new HashMap<>()).put(parts[2], values.get(0));
                }
              }
            }
          }
        }
      }
      if (!entityIds.isEmpty() && entities.size() != 1) {
        error = "filter[entity_id] needs exactly one filter[entity]";
      }
    }

    private long number(String v, String name) {
      try {
        return Long.parseLong(v.strip());
      } catch (NumberFormatException e) {
        error = name + " must be a timestamp: " + v;
        return 0;
      }
    }

    private static List<String> csv(List<String> values) {
      List<String> out = new ArrayList<>();
      for (String v : values) {
        for (String part : v.split(",")) {
          if (!part.isBlank()) {
            out.add(part.strip());
          }
        }
      }
      return out;
    }

    boolean matches(Map<String, Object> e) {
      long at = MockJson.asLong(e.get("created_at"));
      if (at < from || at > to) {
        return false;
      }
      if (!ids.isEmpty() && !ids.contains(String.valueOf(e.get("id")))) {
        return false;
      }
      if (!types.isEmpty() && !types.contains(String.valueOf(e.get("type")))) {
        return false;
      }
      if (!entities.isEmpty() && !entities.contains(String.valueOf(e.get("entity_type")))) {
        return false;
      }
      if (!entityIds.isEmpty()
          && !entityIds.contains(String.valueOf(MockJson.asLong(e.get("entity_id"))))) {
        return false;
      }
      if (!createdBy.isEmpty()
          && !createdBy.contains(String.valueOf(MockJson.asLong(e.get("created_by"))))) {
        return false;
      }
      for (Map.Entry<String, List<String>> r : responsible.entrySet()) {
        Object v = value(e, r.getKey(), "responsible_user", "id");
        if (v == null || !r.getValue().contains(String.valueOf(MockJson.asLong(v)))) {
          return false;
        }
      }
      for (Map.Entry<String, Map<String, Map<String, String>>> s : statuses.entrySet()) {
        Object status = value(e, s.getKey(), "lead_status", "id");
        Object pipeline = value(e, s.getKey(), "lead_status", "pipeline_id");
        boolean any = false;
        for (Map<String, String> want : s.getValue().values()) {
          any |= (want.get("status_id") == null
                  || want.get("status_id").equals(String.valueOf(MockJson.asLong(status))))
              && (want.get("pipeline_id") == null
                  || want.get("pipeline_id").equals(String.valueOf(MockJson.asLong(pipeline))));
        }
        if (status == null || !any) {
          return false;
        }
      }
      return true;
    }

    private static @Nullable Object value(Map<String, Object> e, String side, String key,
        String field) {
      if (e.get(side) instanceof List<?> list) {
        for (Object o : list) {
          Map<String, Object> m = MockJson.asMap(o);
          Map<String, Object> inner = m == null ? null : MockJson.asMap(m.get(key));
          if (inner != null) {
            return inner.get(field);
          }
        }
      }
      return null;
    }
  }
}
