package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;

/**
 * The mock's call logging, {@code POST /api/v4/calls}: a call is checked as amoCRM does (400 with
 * {@code validation-errors}: nothing is added), then attached to the first contact, else company,
 * with a value whose last 10 digits are the call's phone's; a call with no such card is one of
 * the answer's {@code errors}, beside the attached ones. Thread-safe.
 */
final class MockCalls {

  private static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");

  private final MockApi api;
  private long nextId = 1;
  /** Every attached call, as stored (for tests through {@link MockAmoCrmServer}). */
  final List<Map<String, Object>> calls = new ArrayList<>(); // guarded by this

  MockCalls(MockApi api) {
    this.api = api;
  }

  synchronized MockResponse.Builder add(@Nullable Object body) {
    if (!(body instanceof List<?> list) || list.isEmpty()) {
      return api.invalid(List.of(new MockValidation.Error("0", "NotSupportedChoice", "",
          "Request body must be a non-empty array")));
    }
    if (list.size() > 50) {
      return api.invalid(List.of(new MockValidation.Error("0", "TooMany", "",
          "No more than 50 calls in one request")));
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> in = MockJson.asMap(list.get(i));
      String rid = requestId(in, i);
      if (in == null) {
        errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "", "Must be an object"));
        continue;
      }
      if (!DIRECTIONS.contains(in.get("direction"))) {
        errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "direction",
            "The value you selected is not a valid choice."));
      }
      for (String f : List.of("source", "phone")) {
        if (!(in.get(f) instanceof String s) || s.isBlank()) {
          errors.add(new MockValidation.Error(rid, "NotBlank", f,
              "This value should not be blank."));
        }
      }
      Long duration = MockJson.asLong(in.get("duration"));
      if (duration == null || duration < 0) {
        errors.add(new MockValidation.Error(rid, "NotBlank", "duration",
            "This value should be a positive number or zero."));
      }
      if (in.get("call_status") != null) {
        Long st = MockJson.asLong(in.get("call_status"));
        if (st == null || st < 1 || st > 7) {
          errors.add(new MockValidation.Error(rid, "NotSupportedChoice", "call_status",
              "The value you selected is not a valid choice."));
        }
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> added = new ArrayList<>();
    List<Object> failed = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> in = MockJson.asMap(list.get(i));
      String rid = requestId(in, i);
      String phone = digits(String.valueOf(in.get("phone")));
      Object[] card = find("contacts", "contact", phone);
      if (card == null) {
        card = find("companies", "company", phone);
      }
      if (card == null) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("request_id", rid);
        e.put("status", 404);
        e.put("title", "Entity not found");
        e.put("detail", "No contact or company with phone " + in.get("phone"));
        failed.add(e);
        continue;
      }
      Map<String, Object> c = new LinkedHashMap<>(in);
      long id = nextId++;
      c.put("id", id);
      c.put("entity_id", card[0]);
      c.put("entity_type", card[1]);
      calls.add(c);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", id);
      a.put("entity_id", card[0]);
      a.put("entity_type", card[1]);
      a.put("account_id", MockApi.ACCOUNT_ID);
      a.put("request_id", rid);
      a.put("_embedded", Map.of("entity", Map.of("id", card[0])));
      added.add(a);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("_total_items", added.size());
    out.put("errors", failed);
    out.put("_embedded", Map.of("calls", added));
    return api.json(200, out, "application/hal+json");
  }

  private Object @Nullable [] find(String store, String type, String phone) {
    if (phone.length() < 5) {
      return null;
    }
    String tail = phone.substring(Math.max(0, phone.length() - 10));
    for (Map<String, Object> e : api.store(store).all()) {
      if (digitsOf(e.get("custom_fields_values")).stream().anyMatch(d -> d.endsWith(tail))) {
        return new Object[] {MockJson.asLong(e.get("id")), type};
      }
    }
    return null;
  }

  /** The digits of every string value under a custom_fields_values list. */
  private static List<String> digitsOf(@Nullable Object fields) {
    List<String> out = new ArrayList<>();
    if (fields instanceof List<?> fs) {
      for (Object f : fs) {
        Map<String, Object> field = MockJson.asMap(f);
        Object values = field == null ? null : field.get("values");
        if (values instanceof List<?> vs) {
          for (Object v : vs) {
            Map<String, Object> value = MockJson.asMap(v);
            if (value != null && value.get("value") instanceof String s) {
              out.add(digits(s));
            }
          }
        }
      }
    }
    return out;
  }

  private static String digits(String s) {
    return s.replaceAll("[^0-9]", "");
  }

  private static String requestId(@Nullable Map<String, Object> in, int index) {
    Object rid = in == null ? null : in.get("request_id");
    return rid == null ? Integer.toString(index) : String.valueOf(rid);
  }

  synchronized int count() {
    return calls.size();
  }
}
