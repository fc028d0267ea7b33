package io.github.farolero.amocrm.testkit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the mock shapes stored entities: the fields amoCRM fills in on create (with its nulls and
 * quirks: a task's empty {@code result} is {@code []}, numeric custom-field values read back as
 * strings), merging an update, and custom field values as amoCRM reads them back (with
 * {@code field_name}, {@code field_type}, option labels and codes).
 */
final class MockEntities {

  private final MockCatalog catalog;

  MockEntities(MockCatalog catalog) {
    this.catalog = catalog;
  }

  Map<String, Object> created(String entity, long id, Map<String, Object> in, long now,
      String linkBase, Map<String, Object> embedded) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", id);
    switch (entity) {
      case "leads" -> {
        long pipeline = orLong(in.get("pipeline_id"), MockSeed.PIPELINE_ID);
        e.put("name", in.getOrDefault("name", "Lead #" + id));
        e.put("price", orLong(in.get("price"), 0));
        common(e, in, now);
        e.put("status_id", orLong(in.get("status_id"),
            pipeline == MockSeed.PIPELINE_ID ? MockSeed.STATUS_NEW : MockSeed.SECOND_STATUS_NEW));
        e.put("pipeline_id", pipeline);
        e.put("loss_reason_id", null);
        e.put("closed_at", null);
        e.put("closest_task_at", null);
        e.put("is_deleted", false);
        e.put("custom_fields_values", fields(entity, in.get("custom_fields_values"), null));
        e.put("score", null);
        e.put("labor_cost", null);
      }
      case "contacts", "companies" -> {
        Object first = in.get("first_name");
        Object last = in.get("last_name");
        String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        e.put("name", in.getOrDefault("name", joined));
        if (entity.equals("contacts")) {
          e.put("first_name", first == null ? "" : first);
          e.put("last_name", last == null ? "" : last);
        }
        common(e, in, now);
        e.put("closest_task_at", null);
        e.put("is_deleted", false);
        if (entity.equals("contacts")) {
          e.put("is_unsorted", false);
        }
        e.put("custom_fields_values", fields(entity, in.get("custom_fields_values"), null));
      }
      case "tasks" -> {
        common(e, in, now);
        e.put("entity_id", in.get("entity_id"));
        e.put("entity_type", in.get("entity_type"));
        e.put("duration", orLong(in.get("duration"), 0));
        e.put("is_completed", Boolean.TRUE.equals(in.get("is_completed")));
        e.put("task_type_id", orLong(in.get("task_type_id"), 1));
        e.put("text", in.get("text"));
        e.put("result", in.get("result") instanceof Map<?, ?> r ? r : List.of());
        e.put("complete_till", in.get("complete_till"));
      }
      default -> e.putAll(in);
    }
    e.put("account_id", MockApi.ACCOUNT_ID);
    e.put("_links", Map.of("self", MockJson.href(linkBase + "api/v4/" + entity + "/" + id)));
    if (!entity.equals("tasks")) {
      e.put("_embedded", embedded);
    }
    return e;
  }

  private static void common(Map<String, Object> e, Map<String, Object> in, long now) {
    e.put("responsible_user_id", orLong(in.get("responsible_user_id"), MockSeed.USER_ID));
    e.put("group_id", 0);
    e.put("created_by", orLong(in.get("created_by"), 0));
    e.put("updated_by", orLong(in.get("updated_by"), 0));
    e.put("created_at", orLong(in.get("created_at"), now));
    e.put("updated_at", orLong(in.get("updated_at"), now));
  }

  /** Applies an update: given fields replace stored ones; custom fields merge by field. */
  void merge(String entity, Map<String, Object> stored, Map<String, Object> patch, long now) {
    for (Map.Entry<String, Object> p : patch.entrySet()) {
      switch (p.getKey()) {
        case "id", "request_id", "_links", "_embedded", "account_id", "tags_to_add",
            "tags_to_delete" -> { }
        case "custom_fields_values" -> stored.put(p.getKey(),
            fields(entity, p.getValue(), stored.get(p.getKey())));
        default -> stored.put(p.getKey(), p.getValue() instanceof Double d && d == Math.rint(d)
            ? (Object) d.longValue() : p.getValue());
      }
    }
    stored.put("updated_at", orLong(patch.get("updated_at"), now));
  }

  /** Custom field values as amoCRM stores and reads them back; null when none are left. */
  @Nullable List<Object> fields(String entity, @Nullable Object raw, @Nullable Object existing) {
    Map<Long, Object> byId = new LinkedHashMap<>();
    if (existing instanceof List<?> old) {
      for (Object o : old) {
        Map<String, Object> f = MockJson.asMap(o);
        Long id = f == null ? null : MockJson.asLong(f.get("field_id"));
        if (id != null) {
          byId.put(id, f);
        }
      }
    }
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> f = MockJson.asMap(o);
        if (f == null) {
          continue;
        }
        Object code = f.get("field_code");
        MockCatalog.Field def = catalog.field(entity, MockJson.asLong(f.get("field_id")),
            code instanceof String s ? s : null);
        if (def == null) {
          continue;
        }
        if (!(f.get("values") instanceof List<?> values)) {
          byId.remove(def.id());
          continue;
        }
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
          Map<String, Object> value = MockJson.asMap(v);
          if (value != null) {
            out.add(value(def, value));
          }
        }
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("field_id", def.id());
        field.put("field_name", def.name());
        field.put("field_code", def.code());
        field.put("field_type", def.type());
        field.put("values", out);
        byId.put(def.id(), field);
      }
    }
    return byId.isEmpty() ? null : new ArrayList<>(byId.values());
  }

  private static Map<String, Object> value(MockCatalog.Field def, Map<String, Object> in) {
    Map<String, Object> v = new LinkedHashMap<>();
    Object value = in.get("value");
    switch (def.type()) {
      case "select", "multiselect" -> {
        Long enumId = MockJson.asLong(in.get("enum_id"));
        if (enumId == null) {
          enumId = def.enumId(String.valueOf(value));
        }
        v.put("value", def.enums().get(enumId));
        v.put("enum_id", enumId);
        v.put("enum_code", null);
      }
      case "multitext" -> {
        Object code = in.get("enum_code");
        Long enumId = code instanceof String s ? def.enumId(s) : MockJson.asLong(in.get("enum_id"));
        v.put("value", value);
        v.put("enum_id", enumId);
        v.put("enum_code", def.enums().get(enumId));
      }
      case "numeric" -> v.put("value", number(value)); // amoCRM reads numbers back as strings
      case "date" -> v.put("value", value instanceof String s
          ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
          : MockJson.asLong(value));
      default -> v.put("value", value instanceof Double d && d == Math.rint(d)
          ? (Object) d.longValue() : value);
    }
    return v;
  }

  private static String number(@Nullable Object value) {
    BigDecimal n = value instanceof Number num ? BigDecimal.valueOf(num.doubleValue())
        : new BigDecimal(String.valueOf(value).strip());
    return n.stripTrailingZeros().toPlainString();
  }

  static long orLong(@Nullable Object v, long fallback) {
    Long l = MockJson.asLong(v);
    return l == null ? fallback : l;
  }
}
