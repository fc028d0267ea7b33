package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An amoCRM error body ({@code application/problem+json}) as far as it could be read. HTML,
 * empty and otherwise unreadable bodies give a problem with every field null and {@code json}
 * false.
 */
public record Problem(
    boolean json,
    @Nullable String hint,
    @Nullable String title,
    @Nullable String detail,
    @Nullable Object validationErrors) {

  private static final JsonAdapter<Map<String, Object>> MAP = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  /** Returns an empty problem for a body that is not JSON. */
  public static Problem none() {
    return new Problem(false, null, null, null, null);
  }

  /** Reads a body; never throws. */
  public static Problem parse(@Nullable String body) {
    if (body == null) {
      return none();
    }
    String trimmed = body.strip();
    if (!trimmed.startsWith("{")) {
      return none();
    }
    try {
      Map<String, Object> m = MAP.fromJson(trimmed);
      if (m == null) {
        return none();
      }
      return new Problem(true, text(m.get("hint")), text(m.get("title")), text(m.get("detail")),
          m.get("validation-errors") instanceof List<?> l ? l : null);
    } catch (Exception e) {
      return none();
    }
  }

  private static @Nullable String text(@Nullable Object o) {
    if (o instanceof String s && !s.isBlank()) {
      return s;
    }
    return null;
  }
}
