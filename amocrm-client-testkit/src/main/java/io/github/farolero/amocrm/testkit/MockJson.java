package io.github.farolero.amocrm.testkit;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON helpers of the mock: amoCRM's body shapes, built from plain maps and lists. */
final class MockJson {
  private MockJson() {}

  private static final Moshi MOSHI = new Moshi.Builder().build();
  // amoCRM writes its nulls ("closed_at": null); so does the mock.
  static final JsonAdapter<Object> ANY = MOSHI.adapter(Object.class).serializeNulls();
  static final JsonAdapter<Map<String, Object>> MAP = MOSHI.<Map<String, Object>>adapter(
      Types.newParameterizedType(Map.class, String.class, Object.class)).serializeNulls();

  static final String HTML_403 = "<!DOCTYPE html>\n<html><head><title>403 Forbidden"
      + "</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center>"
      + "</body></html>\n";

  static String html(int status, String reason) {
    return "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n"
        + "<center><h1>" + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n"
        + "</body>\r\n</html>\r\n";
  }

  static String toJson(@Nullable Object value) {
    return ANY.toJson(value);
  }

  static byte[] bytes(Map<String, Object> entity) {
    return MAP.toJson(entity).getBytes(StandardCharsets.UTF_8);
  }

  static Map<String, Object> parseObject(byte[] json) {
    Map<String, Object> m = asMap(parse(new String(json, StandardCharsets.UTF_8)));
    if (m == null) {
      throw new IllegalStateException("the mock stored JSON it cannot read");
    }
    return m;
  }

  /**
   * Parses JSON into mutable maps and lists, with whole numbers as longs (Moshi reads every
   * number as a double, and would write an id back as {@code 1.0E7}). Null if it is not JSON.
   */
  static @Nullable Object parse(String body) {
    try {
      return integral(ANY.fromJson(body));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable Object integral(@Nullable Object o) {
    if (o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
      return d.longValue();
    }
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), integral(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object v : l) {
        out.add(integral(v));
      }
      return out;
    }
    return o;
  }

  static Map<String, Object> problem(int status, String title, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", title);
    body.put("type", "https://httpstatus.es/" + status);
    body.put("status", status);
    body.put("detail", detail);
    return body;
  }

  /** amoCRM's 400: {@code validation-errors} grouped by {@code request_id}. */
  static Map<String, Object> validation(List<MockValidation.Error> errors) {
    Map<String, List<Map<String, Object>>> byRequest = new LinkedHashMap<>();
    for (MockValidation.Error e : errors) {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("code", e.code());
      err.put("path", e.path());
      err.put("detail", e.detail());
      byRequest.computeIfAbsent(e.requestId(), k -> new ArrayList<>()).add(err);
    }
    List<Object> groups = new ArrayList<>();
    byRequest.forEach((id, errs) -> {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("request_id", id);
      g.put("errors", errs);
      groups.add(g);
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("validation-errors", groups);
    body.putAll(problem(400, "Bad Request", "Request validation failed"));
    return body;
  }

  static Map<String, Object> href(String url) {
    return Map.of("href", url);
  }

  @SuppressWarnings("unchecked")
  static @Nullable Map<String, Object> asMap(@Nullable Object o) {
    return o instanceof Map<?, ?> ? (Map<String, Object>) o : null;
  }

  static @Nullable Long asLong(@Nullable Object o) {
    if (o instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) ? (long) d : null;
    }
    return null;
  }
}
