package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Adapters that read amoCRM's messy scalars without failing: numbers as strings ({@code "12"}),
 * ids as strings or numbers, booleans as {@code "1"}/{@code "0"}, timestamps as unix seconds or
 * as {@code "2023-05-05 09:38:00"}, {@code []} where an object is expected. What cannot be read
 * as the declared type reads as null (for a nullable field) rather than failing the whole page.
 */
final class LenientAdapters {
  private LenientAdapters() {}

  private static final DateTimeFormatter SQL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  // Instant's own range, in seconds: Instant.ofEpochSecond throws beyond it.
  private static final long MIN_SECOND = Instant.MIN.getEpochSecond();
  private static final long MAX_SECOND = Instant.MAX.getEpochSecond();

  /**
   * A scalar read from a JSON string or number (as its text), or from a boolean; {@code null},
   * and any object or array (skipped), read as null.
   */
  private abstract static class Scalar<T> extends JsonAdapter<T> {
    /** Reads the text of a JSON string or number. */
    abstract @Nullable T parse(String text);

    /** Reads a JSON boolean: null unless the type has a meaning for it. */
    @Nullable T bool(boolean value) {
      return null;
    }

    @Override
    public final @Nullable T fromJson(JsonReader r) throws IOException {
      switch (r.peek()) {
        case NUMBER:
        case STRING:
          return parse(r.nextString());
        case BOOLEAN:
          return bool(r.nextBoolean());
        case NULL:
          return r.nextNull();
        default:
          r.skipValue();
          return null;
      }
    }
  }

  static final JsonAdapter<Long> LONG = new Scalar<>() {
    @Override
    @Nullable Long parse(String text) {
      return parseLong(text);
    }

    @Override
    Long bool(boolean value) {
      return value ? 1L : 0L;
    }

    @Override
    public void toJson(JsonWriter w, @Nullable Long v) throws IOException {
      w.value(v);
    }
  };

  static final JsonAdapter<Boolean> BOOLEAN = new Scalar<>() {
    @Override
    @Nullable Boolean parse(String text) {
      String s = text.strip().toLowerCase(Locale.ROOT);
      if (s.equals("1") || s.equals("true") || s.equals("y")) {
        return true;
      }
      if (s.equals("0") || s.equals("false") || s.equals("n")) {
        return false;
      }
      return null;
    }

    @Override
    Boolean bool(boolean value) {
      return value;
    }

    @Override
    public void toJson(JsonWriter w, @Nullable Boolean v) throws IOException {
      w.value(v);
    }
  };

  static final JsonAdapter<String> STRING = new Scalar<>() {
    @Override
    String parse(String text) {
      return text;
    }

    @Override
    String bool(boolean value) {
      return Boolean.toString(value);
    }

    @Override
    public void toJson(JsonWriter w, @Nullable String v) throws IOException {
      w.value(v);
    }
  };

  /** Unix seconds (as numbers or numeric strings), or the date formats amoCRM sometimes uses. */
  static final JsonAdapter<Instant> INSTANT = new Scalar<>() {
    @Override
    @Nullable Instant parse(String text) {
      return parseInstant(text);
    }

    @Override
    public void toJson(JsonWriter w, @Nullable Instant v) throws IOException {
      if (v == null) {
        w.nullValue();
      } else {
        w.value(v.getEpochSecond());
      }
    }
  };

  static @Nullable Long parseLong(String raw) {
    String s = raw.strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      // "12.0", "1.5e3": a fraction is cut. Out of range is null, not longValue()'s silent wrap
      // (which turned "99999999999999999999" into 7766279631452241919).
      try {
        BigDecimal d = new BigDecimal(s);
        return d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0 ? null : d.longValue();
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }

  static @Nullable Instant parseInstant(String raw) {
    String s = raw.strip();
    if (s.isEmpty()) {
      return null;
    }
    Long seconds = parseLong(s);
    if (seconds != null && s.chars().allMatch(c -> Character.isDigit(c) || c == '-' || c == '.')) {
      // Unix seconds. Past Instant's range Instant.ofEpochSecond throws an unchecked
      // DateTimeException that would fail the whole page: null, as anything unreadable.
      return seconds >= MIN_SECOND && seconds <= MAX_SECOND ? Instant.ofEpochSecond(seconds) : null;
    }
    try {
      return LocalDateTime.parse(s, SQL_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next format
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      // next format
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Reads {@code []} (amoCRM's empty object) as null for the model records, and a non-list where
   * a list is expected as null. Everything else goes to the next adapter.
   */
  static final JsonAdapter.Factory TOLERANT_SHAPES = new JsonAdapter.Factory() {
    @Override
    public @Nullable JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations,
        Moshi moshi) {
      Class<?> raw = Types.getRawType(type);
      boolean list = raw == List.class;
      boolean model = raw.isRecord() && raw.getPackageName().startsWith("io.github.farolero.amocrm");
      if (!list && !model) {
        return null;
      }
      JsonAdapter<Object> next = moshi.nextAdapter(this, type, annotations);
      return new JsonAdapter<Object>() {
        @Override
        public @Nullable Object fromJson(JsonReader r) throws IOException {
          JsonReader.Token t = r.peek();
          if (t == JsonReader.Token.NULL) {
            return r.nextNull();
          }
          if ((model && t == JsonReader.Token.BEGIN_ARRAY)
              || (list && t != JsonReader.Token.BEGIN_ARRAY)) {
            r.skipValue();
            return null;
          }
          return next.fromJson(r);
        }

        @Override
        public void toJson(JsonWriter w, @Nullable Object v) throws IOException {
          next.toJson(w, v);
        }
      };
    }
  };
}
