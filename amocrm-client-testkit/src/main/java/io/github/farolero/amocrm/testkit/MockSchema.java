package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The account's schema as the API may change it: pipelines and statuses (seeded from {@link
 * MockCatalog}), custom fields added through the API and their groups, and loss reasons (read
 * only). Serves {@code leads/pipelines[/{id}[/statuses[/{id}]]]}, {@code leads/loss_reasons} and
 * the writes of {@code {entity}/custom_fields[/groups]}, with amoCRM's refusals: a pipeline with
 * leads or the main one cannot be deleted, "won" (142), "lost" (143) and "unsorted" cannot be
 * changed or deleted, a field code is unique within its entity type. Thread-safe: every method
 * holds this object's lock.
 */
final class MockSchema {

  /** amoCRM takes at most 50 items a request. */
  private static final int MAX_BATCH = 50;
  private static final Set<String> FIELD_TYPES = Set.of("text", "numeric", "checkbox", "select",
      "multiselect", "date", "url", "textarea", "radiobutton", "streetaddress",
      "smart_address", "birthday", "legal_entity", "date_time", "price", "category", "items",
      "tracking_data", "linked_entity", "chained_list", "monetary", "file", "payer", "supplier",
      "multitext");
  private static final Set<String> SELECTS = Set.of("select", "multiselect", "radiobutton",
      "category");

  private final MockApi api;
  private final MockCatalog catalog;
  /** Pipelines without their statuses and links, in order. */
  private final Map<Long, Map<String, Object>> pipelines = new LinkedHashMap<>();
  private final Map<Long, List<Map<String, Object>>> statuses = new LinkedHashMap<>();
  /** Fields added through the API, per entity type. */
  private final Map<String, List<Map<String, Object>>> fields = new LinkedHashMap<>();
  private final Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
  private long nextPipeline = 9_000_000;
  private long nextStatus = 9_100_000;
  private long nextField = 9_200_000;
  private long nextEnum = 9_300_000;
  private long nextGroup = 1;

  MockSchema(MockApi api, MockCatalog catalog) {
    this.api = api;
    this.catalog = catalog;
    for (Map<String, Object> p : catalog.pipelines("")) {
      long id = ((Number) p.get("id")).longValue();
      Map<String, Object> copy = new LinkedHashMap<>(p);
      copy.remove("_links");
      copy.remove("_embedded");
      pipelines.put(id, copy);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Map<String, Object> s : catalog.statuses(id)) {
        list.add(new LinkedHashMap<>(s));
      }
      statuses.put(id, list);
    }
  }

  synchronized boolean isPipeline(long id) {
    return pipelines.containsKey(id);
  }

  synchronized boolean isStatus(long pipelineId, long statusId) {
    return status(pipelineId, statusId) != null;
  }

  /** A field added through the API, as the validation of values sees it. */
  synchronized MockCatalog.@Nullable Field field(String entity, @Nullable Long id,
      @Nullable String code) {
    for (Map<String, Object> f : fields.getOrDefault(entity, List.of())) {
      if ((id != null && id.equals(MockJson.asLong(f.get("id"))))
          || (id == null && code != null && code.equals(f.get("code")))) {
        Map<Long, String> enums = new LinkedHashMap<>();
        if (f.get("enums") instanceof List<?> l) {
          for (Object o : l) {
            Map<String, Object> e = MockJson.asMap(o);
            enums.put(MockJson.asLong(e.get("id")), String.valueOf(e.get("value")));
          }
        }
        return new MockCatalog.Field(MockJson.asLong(f.get("id")), entity,
            (String) f.get("name"), (String) f.get("type"), (String) f.get("code"), enums);
      }
    }
    return null;
  }

  /** The seeded definitions and those added, as {@code GET {entity}/custom_fields} lists them. */
  synchronized List<Map<String, Object>> fieldsJson(String entity) {
    List<Map<String, Object>> out = new ArrayList<>(catalog.fieldsJson(entity));
    out.addAll(fields.getOrDefault(entity, List.of()));
    return out;
  }

  // ---- pipelines and statuses ----

  /** {@code leads/pipelines...}: seg[0] is "leads", seg[1] "pipelines". */
  MockResponse.Builder pipelines(RecordedRequest request, String[] seg, @Nullable Object body) {
    boolean hasLeads = false;
    if (seg.length == 3 && "DELETE".equals(request.getMethod())) {
      // Read before taking this lock: a lead write holds its store's lock while it asks this
      // object whether a status exists.
      Long id = MockUsers.id(seg[2]);
      for (Map<String, Object> lead : api.store("leads").all()) {
        hasLeads |= id != null && id.equals(MockJson.asLong(lead.get("pipeline_id")));
      }
    }
    return pipelines(request, seg, body, hasLeads);
  }

  private synchronized MockResponse.Builder pipelines(RecordedRequest request, String[] seg,
      @Nullable Object body, boolean hasLeads) {
    String method = request.getMethod();
    if (seg.length == 2) {
      switch (method) {
        case "GET":
          List<Map<String, Object>> all = new ArrayList<>();
          for (long id : pipelines.keySet()) {
            all.add(pipelineJson(id));
          }
          return hal("pipelines", all, "api/v4/leads/pipelines");
        case "POST":
          return addPipelines(body);
        default:
          return api.problem(405, "Method Not Allowed", method + " leads/pipelines");
      }
    }
    Long id = MockUsers.id(seg[2]);
    if (id == null || !pipelines.containsKey(id)) {
      return api.problem(404, "Not Found", "No pipeline " + seg[2]);
    }
    if (seg.length == 3) {
      switch (method) {
        case "GET":
          return api.json(200, pipelineJson(id), "application/hal+json");
        case "PATCH":
          return patchPipeline(id, body);
        case "DELETE":
          return deletePipeline(id, hasLeads);
        default:
          return api.problem(405, "Method Not Allowed", method);
      }
    }
    if (!seg[3].equals("statuses") || seg.length > 5) {
      return api.problem(404, "Not Found", "No such pipeline route");
    }
    if (seg.length == 4) {
      switch (method) {
        case "GET":
          return hal("statuses", statusesJson(id),
              "api/v4/leads/pipelines/" + id + "/statuses");
        case "POST":
          return addStatuses(id, body);
        default:
          return api.problem(405, "Method Not Allowed", method);
      }
    }
    Long statusId = MockUsers.id(seg[4]);
    Map<String, Object> s = statusId == null ? null : status(id, statusId);
    if (s == null) {
      return api.problem(404, "Not Found", "No status " + seg[4] + " in pipeline " + id);
    }
    switch (method) {
      case "GET":
        return api.json(200, statusJson(s), "application/hal+json");
      case "PATCH": {
        if (statusId == MockSeed.STATUS_WON || statusId == MockSeed.STATUS_LOST) {
          return refuse("0", "id", "The status is a system one and cannot be changed");
        }
        Map<String, Object> patch = MockJson.asMap(body);
        if (patch == null) {
          return refuse("0", "", "The body must be an object");
        }
        List<MockValidation.Error> errors = new ArrayList<>();
        applyStatus(s, patch, "0", "", false, errors);
        return errors.isEmpty() ? api.json(200, statusJson(s), "application/hal+json")
            : api.invalid(errors);
      }
      case "DELETE": {
        if (statusId == MockSeed.STATUS_WON || statusId == MockSeed.STATUS_LOST
            || Long.valueOf(1).equals(MockJson.asLong(s.get("type")))) {
          return refuse("0", "id", "The status is a system one and cannot be deleted");
        }
        statuses.get(id).remove(s);
        return new MockResponse.Builder().code(204);
      }
      default:
        return api.problem(405, "Method Not Allowed", method);
    }
  }

  private MockResponse.Builder addPipelines(@Nullable Object body) {
    List<Object> items = body instanceof List<?> l ? new ArrayList<>(l) : null;
    if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
      return refuse("0", "", "The body must be an array of 1 to " + MAX_BATCH + " pipelines");
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String rid = Integer.toString(i);
      Map<String, Object> p = MockJson.asMap(items.get(i));
      if (p == null) {
        errors.add(new MockValidation.Error(rid, "Type", "", "This value should be an object."));
        continue;
      }
      requireName(p, rid, "", errors);
      Map<String, Object> embedded = MockJson.asMap(p.get("_embedded"));
      List<?> list = embedded == null ? null
          : embedded.get("statuses") instanceof List<?> l ? l : null;
      if (list == null || list.isEmpty()) {
        errors.add(new MockValidation.Error(rid, "NotBlank", "_embedded.statuses",
            "This value should not be blank."));
      } else {
        for (int k = 0; k < list.size(); k++) {
          Map<String, Object> s = MockJson.asMap(list.get(k));
          if (s == null) {
            errors.add(new MockValidation.Error(rid, "Type", "_embedded.statuses." + k,
                "This value should be an object."));
          } else {
            checkStatus(s, rid, "_embedded.statuses." + k + ".", true, errors);
          }
        }
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Map<String, Object>> made = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = MockJson.asMap(items.get(i));
      long id = nextPipeline++;
      boolean unsorted = Boolean.TRUE.equals(in.get("is_unsorted_on"));
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", id);
      p.put("name", in.get("name"));
      p.put("sort", in.getOrDefault("sort", pipelines.size() + 1));
      p.put("is_main", false);
      p.put("is_unsorted_on", unsorted);
      p.put("is_archive", false);
      p.put("account_id", MockApi.ACCOUNT_ID);
      if (Boolean.TRUE.equals(in.get("is_main"))) {
        makeMain(id);
        p.put("is_main", true);
      }
      pipelines.put(id, p);
      List<Map<String, Object>> list = new ArrayList<>();
      statuses.put(id, list);
      if (unsorted) {
        list.add(newStatus(id, "Неразобранное", 10, 1));
      }
      int sort = 20;
      for (Object o : (List<?>) MockJson.asMap(in.get("_embedded")).get("statuses")) {
        Map<String, Object> s = newStatus(id, null, sort, 0);
        applyStatus(s, MockJson.asMap(o), "", "", true, new ArrayList<>());
        if (!MockJson.asMap(o).containsKey("sort")) {
          s.put("sort", sort);
        }
        sort += 10;
        list.add(s);
      }
      list.add(system(id, MockSeed.STATUS_WON, "Успешно реализовано", 10000));
      list.add(system(id, MockSeed.STATUS_LOST, "Закрыто и не реализовано", 11000));
      Map<String, Object> json = pipelineJson(id);
      json.put("request_id", Integer.toString(i));
      made.add(json);
    }
    return hal("pipelines", made, "api/v4/leads/pipelines");
  }

  private MockResponse.Builder patchPipeline(long id, @Nullable Object body) {
    Map<String, Object> patch = MockJson.asMap(body);
    if (patch == null) {
      return refuse("0", "", "The body must be an object");
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    if (patch.containsKey("name")) {
      requireName(patch, "0", "", errors);
    }
    if (patch.containsKey("sort") && MockJson.asLong(patch.get("sort")) == null) {
      errors.add(new MockValidation.Error("0", "Type", "sort",
          "This value should be of type int."));
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    Map<String, Object> p = pipelines.get(id);
    for (String k : List.of("name", "sort", "is_unsorted_on")) {
      if (patch.containsKey(k)) {
        p.put(k, patch.get(k));
      }
    }
    if (Boolean.TRUE.equals(patch.get("is_main"))) {
      makeMain(id);
    }
    return api.json(200, pipelineJson(id), "application/hal+json");
  }

  private MockResponse.Builder deletePipeline(long id, boolean hasLeads) {
    if (Boolean.TRUE.equals(pipelines.get(id).get("is_main"))) {
      return refuse("0", "id", "The main pipeline cannot be deleted");
    }
    if (hasLeads) {
      return refuse("0", "id", "The pipeline has leads and cannot be deleted");
    }
    pipelines.remove(id);
    statuses.remove(id);
    return new MockResponse.Builder().code(204);
  }

  private MockResponse.Builder addStatuses(long pipelineId, @Nullable Object body) {
    List<Object> items = body instanceof List<?> l ? new ArrayList<>(l) : null;
    if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
      return refuse("0", "", "The body must be an array of 1 to " + MAX_BATCH + " statuses");
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> s = MockJson.asMap(items.get(i));
      if (s == null) {
        errors.add(new MockValidation.Error(Integer.toString(i), "Type", "",
            "This value should be an object."));
      } else {
        checkStatus(s, Integer.toString(i), "", true, errors);
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Map<String, Object>> list = statuses.get(pipelineId);
    List<Map<String, Object>> made = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = MockJson.asMap(items.get(i));
      int sort = 20 + 10 * (list.size() - 2);
      Map<String, Object> s = newStatus(pipelineId, null, sort, 0);
      applyStatus(s, in, "", "", true, new ArrayList<>());
      list.add(list.size() - 2, s); // before "won" and "lost"
      Map<String, Object> json = statusJson(s);
      json.put("request_id", Integer.toString(i));
      made.add(json);
    }
    return hal("statuses", made, "api/v4/leads/pipelines/" + pipelineId + "/statuses");
  }

  private void checkStatus(Map<String, Object> s, String rid, String prefix, boolean add,
      List<MockValidation.Error> errors) {
    if (add || s.containsKey("name")) {
      requireName(s, rid, prefix, errors);
    }
    if (s.get("descriptions") instanceof List<?> ds) {
      for (int k = 0; k < ds.size(); k++) {
        Map<String, Object> d = MockJson.asMap(ds.get(k));
        Object level = d == null ? null : d.get("level");
        if (!"newbie".equals(level) && !"candidate".equals(level) && !"master".equals(level)) {
          errors.add(new MockValidation.Error(rid, "NotSupportedChoice",
              prefix + "descriptions." + k + ".level",
              "The value you selected is not a valid choice."));
        }
      }
    }
  }

  private void applyStatus(Map<String, Object> s, Map<String, Object> in, String rid,
      String prefix, boolean add, List<MockValidation.Error> errors) {
    checkStatus(in, rid, prefix, add, errors);
    if (!errors.isEmpty()) {
      return;
    }
    for (String k : List.of("name", "sort", "color")) {
      if (in.containsKey(k)) {
        s.put(k, in.get(k));
      }
    }
    if (in.get("descriptions") instanceof List<?> ds) {
      List<Object> out = new ArrayList<>();
      for (Object o : ds) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", nextStatus++);
        d.put("account_id", MockApi.ACCOUNT_ID);
        d.put("created_at", "2024-01-01 00:00:00");
        d.put("updated_at", "2024-01-01 00:00:00");
        d.put("created_by", MockSeed.USER_ID);
        d.put("updated_by", MockSeed.USER_ID);
        d.put("level", MockJson.asMap(o).get("level"));
        d.put("description", MockJson.asMap(o).get("description"));
        out.add(d);
      }
      s.put("descriptions", out);
    }
  }

  private void makeMain(long id) {
    for (Map<String, Object> p : pipelines.values()) {
      p.put("is_main", false);
    }
    pipelines.get(id).put("is_main", true);
  }

  private Map<String, Object> newStatus(long pipelineId, @Nullable String name, int sort,
      int type) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", nextStatus++);
    s.put("name", name);
    s.put("sort", sort);
    s.put("is_editable", true);
    s.put("pipeline_id", pipelineId);
    s.put("color", "#99ccff");
    s.put("type", type);
    s.put("account_id", MockApi.ACCOUNT_ID);
    s.put("descriptions", List.of());
    return s;
  }

  private Map<String, Object> system(long pipelineId, long id, String name, int sort) {
    Map<String, Object> s = newStatus(pipelineId, name, sort, 0);
    s.put("id", id);
    s.put("is_editable", false);
    s.put("color", id == MockSeed.STATUS_WON ? "#CCFF66" : "#D5D8DB");
    return s;
  }

  private @Nullable Map<String, Object> status(long pipelineId, long statusId) {
    for (Map<String, Object> s : statuses.getOrDefault(pipelineId, List.of())) {
      if (Long.valueOf(statusId).equals(MockJson.asLong(s.get("id")))) {
        return s;
      }
    }
    return null;
  }

  private Map<String, Object> pipelineJson(long id) {
    Map<String, Object> p = new LinkedHashMap<>(pipelines.get(id));
    p.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/leads/pipelines/"
        + id)));
    p.put("_embedded", Map.of("statuses", statusesJson(id)));
    return p;
  }

  private List<Map<String, Object>> statusesJson(long pipelineId) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> s : statuses.get(pipelineId)) {
      out.add(statusJson(s));
    }
    return out;
  }

  private Map<String, Object> statusJson(Map<String, Object> s) {
    Map<String, Object> json = new LinkedHashMap<>(s);
    json.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/leads/pipelines/"
        + s.get("pipeline_id") + "/statuses/" + s.get("id"))));
    return json;
  }

  // ---- loss reasons ----

  /** {@code leads/loss_reasons[/{id}]}: two fixed reasons. */
  synchronized MockResponse.Builder lossReasons(RecordedRequest request, String[] seg,
      MockUsers.PageServer pages) {
    List<Map<String, Object>> all = List.of(reason(MockSeed.LOSS_REASON_ID, "Too expensive", 1),
        reason(MockSeed.LOSS_REASON_ID + 1, "Chose a competitor", 2));
    if (!"GET".equals(request.getMethod())) {
      return api.problem(405, "Method Not Allowed", request.getMethod());
    }
    if (seg.length == 2) {
      return pages.page(request, "loss_reasons", all);
    }
    Long id = seg.length == 3 ? MockUsers.id(seg[2]) : null;
    for (Map<String, Object> r : all) {
      if (id != null && id.equals(MockJson.asLong(r.get("id")))) {
        return api.json(200, r, "application/hal+json");
      }
    }
    return api.problem(404, "Not Found", "No loss reason " + (seg.length > 2 ? seg[2] : ""));
  }

  private Map<String, Object> reason(long id, String name, int sort) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("name", name);
    r.put("sort", sort);
    r.put("created_at", 1_600_000_000);
    r.put("updated_at", 1_600_000_000);
    r.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/leads/loss_reasons/"
        + id)));
    return r;
  }

  // ---- custom fields and groups ----

  /**
   * The writes of {@code {entity}/custom_fields[/{id}]} and everything of {@code
   * {entity}/custom_fields/groups[/{id}]}; null for a route it does not serve (the reads of
   * fields).
   */
  synchronized MockResponse.@Nullable Builder fields(RecordedRequest request, String entity,
      String[] rest, @Nullable Object body, MockUsers.PageServer pages) {
    String method = request.getMethod();
    if (rest.length >= 1 && rest[0].equals("groups")) {
      return groups(request, entity, rest, body, pages);
    }
    if (rest.length == 0 && method.equals("POST")) {
      return addFields(entity, body);
    }
    if (rest.length == 1 && (method.equals("PATCH") || method.equals("DELETE"))) {
      Long id = MockUsers.id(rest[0]);
      Map<String, Object> added = id == null ? null : added(entity, id);
      boolean seeded = id != null && catalog.field(entity, id, null) != null;
      if (added == null && !seeded) {
        return api.problem(404, "Not Found", "No custom field " + rest[0]);
      }
      if (added == null) {
        // The seeded fields stand for amoCRM's predefined ones (PHONE, EMAIL) and fixed data.
        return refuse("0", "id", "The field is predefined and cannot be changed or deleted");
      }
      if (method.equals("DELETE")) {
        fields.get(entity).remove(added);
        return new MockResponse.Builder().code(204);
      }
      Map<String, Object> patch = MockJson.asMap(body);
      if (patch == null) {
        return refuse("0", "", "The body must be an object");
      }
      List<MockValidation.Error> errors = new ArrayList<>();
      checkField(entity, patch, "0", false, id, errors);
      if (!errors.isEmpty()) {
        return api.invalid(errors);
      }
      applyField(added, patch);
      return api.json(200, added, "application/hal+json");
    }
    return null;
  }

  private MockResponse.Builder addFields(String entity, @Nullable Object body) {
    List<Object> items = body instanceof List<?> l ? new ArrayList<>(l) : null;
    if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
      return refuse("0", "", "The body must be an array of 1 to " + MAX_BATCH + " fields");
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> f = MockJson.asMap(items.get(i));
      String rid = Integer.toString(i);
      if (f == null) {
        errors.add(new MockValidation.Error(rid, "Type", "", "This value should be an object."));
        continue;
      }
      checkField(entity, f, rid, true, null, errors);
      if (f.get("code") instanceof String c) {
        if (codes.contains(c)) {
          errors.add(new MockValidation.Error(rid, "NotUnique", "code",
              "This value is already used."));
        }
        codes.add(c);
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Map<String, Object>> made = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = MockJson.asMap(items.get(i));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("id", nextField++);
      f.put("name", null);
      f.put("type", in.get("type"));
      f.put("account_id", MockApi.ACCOUNT_ID);
      f.put("code", null);
      f.put("sort", 500);
      f.put("is_api_only", false);
      f.put("enums", null);
      f.put("group_id", null);
      f.put("required_statuses", List.of());
      f.put("is_deletable", true);
      f.put("is_predefined", false);
      f.put("entity_type", entity);
      f.put("remind", null);
      f.put("settings", null);
      applyField(f, in);
      fields.computeIfAbsent(entity, k -> new ArrayList<>()).add(f);
      Map<String, Object> json = new LinkedHashMap<>(f);
      json.put("request_id", Integer.toString(i));
      made.add(json);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("_total_items", made.size());
    answer.put("_embedded", Map.of("custom_fields", made));
    return api.json(200, answer, "application/hal+json");
  }

  private void checkField(String entity, Map<String, Object> f, String rid, boolean add,
      @Nullable Long self, List<MockValidation.Error> errors) {
    if (add) {
      Object type = f.get("type");
      if (!(type instanceof String t) || !FIELD_TYPES.contains(t)) {
        errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "type",
            "The value you selected is not a valid choice."));
      } else if (SELECTS.contains(t) && !(f.get("enums") instanceof List<?> l && !l.isEmpty())) {
        errors.add(new MockValidation.Error(rid, "NotBlank", "enums",
            "This value should not be blank."));
      }
    } else if (f.containsKey("type")) {
      errors.add(new MockValidation.Error(rid, "NotEditable", "type",
          "The type of a field cannot be changed."));
    }
    if (add || f.containsKey("name")) {
      requireName(f, rid, "", errors);
    }
    if (f.get("code") instanceof String c) {
      for (Map<String, Object> other : fieldsJson(entity)) {
        Long otherId = MockJson.asLong(other.get("id"));
        if (c.equals(other.get("code")) && (self == null || !self.equals(otherId))) {
          errors.add(new MockValidation.Error(rid, "NotUnique", "code",
              "This value is already used."));
        }
      }
    }
    if (f.get("required_statuses") instanceof List<?> rs) {
      for (int k = 0; k < rs.size(); k++) {
        Map<String, Object> r = MockJson.asMap(rs.get(k));
        Long p = r == null ? null : MockJson.asLong(r.get("pipeline_id"));
        Long s = r == null ? null : MockJson.asLong(r.get("status_id"));
        if (p == null || s == null || !isStatus(p, s)) {
          errors.add(new MockValidation.Error(rid, "NotFound", "required_statuses." + k,
              "Status not found"));
        }
      }
    }
    if (f.containsKey("group_id") && f.get("group_id") != null
        && group(entity, String.valueOf(f.get("group_id"))) == null) {
      errors.add(new MockValidation.Error(rid, "NotFound", "group_id", "Group not found"));
    }
  }

  private void applyField(Map<String, Object> f, Map<String, Object> in) {
    for (String k : List.of("name", "code", "sort", "is_api_only", "group_id",
        "required_statuses", "settings", "remind")) {
      if (in.containsKey(k)) {
        f.put(k, in.get(k));
      }
    }
    if (in.get("enums") instanceof List<?> l) {
      List<Object> enums = new ArrayList<>();
      int sort = 1;
      for (Object o : l) {
        Map<String, Object> e = MockJson.asMap(o);
        Map<String, Object> out = new LinkedHashMap<>();
        Long id = e == null ? null : MockJson.asLong(e.get("id"));
        out.put("id", id != null ? id : nextEnum++);
        out.put("value", e == null ? null : e.get("value"));
        Long s = e == null ? null : MockJson.asLong(e.get("sort"));
        out.put("sort", s != null ? s : sort);
        sort++;
        enums.add(out);
      }
      f.put("enums", enums);
    }
  }

  private @Nullable Map<String, Object> added(String entity, long id) {
    for (Map<String, Object> f : fields.getOrDefault(entity, List.of())) {
      if (Long.valueOf(id).equals(MockJson.asLong(f.get("id")))) {
        return f;
      }
    }
    return null;
  }

  private MockResponse.Builder groups(RecordedRequest request, String entity, String[] rest,
      @Nullable Object body, MockUsers.PageServer pages) {
    String method = request.getMethod();
    List<Map<String, Object>> list = groups.computeIfAbsent(entity, k -> new ArrayList<>());
    if (rest.length == 1) {
      if (method.equals("GET")) {
        return pages.page(request, "custom_field_groups", new ArrayList<>(list));
      }
      if (!method.equals("POST")) {
        return api.problem(405, "Method Not Allowed", method);
      }
      List<Object> items = body instanceof List<?> l ? new ArrayList<>(l) : null;
      if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
        return refuse("0", "", "The body must be an array of 1 to " + MAX_BATCH + " groups");
      }
      List<MockValidation.Error> errors = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Map<String, Object> g = MockJson.asMap(items.get(i));
        if (g == null) {
          errors.add(new MockValidation.Error(Integer.toString(i), "Type", "",
              "This value should be an object."));
        } else {
          requireName(g, Integer.toString(i), "", errors);
        }
      }
      if (!errors.isEmpty()) {
        return api.invalid(errors);
      }
      List<Map<String, Object>> made = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Map<String, Object> in = MockJson.asMap(items.get(i));
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", entity + "_" + (1_700_000_000L + nextGroup++));
        g.put("name", in.get("name"));
        g.put("sort", in.getOrDefault("sort", list.size() + 1));
        g.put("entity_type", entity);
        g.put("is_predefined", false);
        g.put("type", null);
        list.add(g);
        Map<String, Object> json = new LinkedHashMap<>(g);
        json.put("request_id", Integer.toString(i));
        made.add(json);
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("_total_items", made.size());
      answer.put("_embedded", Map.of("custom_field_groups", made));
      return api.json(200, answer, "application/hal+json");
    }
    if (rest.length != 2) {
      return api.problem(404, "Not Found", "No such route");
    }
    Map<String, Object> g = group(entity, rest[1]);
    if (g == null) {
      return api.problem(404, "Not Found", "No custom field group " + rest[1]);
    }
    switch (method) {
      case "GET":
        return api.json(200, g, "application/hal+json");
      case "PATCH": {
        Map<String, Object> patch = MockJson.asMap(body);
        List<MockValidation.Error> errors = new ArrayList<>();
        if (patch == null) {
          return refuse("0", "", "The body must be an object");
        }
        if (patch.containsKey("name")) {
          requireName(patch, "0", "", errors);
        }
        if (!errors.isEmpty()) {
          return api.invalid(errors);
        }
        for (String k : List.of("name", "sort")) {
          if (patch.containsKey(k)) {
            g.put(k, patch.get(k));
          }
        }
        return api.json(200, g, "application/hal+json");
      }
      case "DELETE":
        list.remove(g);
        for (Map<String, Object> f : fields.getOrDefault(entity, List.of())) {
          if (g.get("id").equals(f.get("group_id"))) {
            f.put("group_id", null);
          }
        }
        return new MockResponse.Builder().code(204);
      default:
        return api.problem(405, "Method Not Allowed", method);
    }
  }

  private @Nullable Map<String, Object> group(String entity, String id) {
    for (Map<String, Object> g : groups.getOrDefault(entity, List.of())) {
      if (id.equals(g.get("id"))) {
        return g;
      }
    }
    return null;
  }

  // ---- tags ----

  /**
   * {@code DELETE {entity}/tags} with {@code [{"id": ...}]} (or {@code name}): 204; an id the
   * account does not have is skipped, as amoCRM does.
   */
  synchronized MockResponse.Builder deleteTags(MockEntityStore tags, @Nullable Object body) {
    List<Object> items = body instanceof List<?> l ? new ArrayList<>(l) : null;
    if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
      return refuse("0", "", "The body must be an array of 1 to " + MAX_BATCH + " tags");
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> t = MockJson.asMap(items.get(i));
      if (t == null || (MockJson.asLong(t.get("id")) == null
          && !(t.get("name") instanceof String))) {
        errors.add(new MockValidation.Error(Integer.toString(i), "NotBlank", "id",
            "This value should not be blank."));
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    for (Object o : items) {
      Map<String, Object> t = MockJson.asMap(o);
      Long id = MockJson.asLong(t.get("id"));
      if (id == null) {
        for (Map<String, Object> tag : tags.all()) {
          if (t.get("name").equals(tag.get("name"))) {
            id = MockJson.asLong(tag.get("id"));
          }
        }
      }
      if (id != null) {
        tags.delete(id);
      }
    }
    return new MockResponse.Builder().code(204);
  }

  // ---- helpers ----

  private static void requireName(Map<String, Object> m, String rid, String prefix,
      List<MockValidation.Error> errors) {
    if (!(m.get("name") instanceof String n) || n.isBlank()) {
      errors.add(new MockValidation.Error(rid, "NotBlank", prefix + "name",
          "This value should not be blank."));
    }
  }

  private MockResponse.Builder refuse(String rid, String path, String detail) {
    return api.invalid(List.of(new MockValidation.Error(rid, "InvalidValue", path, detail)));
  }

  private MockResponse.Builder hal(String key, List<Map<String, Object>> items, String self) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_total_items", items.size());
    body.put("_links", Map.of("self", MockJson.href(api.linkBase() + self)));
    body.put("_embedded", Map.of(key, items));
    return api.json(200, body, "application/hal+json");
  }
}
