package io.github.farolero.amocrm.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Helpers shared by the entity records. */
final class Models {
  private Models() {}

  static List<CustomField> fields(@Nullable List<CustomField> fields) {
    return fields == null ? List.of() : fields;
  }

  static Optional<CustomField> field(@Nullable List<CustomField> fields, long fieldId) {
    for (CustomField f : fields(fields)) {
      if (f.fieldId() != null && f.fieldId() == fieldId) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  static Optional<CustomField> field(@Nullable List<CustomField> fields, String code) {
    for (CustomField f : fields(fields)) {
      if (code.equals(f.fieldCode())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  // Stream.toList()'s own empty list (contains(null) is false, unlike List.of()'s), made once:
  // a page of leads copies an empty tag list per lead.
  private static final List<Object> EMPTY = Stream.empty().toList();

  /** Copies a list, dropping null elements (what the JSON reader could not read). */
  @SuppressWarnings("unchecked")
  static <T> @Nullable List<T> copy(@Nullable List<T> list) {
    if (list == null) {
      return null;
    }
    return list.isEmpty() ? (List<T>) EMPTY : list.stream().filter(Objects::nonNull).toList();
  }

  /** Returns JSON text without the whitespace outside its strings; the rest is kept as is. */
  static String compactJson(String json) {
    StringBuilder out = null;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          if (out != null) {
            out.append(c);
            if (i + 1 < json.length()) {
              out.append(json.charAt(i + 1));
            }
          }
          i++;
          continue;
        }
        if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        if (out == null) {
          out = new StringBuilder(json.length()).append(json, 0, i);
        }
        continue;
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? json : out.toString();
  }
}
