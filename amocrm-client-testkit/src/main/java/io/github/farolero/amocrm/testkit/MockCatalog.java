package io.github.farolero.amocrm.testkit;

import static io.github.farolero.amocrm.testkit.MockSeed.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fixed, read-only data of the mock ({@link MockSeed}): users, pipelines with statuses, and
 * custom field definitions, as amoCRM's JSON. Immutable after construction; thread-safe.
 */
final class MockCatalog {

  /** A custom field definition: what the validation needs, and its JSON. */
  record Field(long id, String entity, String name, String type, @Nullable String code,
      Map<Long, String> enums) {

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("name", name);
      m.put("type", type);
      m.put("account_id", MockApi.ACCOUNT_ID);
      m.put("code", code);
      m.put("sort", 500);
      m.put("is_api_only", false);
      m.put("entity_type", entity);
      m.put("group_id", null);
      m.put("required_statuses", List.of());
      if (!enums.isEmpty()) {
        List<Object> options = new ArrayList<>();
        int sort = 1;
        for (Map.Entry<Long, String> e : enums.entrySet()) {
          options.add(Map.of("id", e.getKey(), "value", e.getValue(), "sort", sort++));
        }
        m.put("enums", options);
      } else {
        m.put("enums", null);
      }
      return m;
    }

    @Nullable Long enumId(String code) {
      for (Map.Entry<Long, String> e : enums.entrySet()) {
        if (e.getValue().equals(code)) {
          return e.getKey();
        }
      }
      return null;
    }
  }

  private final List<Field> fields = List.of(
      new Field(LEAD_TEXT_FIELD, "leads", "Source", "text", null, Map.of()),
      new Field(LEAD_NUMERIC_FIELD, "leads", "Units", "numeric", null, Map.of()),
      new Field(LEAD_SELECT_FIELD, "leads", "Channel", "select", null,
          ordered(SELECT_WEB, "Web", SELECT_PHONE, "Phone", SELECT_PARTNER, "Partner")),
      new Field(LEAD_MULTISELECT_FIELD, "leads", "Products", "multiselect", null,
          ordered(MULTI_A, "A", MULTI_B, "B", MULTI_C, "C")),
      new Field(LEAD_DATE_FIELD, "leads", "Deadline", "date", null, Map.of()),
      new Field(LEAD_CHECKBOX_FIELD, "leads", "VIP", "checkbox", null, Map.of()),
      new Field(CONTACT_PHONE_FIELD, "contacts", "Phone", "multitext", "PHONE", phoneKinds(700)),
      new Field(CONTACT_EMAIL_FIELD, "contacts", "Email", "multitext", "EMAIL", emailKinds(710)),
      new Field(COMPANY_PHONE_FIELD, "companies", "Phone", "multitext", "PHONE", phoneKinds(720)),
      new Field(COMPANY_EMAIL_FIELD, "companies", "Email", "multitext", "EMAIL", emailKinds(730)));

  @Nullable Field field(String entity, @Nullable Long id, @Nullable String code) {
    for (Field f : fields) {
      if (f.entity().equals(entity) && ((id != null && f.id() == id)
          || (id == null && code != null && code.equals(f.code())))) {
        return f;
      }
    }
    MockSchema s = schema;
    return s == null ? null : s.field(entity, id, code);
  }

  /** What the API changed: pipelines, statuses and fields beyond the fixed ones. */
  volatile @Nullable MockSchema schema;

  List<Map<String, Object>> fieldsJson(String entity) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Field f : fields) {
      if (f.entity().equals(entity)) {
        out.add(f.json());
      }
    }
    return out;
  }

  boolean isPipeline(long id) {
    MockSchema s = schema;
    return s != null ? s.isPipeline(id) : id == PIPELINE_ID || id == SECOND_PIPELINE_ID;
  }

  boolean isStatus(long pipelineId, long statusId) {
    MockSchema schemaNow = schema;
    if (schemaNow != null) {
      return schemaNow.isStatus(pipelineId, statusId);
    }
    return statuses(pipelineId).stream().anyMatch(s -> ((Number) s.get("id")).longValue()
        == statusId);
  }

  List<Map<String, Object>> statuses(long pipelineId) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (pipelineId == PIPELINE_ID) {
      out.add(status(STATUS_UNSORTED, "Incoming", 10, pipelineId, 1));
      out.add(status(STATUS_NEW, "New", 20, pipelineId, 0));
      out.add(status(STATUS_IN_PROGRESS, "In progress", 30, pipelineId, 0));
    } else if (pipelineId == SECOND_PIPELINE_ID) {
      out.add(status(SECOND_STATUS_NEW, "New", 10, pipelineId, 0));
    } else {
      return out;
    }
    out.add(status(STATUS_WON, "Won", 10000, pipelineId, 0));
    out.add(status(STATUS_LOST, "Lost", 11000, pipelineId, 0));
    return out;
  }

  List<Map<String, Object>> pipelines(String base) {
    return List.of(pipeline(PIPELINE_ID, "Sales", 1, true, base),
        pipeline(SECOND_PIPELINE_ID, "Partners", 2, false, base));
  }

  @Nullable Map<String, Object> pipeline(long id, String base) {
    return pipelines(base).stream().filter(p -> ((Number) p.get("id")).longValue() == id)
        .findFirst().orElse(null);
  }

  Map<String, Object> user() {
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("id", USER_ID);
    u.put("name", "Mock Admin");
    u.put("email", "admin@example.test");
    u.put("lang", "ru");
    u.put("rights", Map.of("leads", Map.of("view", "A"), "is_admin", true, "is_free", false));
    return u;
  }

  private Map<String, Object> pipeline(long id, String name, int sort, boolean main, String base) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    p.put("name", name);
    p.put("sort", sort);
    p.put("is_main", main);
    p.put("is_unsorted_on", main);
    p.put("is_archive", false);
    p.put("account_id", MockApi.ACCOUNT_ID);
    p.put("_links", Map.of("self", MockJson.href(base + "api/v4/leads/pipelines/" + id)));
    p.put("_embedded", Map.of("statuses", statuses(id)));
    return p;
  }

  private static Map<String, Object> status(long id, String name, int sort, long pipelineId,
      int type) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("name", name);
    s.put("sort", sort);
    s.put("is_editable", id != STATUS_WON && id != STATUS_LOST);
    s.put("pipeline_id", pipelineId);
    s.put("color", "#fffeb2");
    s.put("type", type);
    s.put("account_id", MockApi.ACCOUNT_ID);
    // A real quirk: descriptions carry string timestamps.
    s.put("descriptions", List.of(Map.of("created_at", "2023-05-05 09:38:00", "level", "newbie",
        "description", "")));
    return s;
  }

  private static Map<Long, String> ordered(Object... idsAndNames) {
    Map<Long, String> m = new LinkedHashMap<>();
    for (int i = 0; i < idsAndNames.length; i += 2) {
      m.put(((Number) idsAndNames[i]).longValue(), (String) idsAndNames[i + 1]);
    }
    return m;
  }

  private static Map<Long, String> phoneKinds(long base) {
    return ordered(base + 1, "WORK", base + 2, "WORKDD", base + 3, "MOB", base + 4, "FAX",
        base + 5, "HOME", base + 6, "OTHER");
  }

  private static Map<Long, String> emailKinds(long base) {
    return ordered(base + 1, "WORK", base + 2, "PRIV", base + 3, "OTHER");
  }
}
