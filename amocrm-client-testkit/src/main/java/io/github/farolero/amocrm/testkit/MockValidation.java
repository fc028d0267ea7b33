package io.github.farolero.amocrm.testkit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * amoCRM's request validation, as far as the mock models it: types of the known fields, ids that
 * must exist, custom fields and their options. Each complaint carries the {@code request_id} of
 * the entity and a path such as {@code custom_fields_values.0.field_id}, as amoCRM's do.
 */
final class MockValidation {
  private MockValidation() {}

  record Error(String requestId, String code, String path, String detail) {}

  private static final Set<String> ENTITY_TYPES =
      Set.of("leads", "contacts", "companies", "customers");

  /**
   * Checks one entity of a write.
   *
   * @param entity leads, contacts, companies, tasks
   * @param e the entity's JSON object
   * @param update true for PATCH (an id is required and must exist)
   * @param exists whether an id of this entity type exists
   */
  static void check(MockCatalog catalog, String entity, Map<String, Object> e, boolean update,
      String requestId, String prefix, LongPredicate exists, List<Error> out) {
    if (update) {
      Long id = MockJson.asLong(e.get("id"));
      if (id == null) {
        out.add(new Error(requestId, "NotBlank", prefix + "id", "This value should not be blank."));
      } else if (!exists.test(id)) {
        out.add(new Error(requestId, "NotFound", prefix + "id", "Entity not found"));
      }
    }
    for (String f : List.of("name", "first_name", "last_name", "text")) {
      string(e, f, requestId, prefix, out);
    }
    for (String f : List.of("price", "responsible_user_id", "pipeline_id", "status_id",
        "created_by", "updated_by", "created_at", "updated_at", "complete_till", "entity_id",
        "task_type_id", "duration", "loss_reason_id")) {
      integer(e, f, requestId, prefix, out);
    }
    Long price = MockJson.asLong(e.get("price"));
    if (price != null && price < 0) {
      out.add(new Error(requestId, "GreaterThanOrEqual", prefix + "price",
          "This value should be greater than or equal to 0."));
    }
    Long user = MockJson.asLong(e.get("responsible_user_id"));
    if (user != null && user != MockSeed.USER_ID && user != MockSeed.SECOND_USER_ID) {
      out.add(new Error(requestId, "NotSupportedChoice", prefix + "responsible_user_id",
          "The value you selected is not a valid choice."));
    }
    if (entity.equals("leads")) {
      Long pipeline = MockJson.asLong(e.get("pipeline_id"));
      Long status = MockJson.asLong(e.get("status_id"));
      if (pipeline != null && !catalog.isPipeline(pipeline)) {
        out.add(new Error(requestId, "NotSupportedChoice", prefix + "pipeline_id",
            "The value you selected is not a valid choice."));
      } else if (status != null && !catalog.isStatus(
          pipeline != null ? pipeline : MockSeed.PIPELINE_ID, status)) {
        out.add(new Error(requestId, "NotSupportedChoice", prefix + "status_id",
            "The value you selected is not a valid choice."));
      }
    }
    if (entity.equals("tasks") && !update) {
      for (String f : List.of("text", "complete_till")) {
        if (e.get(f) == null) {
          out.add(new Error(requestId, "NotBlank", prefix + f, "This value should not be blank."));
        }
      }
    }
    Object type = e.get("entity_type");
    if (entity.equals("tasks") && type != null && !ENTITY_TYPES.contains(type)) {
      out.add(new Error(requestId, "NotSupportedChoice", prefix + "entity_type",
          "The value you selected is not a valid choice."));
    }
    customFields(catalog, entity, e.get("custom_fields_values"), requestId, prefix, out);
  }

  private static void customFields(MockCatalog catalog, String entity, @Nullable Object raw,
      String requestId, String prefix, List<Error> out) {
    if (raw == null) {
      return;
    }
    String base = prefix + "custom_fields_values";
    if (!(raw instanceof List<?> fields)) {
      out.add(new Error(requestId, "InvalidType", base, "This value should be of type array."));
      return;
    }
    for (int k = 0; k < fields.size(); k++) {
      Map<String, Object> f = MockJson.asMap(fields.get(k));
      String path = base + "." + k;
      if (f == null) {
        out.add(new Error(requestId, "InvalidType", path, "This value should be of type array."));
        continue;
      }
      Long id = MockJson.asLong(f.get("field_id"));
      Object code = f.get("field_code");
      MockCatalog.Field def = catalog.field(entity, id, code instanceof String s ? s : null);
      if (def == null) {
        out.add(new Error(requestId, "NotSupportedChoice", path + (id != null || code == null
            ? ".field_id" : ".field_code"), "The value you selected is not a valid choice."));
        continue;
      }
      Object values = f.get("values");
      if (values == null) {
        continue; // clears the field
      }
      if (!(values instanceof List<?> list)) {
        out.add(new Error(requestId, "InvalidType", path + ".values",
            "This value should be of type array."));
        continue;
      }
      for (int j = 0; j < list.size(); j++) {
        value(def, MockJson.asMap(list.get(j)), requestId, path + ".values." + j, out);
      }
    }
  }

  private static void value(MockCatalog.Field def, @Nullable Map<String, Object> v,
      String requestId, String path, List<Error> out) {
    if (v == null) {
      out.add(new Error(requestId, "InvalidType", path, "This value should be of type array."));
      return;
    }
    Object value = v.get("value");
    switch (def.type()) {
      case "select", "multiselect" -> {
        Long enumId = MockJson.asLong(v.get("enum_id"));
        boolean ok = enumId != null ? def.enums().containsKey(enumId)
            : value instanceof String s && def.enums().containsValue(s);
        if (!ok) {
          out.add(new Error(requestId, "NotSupportedChoice", path + ".enum_id",
              "The value you selected is not a valid choice."));
        }
      }
      case "multitext" -> {
        if (!(value instanceof String)) {
          out.add(new Error(requestId, "InvalidType", path + ".value",
              "This value should be of type string."));
        }
        Object code = v.get("enum_code");
        Long enumId = MockJson.asLong(v.get("enum_id"));
        if ((code != null && !def.enums().containsValue(code))
            || (code == null && enumId != null && !def.enums().containsKey(enumId))) {
          out.add(new Error(requestId, "NotSupportedChoice", path + ".enum_code",
              "The value you selected is not a valid choice."));
        }
      }
      case "numeric" -> {
        if (!(value instanceof Number) && !(value instanceof String s && isNumber(s))) {
          out.add(new Error(requestId, "InvalidType", path + ".value",
              "This value should be of type numeric."));
        }
      }
      case "checkbox" -> {
        if (!(value instanceof Boolean)) {
          out.add(new Error(requestId, "InvalidType", path + ".value",
              "This value should be of type bool."));
        }
      }
      case "date" -> {
        if (MockJson.asLong(value) == null && !(value instanceof String s && isDate(s))) {
          out.add(new Error(requestId, "InvalidType", path + ".value",
              "This value should be of type int."));
        }
      }
      default -> {
        if (!(value instanceof String) && !(value instanceof Number)) {
          out.add(new Error(requestId, "InvalidType", path + ".value",
              "This value should be of type string."));
        }
      }
    }
  }

  private static void string(Map<String, Object> e, String field, String requestId,
      String prefix, List<Error> out) {
    Object v = e.get(field);
    if (v != null && !(v instanceof String)) {
      out.add(new Error(requestId, "InvalidType", prefix + field,
          "This value should be of type string."));
    }
  }

  private static void integer(Map<String, Object> e, String field, String requestId,
      String prefix, List<Error> out) {
    Object v = e.get(field);
    if (v != null && MockJson.asLong(v) == null) {
      out.add(new Error(requestId, "InvalidType", prefix + field,
          "This value should be of type int."));
    }
  }

  /**
   * A calendar date as amoCRM's older examples write it. Checked by parsing, not by shape: a
   * "2020-13-45" that passed a pattern made the mock's store throw while the client waited.
   */
  private static boolean isDate(String s) {
    try {
      java.time.LocalDate.parse(s);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isNumber(String s) {
    try {
      new java.math.BigDecimal(s.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
