package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The mock's users in detail and their roles: {@code GET /api/v4/users/{id}} (with what {@code
 * with} asks), {@code GET /api/v4/roles} and {@code GET /api/v4/roles/{id}}. 404 for an id it does
 * not have, as amoCRM. Fixed data; thread-safe.
 */
final class MockUsers {

  private final MockApi api;

  MockUsers(MockApi api) {
    this.api = api;
  }

  /** Routes {@code users/{id}} and {@code roles[/{id}]}; null if the path is not one of them. */
  MockResponse.@Nullable Builder handle(RecordedRequest request, String[] seg,
      PageServer pages) {
    if (!"GET".equals(request.getMethod())) {
      return null;
    }
    Set<String> with = with(request);
    if (seg.length == 2 && seg[0].equals("users")) {
      Long id = id(seg[1]);
      if (id == null || (id != MockSeed.USER_ID && id != MockSeed.SECOND_USER_ID)) {
        return api.problem(404, "Not Found", "No user " + seg[1]);
      }
      return api.json(200, user(id, with), "application/hal+json");
    }
    if (seg[0].equals("roles") && seg.length == 1) {
      return pages.page(request, "roles", List.of(role(with.contains("users"))));
    }
    if (seg[0].equals("roles") && seg.length == 2) {
      Long id = id(seg[1]);
      if (id == null || id != MockSeed.ROLE_ID) {
        return api.problem(404, "Not Found", "No role " + seg[1]);
      }
      return api.json(200, role(with.contains("users")), "application/hal+json");
    }
    return null;
  }

  /** Serves a small fixed list paged like the others. */
  interface PageServer {
    MockResponse.Builder page(RecordedRequest request, String key,
        List<Map<String, Object>> all);
  }

  static @Nullable Long id(String segment) {
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Set<String> with(RecordedRequest request) {
    String w = request.getUrl().queryParameter("with");
    return w == null ? Set.of() : Arrays.stream(w.split(",")).map(String::strip)
        .collect(Collectors.toSet());
  }

  private Map<String, Object> user(long id, Set<String> with) {
    boolean admin = id == MockSeed.USER_ID;
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", id);
    u.put("name", admin ? "Mock Admin" : "Mock Manager");
    u.put("email", admin ? "admin@example.test" : "manager@example.test");
    u.put("lang", "ru");
    Map<String, Object> rights = rights(admin ? "A" : "M");
    rights.put("is_admin", admin);
    rights.put("is_free", false);
    rights.put("is_active", true);
    rights.put("group_id", admin ? 0 : 7);
    rights.put("role_id", admin ? null : MockSeed.ROLE_ID);
    u.put("rights", rights);
    if (with.contains("uuid")) {
      u.put("uuid", null); // "currently not used for third-party integrations"
    }
    if (with.contains("amojo_id")) {
      u.put("amojo_id", "00000000-0000-4000-8000-00000000000" + id);
    }
    if (with.contains("user_rank")) {
      u.put("user_rank", admin ? "master" : "newbie");
    }
    if (with.contains("phone_number")) {
      u.put("phone_number", admin ? "+79990000001" : null);
    }
    Map<String, Object> embedded = new LinkedHashMap<>();
    if (with.contains("role")) {
      embedded.put("roles", admin ? List.of() : List.of(ref(MockSeed.ROLE_ID, "Managers",
          "roles")));
    }
    if (with.contains("group")) {
      embedded.put("groups", List.of(admin ? Map.of("id", 0, "name", "Отдел продаж")
          : Map.of("id", 7, "name", "Sales team")));
    }
    if (!embedded.isEmpty()) {
      u.put("_embedded", embedded);
    }
    u.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/users/" + id)));
    return u;
  }

  private Map<String, Object> ref(long id, String name, String path) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("name", name);
    r.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/" + path + "/" + id)));
    return r;
  }

  private Map<String, Object> role(boolean users) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", MockSeed.ROLE_ID);
    r.put("name", "Managers");
    r.put("rights", rights("M"));
    r.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/roles/"
        + MockSeed.ROLE_ID)));
    if (users) {
      r.put("_embedded", Map.of("users", List.of(Map.of("id", MockSeed.SECOND_USER_ID))));
    }
    return r;
  }

  private static Map<String, Object> rights(String level) {
    Map<String, Object> entity = new LinkedHashMap<>();
    for (String k : List.of("view", "edit", "add", "delete", "export")) {
      entity.put(k, k.equals("delete") || k.equals("export") ? "D" : level);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("leads", entity);
    r.put("contacts", entity);
    r.put("companies", entity);
    r.put("tasks", Map.of("edit", level, "delete", "D"));
    r.put("mail_access", true);
    r.put("catalog_access", true);
    r.put("files_access", false);
    List<Object> statusRights = new ArrayList<>();
    if (!level.equals("A")) {
      statusRights.add(Map.of("entity_type", "leads", "pipeline_id", MockSeed.PIPELINE_ID,
          "status_id", MockSeed.STATUS_IN_PROGRESS, "rights",
          Map.of("view", "A", "edit", "A", "delete", "D", "export", "D")));
    }
    r.put("status_rights", statusRights);
    return r;
  }
}
