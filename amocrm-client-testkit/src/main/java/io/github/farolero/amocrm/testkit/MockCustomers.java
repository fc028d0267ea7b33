package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The mock's customers: {@code /api/v4/customers} (list, get, add, update), statuses, segments,
 * transactions and {@code customers/mode}. While customers are off, every customers route but the
 * mode answers as amoCRM documents it: 422 for statuses and segments ("customers functionality
 * not enabled"), 402 for the rest. Requests are checked whole first (amoCRM's 400 with
 * {@code validation-errors}; nothing is saved); an empty list is 204; an unknown id is 404.
 * Thread-safe: everything is serialized.
 */
final class MockCustomers {

  /** amoCRM's most customer statuses (system ones included) and segments. */
  static final int MAX_STATUSES = 30;
  static final int MAX_SEGMENTS = 100;
  private static final Set<String> MODES = Set.of("periodicity", "segments");

  private final MockApi api;
  private String mode = "periodicity"; // guarded by this
  private boolean enabled = true; // guarded by this
  private final Map<Long, Map<String, Object>> statuses = new LinkedHashMap<>(); // guarded
  private final Map<Long, Map<String, Object>> segments = new LinkedHashMap<>(); // guarded
  private final Map<Long, Map<String, Object>> transactions = new LinkedHashMap<>(); // guarded
  private long nextStatusId = 5_100_001;
  private long nextSegmentId = 5_200_001;
  private long nextTransactionId = 5_300_001;
  private long nextTagId = 5_400_001;
  private boolean seeded;

  MockCustomers(MockApi api) {
    this.api = api;
    status("Recently purchased", 10, false, "#ccff66", 1);
    status("Purchase expected", 20, true, "#fffeb2", 0);
    status("Purchase overdue", 30, false, "#ffc8c8", 2);
    seeded = true;
  }

  synchronized void enabled(boolean on) {
    enabled = on;
  }

  /** The account's {@code customers_mode}: the mode, or {@code disabled}. */
  synchronized String accountMode() {
    return enabled ? mode : "disabled";
  }

  synchronized long statusId(int index) {
    return new ArrayList<>(statuses.keySet()).get(index);
  }

  /** Serves a customers route; null for the routes served elsewhere (notes, tags, fields, links). */
  synchronized MockResponse.@Nullable Builder handle(RecordedRequest request, String[] seg,
      @Nullable Object body) {
    String method = request.getMethod();
    if (seg.length == 2 && seg[1].equals("mode")) {
      return "PATCH".equals(method) ? mode(body)
          : api.problem(405, "Method Not Allowed", method + " customers/mode");
    }
    if (!enabled) {
      boolean schema = seg.length >= 2 && (seg[1].equals("statuses") || seg[1].equals("segments"));
      return schema
          ? api.problem(422, "Unprocessable Entity", "Customers functionality is not enabled")
          : api.problem(402, "Payment Required", "Customers are disabled in this account");
    }
    Long id = seg.length >= 2 ? id(seg[1]) : null;
    if (seg.length == 1) {
      return switch (method) {
        case "GET" -> api.list(request, "customers", "customers", null);
        case "POST", "PATCH" -> writeCustomers(body, method.equals("PATCH"));
        default -> api.problem(405, "Method Not Allowed", method + " customers");
      };
    }
    if (seg.length == 2 && id != null) {
      Map<String, Object> c = api.store("customers").get(id);
      if (c == null) {
        return api.problem(404, "Not Found", "No customer with id " + id);
      }
      if ("GET".equals(method)) {
        return api.json(200, c, "application/hal+json");
      }
      if ("PATCH".equals(method)) {
        Map<String, Object> in = MockJson.asMap(body);
        if (in == null) {
          return notArray();
        }
        in.put("id", id);
        return writeCustomers(List.of(in), true);
      }
    }
    if (seg.length >= 2 && seg[1].equals("statuses")) {
      return schema(request, seg, body, statuses, "statuses");
    }
    if (seg.length >= 2 && seg[1].equals("segments")) {
      return schema(request, seg, body, segments, "segments");
    }
    if (seg.length == 2 && seg[1].equals("transactions") && "GET".equals(method)) {
      return api.page(request, "transactions", new ArrayList<>(transactions.values()));
    }
    if (seg.length == 3 && seg[1].equals("transactions") && "DELETE".equals(method)) {
      Long t = id(seg[2]);
      if (t == null || transactions.remove(t) == null) {
        return api.problem(404, "Not Found", "No transaction " + seg[2]);
      }
      return new MockResponse.Builder().code(204);
    }
    if (seg.length == 3 && id != null && seg[2].equals("transactions")) {
      if (!api.store("customers").exists(id)) {
        return api.problem(404, "Not Found", "No customer with id " + id);
      }
      if ("GET".equals(method)) {
        List<Map<String, Object>> of = new ArrayList<>();
        for (Map<String, Object> t : transactions.values()) {
          if (id.equals(MockJson.asLong(t.get("customer_id")))) {
            of.add(t);
          }
        }
        return api.page(request, "transactions", of);
      }
      if ("POST".equals(method)) {
        return addTransactions(id, body);
      }
    }
    return null;
  }

  private MockResponse.Builder mode(@Nullable Object body) {
    Map<String, Object> in = MockJson.asMap(body);
    List<MockValidation.Error> errors = new ArrayList<>();
    if (in == null || !(in.get("mode") instanceof String m) || !MODES.contains(m)) {
      errors.add(new MockValidation.Error("0", "NotSupportedChoice", "mode",
          "The value you selected is not a valid choice."));
    }
    if (in == null || !(in.get("is_enabled") instanceof Boolean)) {
      errors.add(new MockValidation.Error("0", "NotBlank", "is_enabled",
          "This value should not be blank."));
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    mode = (String) in.get("mode");
    enabled = (Boolean) in.get("is_enabled");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", mode);
    out.put("is_enabled", enabled);
    return api.json(200, out, "application/hal+json");
  }

  private MockResponse.Builder writeCustomers(@Nullable Object body, boolean update) {
    List<Map<String, Object>> items = body instanceof List<?> ? items(body)
        : body instanceof Map<?, ?> ? items(List.of(body)) : null;
    if (items == null) {
      return notArray();
    }
    MockEntityStore store = api.store("customers");
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      String rid = requestId(in, i);
      if (update) {
        Long id = MockJson.asLong(in.get("id"));
        if (id == null) {
          errors.add(new MockValidation.Error(rid, "NotBlank", "id",
              "This value should not be blank."));
        } else if (!store.exists(id)) {
          errors.add(new MockValidation.Error(rid, "NotFound", "id", "Customer not found."));
        }
      }
      Object name = in.get("name");
      if ((!update || in.containsKey("name"))
          && !(name instanceof String s && !s.isBlank())) {
        errors.add(new MockValidation.Error(rid, name == null ? "NotBlank" : "InvalidType",
            "name", name == null ? "This value should not be blank."
                : "This value should be of type string."));
      }
      for (String f : List.of("next_price", "next_date", "responsible_user_id", "periodicity",
          "status_id")) {
        if (in.get(f) != null && MockJson.asLong(in.get(f)) == null) {
          errors.add(new MockValidation.Error(rid, "InvalidType", f,
              "This value should be of type int."));
        }
      }
      Long status = MockJson.asLong(in.get("status_id"));
      if (status != null && !statuses.containsKey(status)) {
        errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "status_id",
            "The value you selected is not a valid choice."));
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> results = new ArrayList<>();
    long now = api.now();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      long id;
      if (update) {
        id = Objects.requireNonNull(MockJson.asLong(in.get("id")));
        Map<String, Object> c = Objects.requireNonNull(store.get(id));
        api.entities.merge("customers", c, in, now);
        if (in.get("_embedded") instanceof Map<?, ?>) {
          c.put("_embedded", embedded(in));
        }
        store.replace(id, c);
      } else {
        id = store.insert(newId -> created(newId, in, now));
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      if (update) {
        r.put("updated_at", now);
      }
      r.put("request_id", requestId(in, i));
      r.put("_links", self("customers/" + id));
      results.add(r);
    }
    return api.json(200, hal("customers", results), "application/hal+json");
  }

  private Map<String, Object> created(long id, Map<String, Object> in, long now) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("name", in.get("name"));
    c.put("next_price", MockEntities.orLong(in.get("next_price"), 0));
    c.put("next_date", MockJson.asLong(in.get("next_date")));
    c.put("responsible_user_id", MockEntities.orLong(in.get("responsible_user_id"),
        MockSeed.USER_ID));
    c.put("status_id", mode.equals("periodicity")
        ? MockEntities.orLong(in.get("status_id"), defaultStatus()) : null);
    c.put("periodicity", MockEntities.orLong(in.get("periodicity"), 0));
    c.put("created_by", MockEntities.orLong(in.get("created_by"), 0));
    c.put("updated_by", MockEntities.orLong(in.get("updated_by"), 0));
    c.put("created_at", MockEntities.orLong(in.get("created_at"), now));
    c.put("updated_at", MockEntities.orLong(in.get("updated_at"), now));
    c.put("closest_task_at", null);
    c.put("is_deleted", false);
    c.put("ltv", 0);
    c.put("purchases_count", 0);
    c.put("average_check", 0);
    c.put("custom_fields_values", api.entities.fields("customers",
        in.get("custom_fields_values"), null));
    c.put("account_id", MockApi.ACCOUNT_ID);
    c.put("_links", self("customers/" + id));
    c.put("_embedded", embedded(in));
    return c;
  }

  private long defaultStatus() {
    for (Map<String, Object> s : statuses.values()) {
      if (Boolean.TRUE.equals(s.get("is_default"))) {
        return MockJson.asLong(s.get("id"));
      }
    }
    return statuses.keySet().iterator().next();
  }

  /** The stored {@code _embedded}: tags with ids, contacts, companies, segments. */
  private Map<String, Object> embedded(Map<String, Object> in) {
    Map<String, Object> given = MockJson.asMap(in.get("_embedded"));
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> tags = new ArrayList<>();
    for (Map<String, Object> t : list(given, "tags")) {
      if (t.get("name") instanceof String name) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("id", nextTagId++);
        tag.put("name", name);
        tag.put("color", null);
        tags.add(tag);
      }
    }
    out.put("tags", tags);
    for (String kind : List.of("contacts", "companies", "segments")) {
      List<Object> refs = new ArrayList<>();
      for (Map<String, Object> l : list(given, kind)) {
        Long id = MockJson.asLong(l.get("id"));
        if (id != null) {
          Map<String, Object> ref = new LinkedHashMap<>();
          ref.put("id", id);
          if (kind.equals("contacts")) {
            ref.put("is_main", Boolean.TRUE.equals(l.get("is_main")));
          }
          refs.add(ref);
        }
      }
      if (!refs.isEmpty()) {
        out.put(kind, refs);
      }
    }
    return out;
  }

  private MockResponse.Builder addTransactions(long customerId, @Nullable Object body) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return notArray();
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      Object price = in.get("price");
      if (price == null || MockJson.asLong(price) == null) {
        errors.add(new MockValidation.Error(requestId(in, i),
            price == null ? "NotBlank" : "InvalidType", "price", price == null
                ? "This value should not be blank." : "This value should be of type int."));
      }
      for (Map<String, Object> e : list(MockJson.asMap(in.get("_embedded")),
          "catalog_elements")) {
        Map<String, Object> meta = MockJson.asMap(e.get("metadata"));
        if (meta == null || MockJson.asLong(meta.get("catalog_id")) == null) {
          errors.add(new MockValidation.Error(requestId(in, i), "NotBlank",
              "_embedded.catalog_elements.metadata.catalog_id",
              "This value should not be blank."));
        }
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    MockEntityStore store = api.store("customers");
    Map<String, Object> customer = Objects.requireNonNull(store.get(customerId));
    long now = api.now();
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      long id = nextTransactionId++;
      long price = Objects.requireNonNull(MockJson.asLong(in.get("price")));
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", id);
      t.put("price", price);
      t.put("comment", in.get("comment"));
      t.put("completed_at", MockEntities.orLong(in.get("completed_at"), now));
      t.put("customer_id", customerId);
      t.put("created_by", 0);
      t.put("updated_by", 0);
      t.put("created_at", now);
      t.put("updated_at", now);
      t.put("is_deleted", false);
      t.put("account_id", MockApi.ACCOUNT_ID);
      t.put("_links", self("customers/transactions/" + id));
      Map<String, Object> emb = new LinkedHashMap<>();
      emb.put("customer", Map.of("id", customerId));
      List<Map<String, Object>> elements = list(MockJson.asMap(in.get("_embedded")),
          "catalog_elements");
      if (!elements.isEmpty()) {
        emb.put("catalog_elements", elements);
      }
      t.put("_embedded", emb);
      transactions.put(id, t);
      long count = MockEntities.orLong(customer.get("purchases_count"), 0) + 1;
      long ltv = MockEntities.orLong(customer.get("ltv"), 0) + price;
      customer.put("purchases_count", count);
      customer.put("ltv", ltv);
      customer.put("average_check", ltv / count);
      for (String f : List.of("next_price", "next_date")) {
        if (in.get(f) != null) {
          customer.put(f, in.get(f));
        }
      }
      customer.put("updated_at", now);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("customer_id", customerId);
      r.put("request_id", requestId(in, i));
      r.put("_links", self("customers/transactions/" + id));
      results.add(r);
    }
    store.replace(customerId, customer);
    return api.json(200, hal("transactions", results), "application/hal+json");
  }

  /** Statuses and segments: list, get, add, update by id, delete. */
  private MockResponse.Builder schema(RecordedRequest request, String[] seg,
      @Nullable Object body, Map<Long, Map<String, Object>> items, String key) {
    String method = request.getMethod();
    boolean isStatuses = key.equals("statuses");
    if (seg.length == 2) {
      if ("GET".equals(method)) {
        return api.page(request, key, new ArrayList<>(items.values()));
      }
      if (!"POST".equals(method)) {
        return api.problem(405, "Method Not Allowed", method + " customers/" + key);
      }
      List<Map<String, Object>> in = items(body);
      if (in == null) {
        return notArray();
      }
      List<MockValidation.Error> errors = new ArrayList<>();
      for (int i = 0; i < in.size(); i++) {
        checkSchema(in.get(i), requestId(in.get(i), i), true, isStatuses, errors);
      }
      int max = isStatuses ? MAX_STATUSES : MAX_SEGMENTS;
      if (items.size() + in.size() > max) {
        errors.add(new MockValidation.Error("0", "TooMany", "",
            "An account has at most " + max + " customer " + key + "."));
      }
      if (!errors.isEmpty()) {
        return api.invalid(errors);
      }
      List<Object> made = new ArrayList<>();
      for (int i = 0; i < in.size(); i++) {
        Map<String, Object> s = in.get(i);
        Map<String, Object> stored = isStatuses
            ? status((String) s.get("name"), MockEntities.orLong(s.get("sort"), 100), false,
                (String) s.getOrDefault("color", "#fffeb2"), 0)
            : segment((String) s.get("name"), (String) s.get("color"));
        Map<String, Object> answer = new LinkedHashMap<>(stored);
        answer.put("request_id", requestId(s, i));
        made.add(answer);
      }
      return api.json(200, hal("customers/" + key, key, made), "application/hal+json");
    }
    Long id = seg.length == 3 ? id(seg[2]) : null;
    Map<String, Object> item = id == null ? null : items.get(id);
    if (item == null) {
      return api.problem(404, "Not Found", "No customer " + key + " " + String.join("/", seg));
    }
    switch (method) {
      case "GET":
        return api.json(200, item, "application/hal+json");
      case "PATCH": {
        Map<String, Object> in = MockJson.asMap(body);
        if (in == null) {
          return notArray();
        }
        List<MockValidation.Error> errors = new ArrayList<>();
        checkSchema(in, "0", false, isStatuses, errors);
        if (!errors.isEmpty()) {
          return api.invalid(errors);
        }
        for (String f : List.of("name", "sort", "color")) {
          if (in.get(f) != null && (isStatuses || !f.equals("sort"))) {
            item.put(f, in.get(f));
          }
        }
        if (!isStatuses) {
          item.put("updated_at", api.now());
        }
        return api.json(200, item, "application/hal+json");
      }
      case "DELETE":
        if (isStatuses && MockEntities.orLong(item.get("type"), 0) != 0) {
          return api.problem(400, "Bad Request", "A system status cannot be deleted");
        }
        items.remove(id);
        return new MockResponse.Builder().code(204);
      default:
        return api.problem(405, "Method Not Allowed", method);
    }
  }

  private static void checkSchema(Map<String, Object> in, String rid, boolean adding,
      boolean isStatuses, List<MockValidation.Error> errors) {
    Object name = in.get("name");
    if ((adding || in.containsKey("name")) && !(name instanceof String s && !s.isBlank())) {
      errors.add(new MockValidation.Error(rid, "NotBlank", "name",
          "This value should not be blank."));
    }
    Object color = in.get("color");
    if ((!isStatuses && adding || in.containsKey("color"))
        && !(color instanceof String c && !c.isBlank())) {
      errors.add(new MockValidation.Error(rid, "NotBlank", "color",
          "This value should not be blank."));
    }
    if (isStatuses && in.get("sort") != null && MockJson.asLong(in.get("sort")) == null) {
      errors.add(new MockValidation.Error(rid, "InvalidType", "sort",
          "This value should be of type int."));
    }
  }

  private Map<String, Object> status(String name, long sort, boolean isDefault, String color,
      int type) {
    long id = nextStatusId++;
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("name", name);
    s.put("sort", sort);
    s.put("is_default", isDefault);
    s.put("color", color);
    s.put("type", type);
    s.put("conditions", List.of());
    s.put("account_id", MockApi.ACCOUNT_ID);
    if (seeded) { // the seed runs before the server has its URL
      s.put("_links", self("customers/statuses/" + id));
    }
    statuses.put(id, s);
    return s;
  }

  private Map<String, Object> segment(String name, String color) {
    long id = nextSegmentId++;
    long now = api.now();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("name", name);
    s.put("color", color);
    s.put("available_products_price_types", List.of());
    s.put("customers_count", 0);
    s.put("created_at", now);
    s.put("updated_at", now);
    s.put("custom_fields_values", null);
    s.put("account_id", MockApi.ACCOUNT_ID);
    s.put("_links", self("customers/segments/" + id));
    segments.put(id, s);
    return s;
  }

  private Map<String, Object> self(String path) {
    return Map.of("self", MockJson.href(api.linkBase() + "api/v4/" + path));
  }

  private Map<String, Object> hal(String key, List<Object> items) {
    return hal(key, key, items);
  }

  private Map<String, Object> hal(String path, String key, List<Object> items) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_links", self(path));
    body.put("_embedded", Map.of(key, items));
    return body;
  }

  private MockResponse.Builder notArray() {
    return api.invalid(List.of(new MockValidation.Error("0", "InvalidType", "",
        "This value should be of type array.")));
  }

  private static List<Map<String, Object>> list(@Nullable Map<String, Object> in, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (in != null && in.get(key) instanceof List<?> l) {
      for (Object o : l) {
        Map<String, Object> m = MockJson.asMap(o);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out;
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

  private static String requestId(Map<String, Object> item, int index) {
    return item.get("request_id") instanceof String s ? s : Integer.toString(index);
  }

  private static @Nullable Long id(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
