package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The mock's unsorted (incoming) leads, {@code /api/v4/leads/unsorted}: list (filters {@code uid},
 * {@code category}, {@code pipeline_id}; order; paging; 204 when empty), get by uid (404 when
 * unknown), add from forms and calls (amoCRM's validation errors; the lead waits in the
 * pipeline's unsorted stage, its contact and company are made too), accept (the lead moves to the
 * stage asked for, else the pipeline's first), decline (the lead is deleted), link, and summary.
 * With unsorted switched off ({@link MockAmoCrmServer#unsortedEnabled}) every call answers 403
 * (unconfirmed: amoCRM does not document this answer). Thread-safe.
 */
final class MockUnsorted {

  private final MockApi api;
  private final Map<String, Map<String, Object>> items = new LinkedHashMap<>(); // guarded by this
  private long accepted;
  private long declined;
  volatile boolean enabled = true;

  MockUnsorted(MockApi api) {
    this.api = api;
  }

  synchronized MockResponse.Builder handle(RecordedRequest request, String[] seg,
      @Nullable Object body) {
    if (!enabled) {
      return api.problem(403, "Forbidden", "Unsorted is disabled for this account");
    }
    String method = request.getMethod();
    if (seg.length == 2 && method.equals("GET")) {
      return list(request);
    }
    if (seg.length == 3 && seg[2].equals("summary") && method.equals("GET")) {
      return summary(request.getUrl());
    }
    if (seg.length == 3 && method.equals("POST")
        && (seg[2].equals("forms") || seg[2].equals("sip"))) {
      return add(seg[2], body);
    }
    if (seg.length == 3 && method.equals("GET")) {
      Map<String, Object> u = items.get(seg[2]);
      return u == null ? api.problem(404, "Not Found", "No unsorted with uid " + seg[2])
          : api.json(200, u, "application/hal+json");
    }
    if (seg.length == 4) {
      Map<String, Object> u = items.get(seg[2]);
      if (u == null) {
        return api.problem(404, "Not Found", "No unsorted with uid " + seg[2]);
      }
      Map<String, Object> in = MockJson.asMap(body);
      switch (seg[3] + " " + method) {
        case "accept POST":
          return accept(u, in == null ? Map.of() : in);
        case "decline DELETE":
          return decline(u);
        case "link POST":
          return link(u, in);
        default:
          break;
      }
    }
    return api.problem(404, "Not Found", "No such unsorted route: " + method + " "
        + String.join("/", seg));
  }

  private MockResponse.Builder list(RecordedRequest request) {
    MockQuery q = new MockQuery(request.getUrl());
    List<Map<String, Object>> all = new ArrayList<>();
    for (Map<String, Object> u : items.values()) {
      if (q.matches(u)) {
        all.add(u);
      }
    }
    all.sort(q.order());
    int from = q.from();
    if (from >= all.size()) {
      return new MockResponse.Builder().code(204);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_page", q.page);
    Map<String, Object> links = new LinkedHashMap<>();
    HttpUrl url = request.getUrl();
    HttpUrl base = HttpUrl.get(api.linkBase());
    HttpUrl.Builder self = url.newBuilder().scheme(base.scheme()).host(base.host())
        .port(base.port());
    links.put("self", MockJson.href(self.setQueryParameter("page", "" + q.page).toString()));
    if ((long) from + q.limit < all.size()) {
      links.put("next", MockJson.href(self.setQueryParameter("page", "" + (q.page + 1))
          .toString()));
    }
    out.put("_links", links);
    out.put("_embedded", Map.of("unsorted",
        all.subList(from, (int) Math.min(all.size(), (long) from + q.limit))));
    return api.json(200, out, "application/hal+json");
  }

  private MockResponse.Builder add(String category, @Nullable Object body) {
    if (!(body instanceof List<?> list) || list.isEmpty()) {
      return api.invalid(List.of(new MockValidation.Error("0", "NotSupportedChoice", "",
          "Request body must be a non-empty array")));
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String rid = Integer.toString(i);
      Map<String, Object> in = MockJson.asMap(list.get(i));
      if (in == null) {
        errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "", "Must be an object"));
        continue;
      }
      for (String f : List.of("source_name", "source_uid")) {
        if (!(in.get(f) instanceof String s) || s.isBlank()) {
          errors.add(new MockValidation.Error(rid, "NotBlank", f, "This value should not be"
              + " blank."));
        }
      }
      Object uid = in.get("source_uid");
      if (uid instanceof String s && (seen.contains(s) || items.values().stream()
          .anyMatch(u -> s.equals(u.get("source_uid"))))) {
        errors.add(new MockValidation.Error(rid, "Duplicate", "source_uid",
            "Unsorted with this source_uid already exists"));
      }
      if (uid instanceof String s) {
        seen.add(s);
      }
      Long pipeline = MockJson.asLong(in.get("pipeline_id"));
      if (in.get("pipeline_id") != null && (pipeline == null || !api.catalog.isPipeline(pipeline))) {
        errors.add(new MockValidation.Error(rid, "InvalidPipeline", "pipeline_id",
            "Pipeline not found"));
      }
      Map<String, Object> meta = MockJson.asMap(in.get("metadata"));
      List<String> required = category.equals("forms")
          ? List.of("form_id", "form_name", "form_page", "form_sent_at")
          : List.of("from", "phone", "called_at", "duration", "service_code");
      for (String f : required) {
        if (meta == null || meta.get(f) == null || "".equals(meta.get(f))) {
          errors.add(new MockValidation.Error(rid, "NotBlank", "metadata." + f,
              "This value should not be blank."));
        }
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> answer = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> in = MockJson.asMap(list.get(i));
      long pipeline = in.get("pipeline_id") == null ? MockSeed.PIPELINE_ID
          : MockJson.asLong(in.get("pipeline_id"));
      Map<String, Object> embedded = MockJson.asMap(in.get("_embedded"));
      Map<String, Object> leadIn = first(embedded, "leads");
      leadIn.put("pipeline_id", pipeline);
      leadIn.put("status_id", api.catalog.statuses(pipeline).get(0).get("id"));
      long leadId = insert("leads", leadIn);
      List<Object> contacts = new ArrayList<>();
      if (!first(embedded, "contacts").isEmpty()) {
        contacts.add(Map.of("id", insert("contacts", first(embedded, "contacts"))));
      }
      List<Object> companies = new ArrayList<>();
      if (!first(embedded, "companies").isEmpty()) {
        companies.add(Map.of("id", insert("companies", first(embedded, "companies"))));
      }
      String uid = UUID.randomUUID().toString().replace("-", "");
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("uid", uid);
      u.put("source_uid", in.get("source_uid"));
      u.put("source_name", in.get("source_name"));
      u.put("category", category);
      u.put("pipeline_id", pipeline);
      u.put("created_at", in.get("created_at") != null ? in.get("created_at") : api.now());
      u.put("updated_at", api.now());
      u.put("metadata", in.get("metadata"));
      u.put("account_id", MockApi.ACCOUNT_ID);
      Map<String, Object> emb = new LinkedHashMap<>();
      emb.put("leads", List.of(Map.of("id", leadId)));
      emb.put("contacts", contacts);
      emb.put("companies", companies);
      u.put("_embedded", emb);
      items.put(uid, u);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("uid", uid);
      a.put("account_id", MockApi.ACCOUNT_ID);
      a.put("request_id", Integer.toString(i));
      a.put("_embedded", emb);
      answer.add(a);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_total_items", answer.size());
    out.put("_embedded", Map.of("unsorted", answer));
    return api.json(200, out, "application/hal+json");
  }

  private static Map<String, Object> first(@Nullable Map<String, Object> embedded, String kind) {
    Object list = embedded == null ? null : embedded.get(kind);
    if (list instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?>) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) l.get(0));
      return m;
    }
    return new LinkedHashMap<>();
  }

  private long insert(String entity, Map<String, Object> in) {
    long now = api.now();
    return api.store(entity).insert(id -> api.entities.created(entity, id, in, now,
        api.linkBase(), Map.of()));
  }

  private MockResponse.Builder accept(Map<String, Object> u, Map<String, Object> in) {
    long pipeline = MockJson.asLong(u.get("pipeline_id"));
    Long status = MockJson.asLong(in.get("status_id"));
    if (in.get("status_id") != null && (status == null || !api.catalog.isStatus(pipeline, status)
        || status == MockSeed.STATUS_UNSORTED)) {
      return api.invalid(List.of(new MockValidation.Error("0", "InvalidStatus", "status_id",
          "Status not found in the pipeline")));
    }
    Long user = MockJson.asLong(in.get("user_id"));
    if (in.get("user_id") != null && (user == null
        || (user != MockSeed.USER_ID && user != MockSeed.SECOND_USER_ID))) {
      return api.invalid(List.of(new MockValidation.Error("0", "InvalidUser", "user_id",
          "User not found")));
    }
    long target = status != null ? status
        : MockJson.asLong(api.catalog.statuses(pipeline).get(1).get("id"));
    Long leadId = leadId(u);
    Map<String, Object> lead = leadId == null ? null : api.store("leads").get(leadId);
    if (lead != null) {
      lead.put("status_id", target);
      lead.put("updated_at", api.now());
      api.store("leads").replace(leadId, lead);
    }
    items.remove(u.get("uid"));
    accepted++;
    return api.json(200, answer(u), "application/hal+json");
  }

  private MockResponse.Builder decline(Map<String, Object> u) {
    Long leadId = leadId(u);
    if (leadId != null) {
      api.store("leads").delete(leadId);
    }
    items.remove(u.get("uid"));
    declined++;
    return api.json(200, answer(u), "application/hal+json");
  }

  private MockResponse.Builder link(Map<String, Object> u, @Nullable Map<String, Object> in) {
    Map<String, Object> link = in == null ? null : MockJson.asMap(in.get("link"));
    Long entityId = link == null ? null : MockJson.asLong(link.get("entity_id"));
    if (link == null || entityId == null || !"leads".equals(link.get("entity_type"))) {
      return api.invalid(List.of(new MockValidation.Error("0", "NotBlank", "link",
          "link.entity_id and link.entity_type=leads are required")));
    }
    if (!"chats".equals(u.get("category"))) {
      return api.invalid(List.of(new MockValidation.Error("0", "NotSupportedChoice", "uid",
          "Only unsorted of category chats can be linked")));
    }
    if (!api.store("leads").exists(entityId)) {
      return api.problem(404, "Not Found", "No lead " + entityId);
    }
    items.remove(u.get("uid"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uid", u.get("uid"));
    out.put("_embedded", Map.of("leads", List.of(Map.of("id", entityId))));
    return api.json(200, out, "application/hal+json");
  }

  private static @Nullable Long leadId(Map<String, Object> u) {
    Map<String, Object> emb = MockJson.asMap(u.get("_embedded"));
    return MockJson.asLong(first(emb, "leads").get("id"));
  }

  private static Map<String, Object> answer(Map<String, Object> u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uid", u.get("uid"));
    out.put("category", u.get("category"));
    out.put("pipeline_id", u.get("pipeline_id"));
    out.put("created_at", u.get("created_at"));
    out.put("_embedded", u.get("_embedded"));
    return out;
  }

  private MockResponse.Builder summary(HttpUrl url) {
    MockQuery q = new MockQuery(url);
    Map<String, Long> byCategory = new LinkedHashMap<>();
    long total = 0;
    for (Map<String, Object> u : items.values()) {
      if (q.matches(u)) {
        total++;
        byCategory.merge(String.valueOf(u.get("category")), 1L, Long::sum);
      }
    }
    Map<String, Object> categories = new LinkedHashMap<>();
    byCategory.forEach((k, v) -> categories.put(k, Map.of("total", v)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", total + accepted + declined);
    out.put("accepted", accepted);
    out.put("declined", declined);
    out.put("average_sort_time", 0);
    out.put("categories", categories.isEmpty() ? List.of() : categories);
    return api.json(200, out, "application/hal+json");
  }

  /** Adds a chat unsorted lead, as amoCRM's chats do: only they can be linked. */
  synchronized String seedChat() {
    String uid = UUID.randomUUID().toString().replace("-", "");
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("uid", uid);
    u.put("source_uid", "chat-" + uid);
    u.put("source_name", "Chat");
    u.put("category", "chats");
    u.put("pipeline_id", MockSeed.PIPELINE_ID);
    u.put("created_at", api.now());
    u.put("updated_at", api.now());
    u.put("metadata", Map.of("from", "Ann", "client", Map.of("name", "Ann")));
    u.put("account_id", MockApi.ACCOUNT_ID);
    u.put("_embedded", Map.of("leads", List.of(), "contacts", List.of(), "companies", List.of()));
    items.put(uid, u);
    return uid;
  }
}
