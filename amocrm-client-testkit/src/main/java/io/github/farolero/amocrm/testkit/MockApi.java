package io.github.farolero.amocrm.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The mock's API v4 routes, after the auth check: account, users, pipelines and statuses, leads
 * (with {@code leads/complex}), contacts, companies, tasks, notes, tags, custom field definitions
 * and events. Lists page with {@code page} and {@code limit}, link the next page absolutely (on
 * the mock's base, or on the account's domain if asked), and answer 204 when empty. Thread-safe.
 */
final class MockApi {

  static final long ACCOUNT_ID = 31000000;
  // Lists, not sets: each store's ids start where the loop in the constructor puts them, and a
  // set's order changes from one JVM to the next.
  private static final List<String> ENTITIES = List.of("leads", "contacts", "companies", "tasks");
  private static final List<String> NOTED = List.of("leads", "contacts", "companies", "customers");

  final MockCatalog catalog = new MockCatalog();
  final MockEntities entities = new MockEntities(catalog);
  final MockEvents events = new MockEvents(this);
  private final MockWrites writes = new MockWrites(this);
  private final MockUsers users = new MockUsers(this);
  private final MockSchema schema = new MockSchema(this, catalog);
  final MockWebhooks webhooks;
  final MockUnsorted unsorted = new MockUnsorted(this);
  final MockCalls calls = new MockCalls(this);
  final MockCatalogs catalogs = new MockCatalogs(this);
  final MockLinks links = new MockLinks(this);
  final MockCustomers customers;
  private final Map<String, MockEntityStore> stores = new HashMap<>();
  private final Clock clock;
  private final String accountDomain;
  private final Supplier<HttpUrl> linkBase;
  private final AtomicLong requestIds = new AtomicLong();

  MockApi(Clock clock, String accountDomain, Supplier<HttpUrl> linkBase) {
    this.clock = clock;
    this.accountDomain = accountDomain;
    this.linkBase = linkBase;
    this.webhooks = new MockWebhooks(this, accountDomain);
    catalog.schema = schema;
    long first = 10_000_000;
    for (String e : ENTITIES) {
      stores.put(e, new MockEntityStore(first));
      first += 10_000_000;
    }
    for (String e : NOTED) {
      stores.put(e + "/notes", new MockEntityStore(first));
      stores.put(e + "/tags", new MockEntityStore(first + 5_000_000));
      first += 10_000_000;
    }
    stores.put("customers", new MockEntityStore(first));
    customers = new MockCustomers(this);
  }

  MockWrites writes() {
    return writes;
  }

  MockEntityStore store(String key) {
    MockEntityStore s = stores.get(key);
    if (s == null) {
      throw new IllegalArgumentException("the mock stores no " + key);
    }
    return s;
  }

  long now() {
    return clock.instant().getEpochSecond();
  }

  String linkBase() {
    return linkBase.get().toString();
  }

  MockResponse.Builder handle(RecordedRequest request, String path) {
    String method = request.getMethod();
    String[] seg = path.split("/");
    boolean get = "GET".equals(method);
    Object body = get ? null : MockJson.parse(body(request));
    if (path.equals("account") && get) {
      return json(200, MockAccount.withDetails(account(), request.getUrl().queryParameter("with")),
          "application/hal+json");
    }
    if (path.equals("users") && get) {
      return page(request, "users", List.of(catalog.user()));
    }
    if (seg[0].equals("users") || seg[0].equals("roles")) {
      MockResponse.Builder answer = users.handle(request, seg, this::page);
      if (answer != null) {
        return answer;
      }
    }
    if (path.equals("webhooks")) {
      return webhooks.handle(request, body);
    }
    if (seg[0].equals("customers")) {
      MockResponse.Builder answer = customers.handle(request, seg, body);
      if (answer != null) {
        return answer;
      }
    }
    if (MockLinks.handles(seg)) {
      return links.handle(request, seg, body);
    }
    if (seg[0].equals("events") && get) {
      if (seg.length == 1) {
        return events.list(request);
      }
      if (seg.length == 2) {
        return seg[1].equals("types") ? events.types(request) : events.one(seg[1]);
      }
    }
    if (seg[0].equals("catalogs")) {
      return catalogs.handle(request, seg, body);
    }
    if (path.equals("calls") && "POST".equals(method)) {
      return calls.add(body);
    }
    if (seg[0].equals("leads") && seg.length >= 2 && seg[1].equals("unsorted")) {
      return unsorted.handle(request, seg, body);
    }
    if (seg[0].equals("leads") && seg.length >= 2 && seg[1].equals("pipelines")) {
      return schema.pipelines(request, seg, body);
    }
    if (seg[0].equals("leads") && seg.length >= 2 && seg[1].equals("loss_reasons")) {
      return schema.lossReasons(request, seg, this::page);
    }
    if (seg.length >= 2 && NOTED.contains(seg[0]) && seg[1].equals("custom_fields")) {
      MockResponse.Builder answer = schema.fields(request, seg[0],
          java.util.Arrays.copyOfRange(seg, 2, seg.length), body, this::page);
      if (answer != null) {
        return answer;
      }
    }
    if (seg.length == 2 && NOTED.contains(seg[0]) && seg[1].equals("tags")
        && "DELETE".equals(method)) {
      return schema.deleteTags(store(seg[0] + "/tags"), body);
    }
    if (path.equals("leads/complex") && "POST".equals(method)) {
      return writes.complex(body);
    }
    if (seg.length == 2 && NOTED.contains(seg[0])) {
      switch (seg[1]) {
        case "notes":
          return get ? list(request, seg[0] + "/notes", "notes", null)
              : writes.notes(seg[0], body);
        case "tags":
          return get ? list(request, seg[0] + "/tags", "tags", null) : writes.tags(seg[0], body);
        case "custom_fields":
          return page(request, "custom_fields", new ArrayList<>(schema.fieldsJson(seg[0])));
        default:
          break;
      }
    }
    if (seg.length == 3 && NOTED.contains(seg[0]) && seg[2].equals("notes") && get) {
      Long id = id(seg[1]);
      if (id == null || !store(seg[0]).exists(id)) {
        return problem(404, "Not Found", "No " + seg[0] + " with id " + seg[1]);
      }
      return list(request, seg[0] + "/notes", "notes", id);
    }
    if (seg.length == 3 && NOTED.contains(seg[0]) && seg[1].equals("custom_fields") && get) {
      Long id = id(seg[2]);
      for (Map<String, Object> f : schema.fieldsJson(seg[0])) {
        if (id != null && id.equals(MockJson.asLong(f.get("id")))) {
          return json(200, f, "application/hal+json");
        }
      }
      return problem(404, "Not Found", "No custom field " + seg[2]);
    }
    if (ENTITIES.contains(seg[0]) && seg.length == 1) {
      switch (method) {
        case "GET":
          return list(request, seg[0], seg[0], null);
        case "POST":
          return writes.batch(seg[0], false, body);
        case "PATCH":
          return writes.batch(seg[0], true, body);
        default:
          return problem(405, "Method Not Allowed", method + " " + path);
      }
    }
    if (ENTITIES.contains(seg[0]) && seg.length == 2 && id(seg[1]) != null) {
      long id = id(seg[1]);
      if (get) {
        Map<String, Object> e = store(seg[0]).get(id);
        return e == null ? new MockResponse.Builder().code(204)
            : json(200, e, "application/hal+json");
      }
      if ("PATCH".equals(method)) {
        return writes.patchOne(seg[0], id, body);
      }
    }
    return problem(404, "Not Found", "No such API route in MockAmoCrmServer: " + method + " "
        + path);
  }

  /** A list from a store: served from stored bytes when unfiltered, else filtered and sorted. */
  MockResponse.Builder list(RecordedRequest request, String storeKey, String key,
      @Nullable Long entityId) {
    MockQuery q = new MockQuery(request.getUrl());
    MockEntityStore store = store(storeKey);
    int from = q.from();
    List<byte[]> rows;
    boolean hasNext;
    if (q.plain() && entityId == null && !store.hasDeletions()) {
      rows = store.slice(from, (int) Math.min(Integer.MAX_VALUE, (long) from + q.limit + 1));
    } else {
      List<Map<String, Object>> all = new ArrayList<>();
      for (Map<String, Object> e : store.all()) {
        if ((entityId == null || entityId.equals(MockJson.asLong(e.get("entity_id"))))
            && q.matches(e)) {
          all.add(e);
        }
      }
      all.sort(q.order());
      rows = new ArrayList<>();
      for (int i = from; i < Math.min(all.size(), (long) from + q.limit + 1); i++) {
        rows.add(MockJson.bytes(all.get(i)));
      }
    }
    hasNext = rows.size() > q.limit;
    if (hasNext) {
      rows = rows.subList(0, q.limit);
    }
    if (rows.isEmpty()) {
      return new MockResponse.Builder().code(204);
    }
    Buffer out = new Buffer();
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", MockJson.href(pageUrl(request, q.page)));
    if (hasNext) {
      links.put("next", MockJson.href(pageUrl(request, q.page + 1)));
    }
    if (q.page > 1) {
      links.put("prev", MockJson.href(pageUrl(request, q.page - 1)));
    }
    out.writeUtf8("{\"_page\":").writeUtf8(Integer.toString(q.page))
        .writeUtf8(",\"_links\":").writeUtf8(MockJson.toJson(links))
        .writeUtf8(",\"_embedded\":{\"").writeUtf8(key).writeUtf8("\":[");
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        out.writeByte(',');
      }
      out.write(rows.get(i));
    }
    out.writeUtf8("]}}");
    return withId(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body(out));
  }

  /** A small fixed list, paged like a store. */
  MockResponse.Builder page(RecordedRequest request, String key,
      List<Map<String, Object>> all) {
    MockQuery q = new MockQuery(request.getUrl());
    int from = q.from();
    if (from >= all.size()) {
      return new MockResponse.Builder().code(204);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_total_items", all.size());
    body.put("_page", q.page);
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", MockJson.href(pageUrl(request, q.page)));
    if ((long) from + q.limit < all.size()) {
      links.put("next", MockJson.href(pageUrl(request, q.page + 1)));
    }
    body.put("_links", links);
    body.put("_embedded", Map.of(key, all.subList(from, (int) Math.min(all.size(),
        (long) from + q.limit))));
    return json(200, body, "application/hal+json");
  }

  /** The request's own URL with another page, on the link base (absolute, as amoCRM's). */
  private String pageUrl(RecordedRequest request, int page) {
    HttpUrl base = linkBase.get();
    HttpUrl url = request.getUrl();
    return url.newBuilder().scheme(base.scheme()).host(base.host()).port(base.port())
        .setQueryParameter("page", Integer.toString(page)).build().toString();
  }

  private Map<String, Object> account() {
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("id", ACCOUNT_ID);
    account.put("name", "Mock account");
    account.put("subdomain", accountDomain.substring(0, accountDomain.indexOf('.')));
    account.put("created_at", 1_600_000_000);
    account.put("created_by", 0);
    account.put("updated_at", 1_600_000_000);
    account.put("updated_by", 0);
    account.put("current_user_id", MockSeed.USER_ID);
    account.put("country", "RU");
    account.put("currency", "RUB");
    account.put("customers_mode", customers.accountMode());
    account.put("is_unsorted_on", unsorted.enabled);
    account.put("mobile_feature_version", 0);
    account.put("is_loss_reason_enabled", true);
    account.put("is_helpbot_enabled", false);
    account.put("is_technical_account", false);
    account.put("contact_name_display_order", 1);
    account.put("amojo_id", "00000000-0000-4000-8000-000000000001");
    account.put("_links", Map.of("self", MockJson.href(linkBase() + "api/v4/account")));
    return account;
  }

  MockResponse.Builder json(int status, Object body, String contentType) {
    return withId(new MockResponse.Builder().code(status).addHeader("Content-Type", contentType)
        .body(MockJson.toJson(body)));
  }

  MockResponse.Builder problem(int status, String title, String detail) {
    return json(status, MockJson.problem(status, title, detail), "application/problem+json");
  }

  /** amoCRM's 400 with {@code validation-errors}: nothing of the request was saved. */
  MockResponse.Builder invalid(List<MockValidation.Error> errors) {
    return json(400, MockJson.validation(errors), "application/problem+json");
  }

  MockResponse.Builder withId(MockResponse.Builder r) {
    return r.addHeader("X-Request-Id", "mock-" + requestIds.incrementAndGet());
  }

  /** Returns a request's body as UTF-8 text; "" for none. */
  static String body(RecordedRequest request) {
    ByteString raw = request.getBody();
    return raw == null ? "" : raw.string(StandardCharsets.UTF_8);
  }

  private static @Nullable Long id(String segment) {
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
