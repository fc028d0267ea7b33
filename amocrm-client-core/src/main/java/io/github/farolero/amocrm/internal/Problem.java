package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.error.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An amoCRM error body ({@code application/problem+json}) as far as it could be read, for the
 * API and the token endpoint alike: {@code hint} (OAuth), {@code title}, {@code detail},
 * amoCRM's {@code validation-errors}, and an error code (for 403 code 113, "IP not allowed",
 * whose exact shape is unconfirmed: {@code code} or {@code error_code} at the top or under
 * {@code response}, whose {@code error} stands in for a missing {@code detail}). HTML, empty and
 * otherwise unreadable bodies give a problem with every field null and {@code json} false.
 *
 * <p>{@code hint}, {@code title} and {@code detail} are kept whole: the token endpoint removes
 * secrets from them before it shortens them, and a secret cut in two would survive that. Each
 * caller bounds them for its messages.
 */
record Problem(
    boolean json,
    @Nullable String hint,
    @Nullable String title,
    @Nullable String detail,
    @Nullable Integer code,
    List<ValidationError> validationErrors) {

  /** Reads any JSON object; shared by everything in this package that reads loose JSON. */
  static final JsonAdapter<Map<String, Object>> OBJECT = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private static final Problem NONE = new Problem(false, null, null, null, null, List.of());
  private static final int MAX_ERRORS = 1000;
  private static final int MAX_ERROR_TEXT = 500;

  /** Reads a body; never throws. */
  static Problem parse(@Nullable String body) {
    String trimmed = body == null ? "" : body.strip();
    if (!trimmed.startsWith("{")) {
      return NONE;
    }
    try {
      Map<String, Object> m = OBJECT.fromJson(trimmed);
      if (m == null) {
        return NONE;
      }
      Integer code = intOf(m.get("code"));
      if (code == null) {
        code = intOf(m.get("error_code"));
      }
      String detail = text(m.get("detail"));
      if (m.get("response") instanceof Map<?, ?> r) {
        if (code == null) {
          code = intOf(r.get("code")) != null ? intOf(r.get("code")) : intOf(r.get("error_code"));
        }
        if (detail == null) {
          detail = text(r.get("error"));
        }
      }
      return new Problem(true, text(m.get("hint")), text(m.get("title")), detail, code,
          validation(m.get("validation-errors")));
    } catch (Exception e) {
      return NONE;
    }
  }

  /**
   * Returns this problem with every text the server wrote passed through {@code scrub}: the
   * server may echo a token it was sent, whole or in part.
   */
  Problem scrubbed(UnaryOperator<String> scrub) {
    List<ValidationError> errors = new ArrayList<>(validationErrors.size());
    for (ValidationError e : validationErrors) {
      errors.add(new ValidationError(e.index(), scrub.apply(e.code()), scrub.apply(e.path()),
          e.detail() == null ? null : scrub.apply(e.detail())));
    }
    return new Problem(json, orNull(hint, scrub), orNull(title, scrub), orNull(detail, scrub),
        code, List.copyOf(errors));
  }

  private static @Nullable String orNull(@Nullable String s, UnaryOperator<String> scrub) {
    return s == null ? null : scrub.apply(s);
  }

  /** At most {@value #MAX_ERRORS} errors, their texts cut: a body may hold any number. */
  private static List<ValidationError> validation(@Nullable Object raw) {
    if (!(raw instanceof List<?> groups)) {
      return List.of();
    }
    List<ValidationError> out = new ArrayList<>();
    for (Object g : groups) {
      if (!(g instanceof Map<?, ?> group) || !(group.get("errors") instanceof List<?> list)) {
        continue;
      }
      int index = requestIndex(group.get("request_id"));
      for (Object e : list) {
        if (e instanceof Map<?, ?> err && out.size() < MAX_ERRORS) {
          String code = shorten(text(err.get("code")), MAX_ERROR_TEXT);
          String path = shorten(text(err.get("path")), MAX_ERROR_TEXT);
          out.add(new ValidationError(index, code == null ? "Unknown" : code,
              path == null ? "" : path, shorten(text(err.get("detail")), MAX_ERROR_TEXT)));
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

  private static @Nullable Integer intOf(@Nullable Object v) {
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
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  /** Cuts text from the server to {@code max} characters and an ellipsis, for messages. */
  static @Nullable String shorten(@Nullable String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
