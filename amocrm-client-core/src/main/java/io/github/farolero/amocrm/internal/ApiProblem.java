package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An API v4 error body as far as it could be read: {@code application/problem+json} with
 * {@code title}, {@code detail}, amoCRM's {@code validation-errors}, and an error code (for 403
 * code 113, "IP not allowed", whose exact shape is unconfirmed: {@code code} or
 * {@code error_code} at the top or under {@code response}). HTML and empty bodies give nulls.
 */
record ApiProblem(
    boolean json,
    @Nullable String title,
    @Nullable String detail,
    @Nullable Integer code,
    List<ValidationError> validationErrors) {

  private static final JsonAdapter<Map<String, Object>> MAP = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final int MAX_ERRORS = 1000;

  static ApiProblem parse(String body) {
    String trimmed = body.strip();
    if (!trimmed.startsWith("{")) {
      return new ApiProblem(false, null, null, null, List.of());
    }
    try {
      Map<String, Object> m = MAP.fromJson(trimmed);
      if (m == null) {
        return new ApiProblem(false, null, null, null, List.of());
      }
      Integer code = intOf(m.get("code"));
      if (code == null) {
        code = intOf(m.get("error_code"));
      }
      String title = text(m.get("title"));
      String detail = text(m.get("detail"));
      if (m.get("response") instanceof Map<?, ?> r) {
        if (code == null) {
          code = intOf(r.get("code")) != null ? intOf(r.get("code")) : intOf(r.get("error_code"));
        }
        if (detail == null) {
          detail = text(r.get("error"));
        }
      }
      return new ApiProblem(true, title, detail, code, validation(m.get("validation-errors")));
    } catch (Exception e) {
      return new ApiProblem(false, null, null, null, List.of());
    }
  }

  private static List<ValidationError> validation(@Nullable Object raw) {
    if (!(raw instanceof List<?> groups)) {
      return List.of();
    }
    List<ValidationError> out = new ArrayList<>();
    for (Object g : groups) {
      if (!(g instanceof Map<?, ?> group)) {
        continue;
      }
      int index = requestIndex(group.get("request_id"));
      Object errs = group.get("errors");
      if (!(errs instanceof List<?> list)) {
        continue;
      }
      for (Object e : list) {
        if (e instanceof Map<?, ?> err && out.size() < MAX_ERRORS) {
          String code = text(err.get("code"));
          String path = text(err.get("path"));
          out.add(new ValidationError(index, code == null ? "Unknown" : code,
              path == null ? "" : path, text(err.get("detail"))));
        }
      }
    }
    return out;
  }

  /** {@code request_id} is "0", 0, or (in {@code leads/complex}) ["0"]; -1 if none of those. */
  static int requestIndex(@Nullable Object raw) {
    Object v = raw instanceof List<?> l && !l.isEmpty() ? l.get(0) : raw;
    Integer i = intOf(v);
    return i == null || i < 0 ? -1 : i;
  }

  static @Nullable Integer intOf(@Nullable Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (int) d : null;
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static @Nullable String text(@Nullable Object o) {
    if (o instanceof Number n) {
      return n.toString();
    }
    if (o instanceof String s && !s.isBlank()) {
      return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
    return null;
  }
}
