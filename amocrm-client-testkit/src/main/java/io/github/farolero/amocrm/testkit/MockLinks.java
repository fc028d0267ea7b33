package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The mock's entity links: {@code GET /api/v4/{type}/{id}/links}, {@code GET /api/v4/{type}/links}
 * (with {@code filter[entity_id][]}), {@code POST .../{id}/link}, {@code .../{id}/unlink} and the
 * mass {@code POST /api/v4/{type}/link} and {@code /unlink}. Links to contacts and companies live
 * in the entities' {@code _embedded} (so a lead read back shows a contact linked here, and a
 * contact lists the leads that embed it); links to catalog elements are kept here. Requests are
 * checked whole first (amoCRM's 400 with {@code validation-errors}; nothing is changed). An
 * entity without links lists with 204; an unknown entity is a 404. Thread-safe.
 */
final class MockLinks {

  static final String CATALOG_ELEMENTS = "catalog_elements";
  /** What each entity type may link to, as amoCRM documents it (both ways for entities). */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "leads", Set.of("contacts", "companies", CATALOG_ELEMENTS),
      "contacts", Set.of("leads", "companies", "customers", CATALOG_ELEMENTS),
      "companies", Set.of("leads", "contacts", "customers", CATALOG_ELEMENTS),
      "customers", Set.of("contacts", "companies", CATALOG_ELEMENTS));
  /** The kinds stored in an entity's {@code _embedded}. */
  private static final List<String> EMBEDDED = List.of("contacts", "companies");
  private static final List<String> VERBS = List.of("links", "link", "unlink");

  private final MockApi api;
  /** Catalog element links by source ("leads/42"), in order. Guarded by this. */
  private final Map<String, List<Map<String, Object>>> elements = new LinkedHashMap<>();

  MockLinks(MockApi api) {
    this.api = api;
  }

  /** True for the link routes: {@code {type}/{id}/links|link|unlink}, {@code {type}/links|…}. */
  static boolean handles(String[] seg) {
    return ALLOWED.containsKey(seg[0]) && (seg.length == 2 || seg.length == 3)
        && VERBS.contains(seg[seg.length - 1]);
  }

  synchronized MockResponse.Builder handle(RecordedRequest request, String[] seg,
      @Nullable Object body) {
    String type = seg[0];
    String verb = seg[seg.length - 1];
    boolean get = "GET".equals(request.getMethod());
    if (get != verb.equals("links") || (!get && !"POST".equals(request.getMethod()))) {
      return api.problem(405, "Method Not Allowed", request.getMethod() + " " + verb);
    }
    Long entityId = null;
    if (seg.length == 3) {
      entityId = id(seg[1]);
      if (entityId == null || !api.store(type).exists(entityId)) {
        return api.problem(404, "Not Found", "No " + type + " with id " + seg[1]);
      }
    }
    if (get) {
      return entityId != null ? list(request, type, List.of(entityId)) : mass(request, type);
    }
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return api.invalid(List.of(new MockValidation.Error("0", "InvalidType", "",
          "This value should be of type array.")));
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      check(type, entityId, items.get(i), Integer.toString(i), errors);
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> made = new ArrayList<>();
    for (Map<String, Object> item : items) {
      long from = entityId != null ? entityId : Objects.requireNonNull(
          MockJson.asLong(item.get("entity_id")));
      if (verb.equals("link")) {
        made.add(link(type, from, item));
      } else {
        unlink(type, from, item);
      }
    }
    if (verb.equals("unlink")) {
      return new MockResponse.Builder().code(204);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("_total_items", made.size());
    answer.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/"
        + String.join("/", seg))));
    answer.put("_embedded", Map.of("links", made));
    return api.json(200, answer, "application/hal+json");
  }

  private void check(String type, @Nullable Long entityId, Map<String, Object> item, String rid,
      List<MockValidation.Error> errors) {
    if (entityId == null) {
      Long from = MockJson.asLong(item.get("entity_id"));
      if (from == null) {
        errors.add(new MockValidation.Error(rid, "NotBlank", "entity_id",
            "This value should not be blank."));
      } else if (!api.store(type).exists(from)) {
        errors.add(new MockValidation.Error(rid, "NotFound", "entity_id",
            "Entity not found."));
      }
    }
    Object to = item.get("to_entity_type");
    if (!(to instanceof String toType) || !ALLOWED.get(type).contains(toType)) {
      errors.add(new MockValidation.Error(rid, to == null ? "NotBlank" : "NotSupportedChoice",
          "to_entity_type", to == null ? "This value should not be blank."
              : "The value you selected is not a valid choice."));
      return;
    }
    Long toId = MockJson.asLong(item.get("to_entity_id"));
    if (toId == null) {
      errors.add(new MockValidation.Error(rid, "NotBlank", "to_entity_id",
          "This value should not be blank."));
    } else if (!toType.equals(CATALOG_ELEMENTS) && !api.store(toType).exists(toId)) {
      errors.add(new MockValidation.Error(rid, "NotFound", "to_entity_id",
          "Entity not found."));
    }
    Map<String, Object> meta = MockJson.asMap(item.get("metadata"));
    if (toType.equals(CATALOG_ELEMENTS)
        && (meta == null || MockJson.asLong(meta.get("catalog_id")) == null)) {
      errors.add(new MockValidation.Error(rid, "NotBlank", "metadata.catalog_id",
          "This value should not be blank."));
    }
  }

  private Map<String, Object> link(String type, long from, Map<String, Object> item) {
    String toType = (String) item.get("to_entity_type");
    long toId = Objects.requireNonNull(MockJson.asLong(item.get("to_entity_id")));
    Map<String, Object> meta = MockJson.asMap(item.get("metadata"));
    Map<String, Object> answerMeta = null;
    if (toType.equals(CATALOG_ELEMENTS)) {
      List<Map<String, Object>> list = elements.computeIfAbsent(type + "/" + from,
          k -> new ArrayList<>());
      list.removeIf(e -> Objects.equals(e.get("to_entity_id"), toId));
      answerMeta = new LinkedHashMap<>();
      answerMeta.put("quantity", meta.get("quantity") == null ? 1L : meta.get("quantity"));
      answerMeta.put("catalog_id", MockJson.asLong(meta.get("catalog_id")));
      if (meta.get("price_id") != null) {
        answerMeta.put("price_id", meta.get("price_id"));
      }
      Map<String, Object> stored = new LinkedHashMap<>();
      stored.put("to_entity_id", toId);
      stored.put("metadata", answerMeta);
      list.add(stored);
    } else {
      boolean main = meta != null && Boolean.TRUE.equals(meta.get("is_main"));
      // Both sides show it where amoCRM embeds that kind: a lead its contacts, a contact its
      // companies; the other side finds it by looking for itself.
      embed(type, from, toType, toId, main);
      embed(toType, toId, type, from, main);
      if (toType.equals("contacts")) {
        answerMeta = new LinkedHashMap<>();
        answerMeta.put("main_contact", main);
      }
    }
    return link(type, from, toType, toId, answerMeta);
  }

  private void unlink(String type, long from, Map<String, Object> item) {
    String toType = (String) item.get("to_entity_type");
    long toId = Objects.requireNonNull(MockJson.asLong(item.get("to_entity_id")));
    if (toType.equals(CATALOG_ELEMENTS)) {
      List<Map<String, Object>> list = elements.get(type + "/" + from);
      if (list != null) {
        list.removeIf(e -> Objects.equals(e.get("to_entity_id"), toId));
      }
      return;
    }
    unembed(type, from, toType, toId);
    unembed(toType, toId, type, from);
  }

  /** Adds {@code kind/id} to an entity's stored {@code _embedded} if amoCRM embeds that kind. */
  private void embed(String type, long id, String kind, long linked, boolean main) {
    if (!EMBEDDED.contains(kind) || kind.equals(type)) {
      return;
    }
    MockEntityStore store = api.store(type);
    Map<String, Object> e = store.get(id);
    if (e == null) {
      return;
    }
    Map<String, Object> emb = embedded(e);
    List<Object> list = new ArrayList<>(emb.get(kind) instanceof List<?> l ? l : List.of());
    list.removeIf(o -> Objects.equals(MockJson.asLong(idOf(o)), linked));
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("id", linked);
    if (kind.equals("contacts") && type.equals("leads")) {
      link.put("is_main", main);
    }
    list.add(link);
    emb.put(kind, list);
    store.replace(id, e);
  }

  private void unembed(String type, long id, String kind, long linked) {
    if (!EMBEDDED.contains(kind) || kind.equals(type)) {
      return;
    }
    MockEntityStore store = api.store(type);
    Map<String, Object> e = store.get(id);
    if (e == null) {
      return;
    }
    Map<String, Object> emb = embedded(e);
    if (emb.get(kind) instanceof List<?> l) {
      List<Object> list = new ArrayList<>(l);
      list.removeIf(o -> Objects.equals(MockJson.asLong(idOf(o)), linked));
      if (list.isEmpty()) {
        emb.remove(kind);
      } else {
        emb.put(kind, list);
      }
      store.replace(id, e);
    }
  }

  private static Map<String, Object> embedded(Map<String, Object> e) {
    Map<String, Object> emb = MockJson.asMap(e.get("_embedded"));
    if (emb == null) {
      emb = new LinkedHashMap<>();
      e.put("_embedded", emb);
    }
    return emb;
  }

  private static @Nullable Object idOf(Object o) {
    Map<String, Object> m = MockJson.asMap(o);
    return m == null ? null : m.get("id");
  }

  /** Every link of one entity: embedded, embedding it, and catalog elements. */
  private List<Map<String, Object>> linksOf(String type, long id) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> e = api.store(type).get(id);
    Map<String, Object> emb = e == null ? null : MockJson.asMap(e.get("_embedded"));
    for (String kind : EMBEDDED) {
      if (emb != null && emb.get(kind) instanceof List<?> list && !kind.equals(type)) {
        for (Object o : list) {
          Long to = MockJson.asLong(idOf(o));
          if (to != null) {
            Map<String, Object> m = MockJson.asMap(o);
            Map<String, Object> meta = null;
            if (kind.equals("contacts")) {
              meta = new LinkedHashMap<>();
              meta.put("main_contact", Boolean.TRUE.equals(m.get("is_main")));
            }
            out.add(link(type, id, kind, to, meta));
          }
        }
      }
    }
    if (EMBEDDED.contains(type)) { // the entities embedding this one link to it too
      for (String other : ALLOWED.get(type)) {
        if (other.equals(CATALOG_ELEMENTS) || EMBEDDED.contains(other) && embeds(emb, other)) {
          continue;
        }
        for (Map<String, Object> o : api.store(other).all()) {
          Map<String, Object> oe = MockJson.asMap(o.get("_embedded"));
          if (oe != null && oe.get(type) instanceof List<?> list) {
            for (Object l : list) {
              if (Objects.equals(MockJson.asLong(idOf(l)), id)) {
                out.add(link(type, id, other, Objects.requireNonNull(
                    MockJson.asLong(o.get("id"))), null));
              }
            }
          }
        }
      }
    }
    for (Map<String, Object> l : elements.getOrDefault(type + "/" + id, List.of())) {
      out.add(link(type, id, CATALOG_ELEMENTS, (Long) l.get("to_entity_id"),
          MockJson.asMap(l.get("metadata"))));
    }
    return out;
  }

  /** True if this entity's own {@code _embedded} already lists the {@code other} kind. */
  private static boolean embeds(@Nullable Map<String, Object> emb, String other) {
    return emb != null && emb.get(other) instanceof List<?> l && !l.isEmpty();
  }

  private static Map<String, Object> link(String type, long from, String toType, long toId,
      @Nullable Map<String, Object> meta) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("entity_id", from);
    l.put("entity_type", type);
    l.put("to_entity_id", toId);
    l.put("to_entity_type", toType);
    l.put("metadata", meta);
    return l;
  }

  private MockResponse.Builder mass(RecordedRequest request, String type) {
    HttpUrl url = request.getUrl();
    List<Long> ids = new ArrayList<>();
    for (String name : url.queryParameterNames()) {
      if (name.equals("filter[entity_id]") || name.equals("filter[entity_id][]")) {
        for (String v : url.queryParameterValues(name)) {
          Long id = v == null ? null : id(v.strip());
          if (id != null) {
            ids.add(id);
          }
        }
      }
    }
    if (ids.isEmpty()) {
      return api.invalid(List.of(new MockValidation.Error("0", "NotBlank", "filter.entity_id",
          "This value should not be blank.")));
    }
    List<Long> known = new ArrayList<>();
    for (Long id : ids) {
      if (api.store(type).exists(id)) {
        known.add(id);
      }
    }
    return list(request, type, known);
  }

  private MockResponse.Builder list(RecordedRequest request, String type, List<Long> ids) {
    HttpUrl url = request.getUrl();
    String toType = url.queryParameter("filter[to_entity_type]");
    Long toId = id(String.valueOf(url.queryParameter("filter[to_entity_id]")));
    Long toCatalog = id(String.valueOf(url.queryParameter("filter[to_catalog_id]")));
    List<Map<String, Object>> all = new ArrayList<>();
    for (long id : ids) {
      for (Map<String, Object> l : linksOf(type, id)) {
        Map<String, Object> meta = MockJson.asMap(l.get("metadata"));
        if ((toType == null || toType.equals(l.get("to_entity_type")))
            && (toId == null || toId.equals(l.get("to_entity_id")))
            && (toCatalog == null || (meta != null
                && toCatalog.equals(MockJson.asLong(meta.get("catalog_id")))))) {
          all.add(l);
        }
      }
    }
    return api.page(request, "links", all);
  }

  private static @Nullable List<Map<String, Object>> items(@Nullable Object body) {
    if (!(body instanceof List<?> list)) {
      return null;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list) {
      Map<String, Object> m = MockJson.asMap(o);
      if (m == null) {
        return null;
      }
      out.add(m);
    }
    return out;
  }

  private static @Nullable Long id(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
