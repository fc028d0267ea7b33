package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The details {@code GET /api/v4/account?with=…} adds, in amoCRM's published shapes: {@code
 * amojo_id}, {@code uuid}, {@code version}, {@code drive_url} and {@code is_api_filter_enabled}
 * at the top level; {@code amojo_rights}, {@code users_groups}, {@code task_types}, {@code
 * entity_names} and {@code datetime_settings} under {@code _embedded}. Without {@code with} the
 * answer has none of them but {@code uuid}: as amoCRM's, it has no {@code amojo_id} unless asked.
 */
final class MockAccount {
  private MockAccount() {}

  static final String UUID = "824f3a59-6154-4edf-ac90-5b03c9a9fb1b";
  static final String AMOJO_ID = "00000000-0000-4000-8000-000000000001";

  static Map<String, Object> withDetails(Map<String, Object> base, @Nullable String with) {
    Map<String, Object> account = new LinkedHashMap<>(base);
    account.remove("amojo_id");
    account.put("uuid", UUID);
    List<String> asked = with == null ? List.of() : List.of(with.split(","));
    Map<String, Object> embedded = new LinkedHashMap<>();
    for (String w : asked) {
      switch (w.trim()) {
        case "amojo_id" -> account.put("amojo_id", AMOJO_ID);
        case "version" -> account.put("version", 1599);
        case "drive_url" -> account.put("drive_url", "https://drive-b.amocrm.ru");
        case "is_api_filter_enabled" -> account.put("is_api_filter_enabled", false);
        case "amojo_rights" -> embedded.put("amojo_rights",
            Map.of("can_direct", true, "can_create_groups", true));
        case "users_groups" -> embedded.put("users_groups", List.of(
            group(0, "Отдел продаж"), group(447_371, "Поддержка")));
        case "task_types" -> embedded.put("task_types", List.of(
            taskType(1, "Связаться", "FOLLOW_UP"), taskType(2, "Встреча", "MEETING"),
            taskType(2_214_554, "Отправить КП", null)));
        case "entity_names" -> embedded.put("entity_names", Map.of("leads", Map.of(
            "ru", Map.of("gender", "f",
                "singular_form", forms("сделка", "сделки", "сделке", "сделку", "сделкой",
                    "сделке"),
                "plural_form", forms("сделки", "сделок", "сделкам", "сделки", "сделками",
                    "сделках")),
            "en", Map.of("singular_form", Map.of("default", "lead"),
                "plural_form", Map.of("default", "leads")))));
        case "datetime_settings" -> {
          Map<String, Object> dt = new LinkedHashMap<>();
          dt.put("date_pattern", "d.m.Y H:i");
          dt.put("short_date_pattern", "d.m.Y");
          dt.put("short_time_pattern", "H:i");
          dt.put("date_formant", "d.m.Y"); // sic: amoCRM's documented spelling
          dt.put("time_format", "H:i:s");
          dt.put("timezone", "Europe/Moscow");
          dt.put("timezone_offset", "+03:00");
          embedded.put("datetime_settings", dt);
        }
        default -> {
          // amoCRM ignores a with it does not know
        }
      }
    }
    if (!embedded.isEmpty()) {
      account.put("_embedded", embedded);
    }
    return account;
  }

  private static Map<String, Object> group(long id, String name) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("id", id);
    g.put("name", name);
    g.put("uuid", null);
    return g;
  }

  private static Map<String, Object> taskType(long id, String name, @Nullable String code) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", id);
    t.put("name", name);
    t.put("color", null);
    t.put("icon_id", null);
    t.put("code", code);
    return t;
  }

  private static Map<String, Object> forms(String... f) {
    List<String> keys = new ArrayList<>(List.of("default", "genitive", "dative", "accusative",
        "instrumental", "prepositional"));
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < f.length; i++) {
      m.put(keys.get(i), f[i]);
    }
    return m;
  }
}
