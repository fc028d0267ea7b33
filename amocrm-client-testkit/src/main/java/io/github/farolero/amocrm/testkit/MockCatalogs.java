package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The mock's catalogs ("списки"), {@code /api/v4/catalogs}: list, get, add, update; each one's
 * elements ({@code /catalogs/{id}/elements}: list with {@code query} and {@code filter[id]}, get,
 * add, update) and custom fields (none: 204). Lists page by {@code page}/{@code limit} and
 * answer 204 when empty; an unknown catalog or element is 404; a bad write is amoCRM's 400 with
 * {@code validation-errors} and saves nothing. An account has at most one catalog of type
 * {@code invoices} and one of {@code products}. Not {@link MockCatalog}, the mock's fixed
 * account data. Thread-safe.
 */
final class MockCatalogs {

  private static final Set<String> TYPES = Set.of("regular", "invoices", "products");

  private final MockApi api;
  private final MockEntityStore catalogs = new MockEntityStore(7_000);
  private final Map<Long, MockEntityStore> elements = new HashMap<>(); // guarded by this

  MockCatalogs(MockApi api) {
    this.api = api;
  }

  synchronized MockResponse.Builder handle(RecordedRequest request, String[] seg,
      @Nullable Object body) {
    String method = request.getMethod();
    if (seg.length == 1) {
      return switch (method) {
        case "GET" -> page(request, "catalogs", catalogs.all());
        case "POST" -> writeCatalogs(body, false);
        case "PATCH" -> writeCatalogs(body, true);
        default -> api.problem(405, "Method Not Allowed", method + " catalogs");
      };
    }
    Long id = id(seg[1]);
    Map<String, Object> catalog = id == null ? null : catalogs.get(id);
    if (catalog == null) {
      return api.problem(404, "Not Found", "No catalog " + seg[1]);
    }
    if (seg.length == 2 && method.equals("GET")) {
      return api.json(200, catalog, "application/hal+json");
    }
    if (seg.length == 3 && seg[2].equals("custom_fields") && method.equals("GET")) {
      return new MockResponse.Builder().code(204);
    }
    if (seg.length >= 3 && seg[2].equals("elements")) {
      MockEntityStore store = elements.computeIfAbsent(id,
          k -> new MockEntityStore(k * 1_000_000));
      if (seg.length == 3) {
        return switch (method) {
          case "GET" -> page(request, "elements", store.all());
          case "POST" -> writeElements(id, store, body, false);
          case "PATCH" -> writeElements(id, store, body, true);
          default -> api.problem(405, "Method Not Allowed", method + " elements");
        };
      }
      Long elementId = id(seg[3]);
      Map<String, Object> e = elementId == null ? null : store.get(elementId);
      if (seg.length == 4 && method.equals("GET")) {
        return e == null ? api.problem(404, "Not Found", "No element " + seg[3])
            : api.json(200, e, "application/hal+json");
      }
    }
    return api.problem(404, "Not Found", "No such catalogs route: " + method + " "
        + String.join("/", seg));
  }

  private MockResponse.Builder writeCatalogs(@Nullable Object body, boolean update) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return notAList();
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    List<String> singletons = new ArrayList<>();
    for (Map<String, Object> c : catalogs.all()) {
      singletons.add(String.valueOf(c.get("type")));
    }
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      String rid = requestId(in, i);
      if (update) {
        Long id = MockJson.asLong(in.get("id"));
        if (id == null || !catalogs.exists(id)) {
          errors.add(new MockValidation.Error(rid, "NotFound", "id", "Catalog not found"));
        }
      }
      if ((!update || in.containsKey("name"))
          && (!(in.get("name") instanceof String s) || s.isBlank())) {
        errors.add(new MockValidation.Error(rid, "NotBlank", "name",
            "This value should not be blank."));
      }
      Object type = in.get("type");
      if (!update && type != null && !TYPES.contains(type)) {
        errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "type",
            "The value you selected is not a valid choice."));
      }
      if (!update && ("invoices".equals(type) || "products".equals(type))) {
        if (singletons.contains(type)) {
          errors.add(new MockValidation.Error(rid, "AlreadyExists", "type",
              "The account already has a catalog of type " + type));
        }
        singletons.add((String) type);
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      long id;
      if (update) {
        id = MockJson.asLong(in.get("id"));
        Map<String, Object> c = catalogs.get(id);
        for (String f : List.of("name", "sort", "can_add_elements", "can_show_in_cards",
            "can_link_multiple", "sdk_widget_code")) {
          if (in.containsKey(f)) {
            c.put(f, in.get(f));
          }
        }
        catalogs.replace(id, c);
      } else {
        id = catalogs.insert(newId -> catalog(newId, in));
      }
      out.add(saved(id, in, i));
    }
    return api.json(200, hal("catalogs", out), "application/hal+json");
  }

  private Map<String, Object> catalog(long id, Map<String, Object> in) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("name", in.get("name"));
    c.put("created_by", MockSeed.USER_ID);
    c.put("updated_by", MockSeed.USER_ID);
    c.put("created_at", api.now());
    c.put("updated_at", api.now());
    c.put("sort", in.getOrDefault("sort", 10));
    c.put("type", in.getOrDefault("type", "regular"));
    c.put("can_add_elements", in.getOrDefault("can_add_elements", true));
    c.put("can_show_in_cards", in.getOrDefault("can_show_in_cards", false));
    c.put("can_link_multiple", in.getOrDefault("can_link_multiple", true));
    c.put("can_be_deleted", !"invoices".equals(in.get("type")));
    c.put("sdk_widget_code", in.get("sdk_widget_code"));
    c.put("account_id", MockApi.ACCOUNT_ID);
    c.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/catalogs/" + id)));
    return c;
  }

  private MockResponse.Builder writeElements(long catalogId, MockEntityStore store,
      @Nullable Object body, boolean update) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return notAList();
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      String rid = requestId(in, i);
      if (update) {
        Long id = MockJson.asLong(in.get("id"));
        if (id == null || !store.exists(id)) {
          errors.add(new MockValidation.Error(rid, "NotFound", "id", "Element not found"));
        }
      }
      if ((!update || in.containsKey("name"))
          && (!(in.get("name") instanceof String s) || s.isBlank())) {
        errors.add(new MockValidation.Error(rid, "NotBlank", "name",
            "This value should not be blank."));
      }
      Object cf = in.get("custom_fields_values");
      if (cf != null && !(cf instanceof List<?>)) {
        errors.add(new MockValidation.Error(rid, "InvalidType", "custom_fields_values",
            "This value should be of type array."));
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      long id;
      if (update) {
        id = MockJson.asLong(in.get("id"));
        Map<String, Object> e = store.get(id);
        for (String f : List.of("name", "custom_fields_values")) {
          if (in.containsKey(f)) {
            e.put(f, in.get(f));
          }
        }
        e.put("updated_at", api.now());
        store.replace(id, e);
      } else {
        id = store.insert(newId -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("id", newId);
          e.put("catalog_id", catalogId);
          e.put("name", in.get("name"));
          e.put("created_by", MockSeed.USER_ID);
          e.put("updated_by", MockSeed.USER_ID);
          e.put("created_at", api.now());
          e.put("updated_at", api.now());
          e.put("is_deleted", false);
          e.put("custom_fields_values", in.get("custom_fields_values"));
          e.put("account_id", MockApi.ACCOUNT_ID);
          e.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/catalogs/"
              + catalogId + "/elements/" + newId)));
          return e;
        });
      }
      out.add(saved(id, in, i));
    }
    return api.json(200, hal("elements", out), "application/hal+json");
  }

  private MockResponse.Builder page(RecordedRequest request, String key,
      List<Map<String, Object>> stored) {
    MockQuery q = new MockQuery(request.getUrl());
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> e : stored) {
      if (q.matches(e)) {
        all.add(e);
      }
    }
    all.sort(q.order());
    int from = q.from();
    if (from >= all.size()) {
      return new MockResponse.Builder().code(204);
    }
    HttpUrl base = HttpUrl.get(api.linkBase());
    HttpUrl.Builder self = request.getUrl().newBuilder().scheme(base.scheme()).host(base.host())
        .port(base.port());
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", MockJson.href(self.setQueryParameter("page", "" + q.page).toString()));
    if ((long) from + q.limit < all.size()) {
      links.put("next", MockJson.href(self.setQueryParameter("page", "" + (q.page + 1))
          .toString()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_page", q.page);
    out.put("_links", links);
    out.put("_embedded", Map.of(key, all.subList(from, (int) Math.min(all.size(),
        (long) from + q.limit))));
    return api.json(200, out, "application/hal+json");
  }

  private static Map<String, Object> saved(long id, Map<String, Object> in, int index) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("request_id", requestId(in, index));
    return s;
  }

  private static Map<String, Object> hal(String key, List<Object> items) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_total_items", items.size());
    out.put("_embedded", Map.of(key, items));
    return out;
  }

  private MockResponse.Builder notAList() {
    return api.invalid(List.of(new MockValidation.Error("0", "NotSupportedChoice", "",
        "Request body must be a non-empty array")));
  }

  private static @Nullable List<Map<String, Object>> items(@Nullable Object body) {
    if (!(body instanceof List<?> list) || list.isEmpty() || list.size() > 250) {
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

  private static String requestId(Map<String, Object> in, int index) {
    Object rid = in.get("request_id");
    return rid == null ? Integer.toString(index) : String.valueOf(rid);
  }

  private static @Nullable Long id(String segment) {
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
