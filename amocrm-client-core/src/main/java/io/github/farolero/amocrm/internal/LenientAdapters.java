package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonQualifier;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.model.Extras;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Adapters that read amoCRM's messy scalars without failing: numbers as strings ({@code "12"}),
 * ids as strings or numbers, booleans as {@code "1"}/{@code "0"}, timestamps as unix seconds or
 * as {@code "2023-05-05 09:38:00"}, {@code []} where an object is expected. What cannot be read
 * as the declared type reads as null (for a nullable field) rather than failing the whole page.
 */
final class LenientAdapters {
  private LenientAdapters() {}

  /** The class of Moshi's streaming reader, whose nextLong() is exact or throws. */
  private static final Class<?> UTF8_READER = JsonReader.of(new Buffer()).getClass();
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

    /** Reads a JSON number: by its text unless the type has a cheaper way to the same value. */
    @Nullable T number(JsonReader r) throws IOException {
      return parse(r.nextString());
    }

    @Override
    public final @Nullable T fromJson(JsonReader r) throws IOException {
      switch (r.peek()) {
        case NUMBER:
          return number(r);
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

    /**
     * Moshi's streaming reader gives an integral number that fits a long without making its text
     * (the text, then Long.parseLong, cost a third of a page's parse). It returns a value only
     * when it is exact, the value parseLong gives for the same text; for anything else (a
     * fraction, out of range) it throws and keeps the number, which is then read by its text as
     * before. Other readers (JsonValueReader rounds a double) always go by the text.
     */
    @Override
    @Nullable Long number(JsonReader r) throws IOException {
      if (r.getClass() == UTF8_READER) {
        try {
          return r.nextLong();
        } catch (JsonDataException e) {
          // not an exact long: read by its text below
        }
      }
      return parseLong(r.nextString());
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

  /**
   * A decimal number from a JSON number or numeric string, exactly (no double in between);
   * anything unreadable is null. Written as a JSON number by its plain text.
   */
  static final JsonAdapter<BigDecimal> DECIMAL = new Scalar<>() {
    @Override
    @Nullable BigDecimal parse(String text) {
      try {
        return new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }

    @Override
    public void toJson(JsonWriter w, @Nullable BigDecimal v) throws IOException {
      if (v == null) {
        w.nullValue();
      } else {
        try (okio.BufferedSink sink = w.valueSink()) {
          sink.writeUtf8(v.toPlainString());
        }
      }
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

  /**
   * Returns the token a JSON value's exact text (as {@link JsonReader#nextSource()} gives it)
   * starts with: what a reader's {@code peek()} would say, without making a reader.
   */
  static JsonReader.Token rawToken(String json) throws IOException {
    if (!json.isEmpty()) {
      char c = json.charAt(0);
      switch (c) {
        case '"':
          return JsonReader.Token.STRING;
        case '{':
          return JsonReader.Token.BEGIN_OBJECT;
        case '[':
          return JsonReader.Token.BEGIN_ARRAY;
        default:
          if (json.equals("true") || json.equals("false")) {
            return JsonReader.Token.BOOLEAN;
          }
          if (json.equals("null")) {
            return JsonReader.Token.NULL;
          }
          if (isNumberText(json)) {
            return JsonReader.Token.NUMBER;
          }
      }
    }
    return JsonReader.of(new Buffer().writeUtf8(json)).peek();
  }

  /**
   * Reads a JSON value's exact text through a scalar adapter, as {@code
   * adapter.fromJson(JsonReader.of(json))} would: plain strings (no escapes), numbers, booleans
   * and null straight from the text; anything else through a reader.
   */
  static <T> @Nullable T readRaw(JsonAdapter<T> adapter, String json) throws IOException {
    if (adapter instanceof Scalar<T> scalar && !json.isEmpty()) {
      int n = json.length();
      char c = json.charAt(0);
      if (c == '"') {
        if (n >= 2 && json.charAt(n - 1) == '"' && json.indexOf('\\') < 0) {
          return scalar.parse(json.substring(1, n - 1));
        }
      } else if (json.equals("true") || json.equals("false")) {
        return scalar.bool(json.equals("true"));
      } else if (json.equals("null")) {
        return null;
      } else if (isNumberText(json)) {
        return scalar.parse(json); // a reader's nextString() gives a number's text as it is
      }
    }
    return adapter.fromJson(JsonReader.of(new Buffer().writeUtf8(json)));
  }

  /** True for the text of a JSON number: a digit or '-' first, then digits, signs, '.', 'e'. */
  private static boolean isNumberText(String s) {
    char first = s.charAt(0);
    if (first != '-' && (first < '0' || first > '9')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e'
          || c == 'E')) {
        return false;
      }
    }
    return true;
  }

  static @Nullable Long parseLong(String raw) {
    if (isPlainInteger(raw)) {
      return Long.parseLong(raw); // the usual case; at most 18 digits cannot overflow
    }
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

  /** True for an optional '-' and 1 to 18 ASCII digits: what Long.parseLong reads as is. */
  private static boolean isPlainInteger(String s) {
    int n = s.length();
    int start = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    if (n == start || n - start > 18) {
      return false;
    }
    for (int i = start; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** True if every char is a digit (any script, as Character.isDigit), '-' or '.'. */
  private static boolean digitsSignsAndPoints(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isDigit(c) || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  static @Nullable Instant parseInstant(String raw) {
    if (isPlainInteger(raw)) { // unix seconds, the usual case: no strip, no second look
      long seconds = Long.parseLong(raw);
      return seconds >= MIN_SECOND && seconds <= MAX_SECOND ? Instant.ofEpochSecond(seconds) : null;
    }
    String s = raw.strip();
    if (s.isEmpty()) {
      return null;
    }
    Long seconds = parseLong(s);
    if (seconds != null && digitsSignsAndPoints(s)) {
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
   * Reads {@code []} (amoCRM's empty object) as null for the model records, a non-list where a
   * list is expected as null, and a non-object where a map is expected ({@code []} again) as
   * null. Everything else goes to the next adapter. A record of this
   * library's is read by a {@link RecordReader} and written by Moshi's own record adapter.
   */
  static final JsonAdapter.Factory TOLERANT_SHAPES = new JsonAdapter.Factory() {
    @Override
    public @Nullable JsonAdapter<?> create(Type type, Set<? extends Annotation> annotations,
        Moshi moshi) {
      Class<?> raw = Types.getRawType(type);
      boolean list = raw == List.class;
      boolean map = raw == Map.class;
      boolean model = raw.isRecord() && raw.getPackageName().startsWith("io.github.farolero.amocrm");
      if (!list && !map && !model) {
        return null;
      }
      JsonAdapter<Object> next = moshi.nextAdapter(this, type, annotations);
      // Only where Moshi's own record adapter would read it: not CustomField (its own adapter).
      RecordReader<?> record = model && type == raw && annotations.isEmpty()
          && isMoshisRecordAdapter(next, raw) ? RecordReader.of(raw, moshi) : null;
      // A record with an Extras component is written by its RecordReader too: its own keys as
      // Moshi writes them, then the extra keys.
      RecordReader<?> writer = record != null && record.extrasIndex >= 0 ? record : null;
      return new JsonAdapter<Object>() {
        @Override
        public @Nullable Object fromJson(JsonReader r) throws IOException {
          JsonReader.Token t = r.peek();
          if (t == JsonReader.Token.NULL) {
            return r.nextNull();
          }
          if ((model && t == JsonReader.Token.BEGIN_ARRAY)
              || (list && t != JsonReader.Token.BEGIN_ARRAY)
              || (map && t != JsonReader.Token.BEGIN_OBJECT)) {
            r.skipValue();
            return null;
          }
          return record != null ? record.read(r) : next.fromJson(r);
        }

        @Override
        public void toJson(JsonWriter w, @Nullable Object v) throws IOException {
          if (writer != null && v != null) {
            writer.write(w, v);
          } else {
            next.toJson(w, v);
          }
        }

        @Override
        public String toString() {
          return next + (record != null ? ".tolerant(read by RecordReader)" : ".tolerant()");
        }
      };
    }
  };

  /**
   * True if the adapter is Moshi's record adapter (made null-safe) for this type, as its {@code
   * toString()} says. Should a Moshi release word it otherwise, records are read by Moshi's adapter
   * again: slower, never wrong (ModelJsonTest checks that the leads' reader is ours).
   */
  private static boolean isMoshisRecordAdapter(JsonAdapter<?> adapter, Class<?> type) {
    return adapter.toString().equals("JsonAdapter(" + type.getSimpleName() + ").nullSafe()");
  }

  /**
   * Returns the next value's JSON text exactly as sent: a number's, a boolean's and null's text as
   * the reader gives it, anything else through {@link JsonReader#nextSource()}.
   */
  static String rawJson(JsonReader r) throws IOException {
    switch (r.peek()) {
      case NUMBER:
        return r.nextString();
      case BOOLEAN:
        return r.nextBoolean() ? "true" : "false";
      case NULL:
        r.nextNull();
        return "null";
      default:
        try (okio.BufferedSource source = r.nextSource()) {
          return source.readUtf8();
        }
    }
  }

  /**
   * Reads a record as Moshi's record adapter does (names by {@link Json}, each component through
   * the adapter Moshi has for its type, unknown names skipped, the last of a repeated name kept,
   * a missing primitive a {@link JsonDataException}), but calls the canonical constructor through
   * a spreading method handle made once. Moshi's adapter calls {@code
   * MethodHandle.invokeWithArguments} for every record, which looks the spreader up again each
   * time: about a fifth of the CPU time of a page of leads.
   */
  static final class RecordReader<T> {
    private final Class<T> type;
    private final String[] names; // the components' own names, for errors
    private final String[] jsonNames;
    private final boolean[] primitive;
    private final JsonAdapter<?>[] adapters;
    private final JsonReader.Options options;
    private final MethodHandle constructor; // (Object[]) Object
    /** The index of the {@link Extras} component, or -1. */
    final int extrasIndex;
    private final MethodHandle[] accessors; // (Object) Object, for writing

    private RecordReader(Class<T> type, String[] names, String[] jsonNames, boolean[] primitive,
        JsonAdapter<?>[] adapters, MethodHandle constructor, int extrasIndex,
        MethodHandle[] accessors) {
      this.type = type;
      this.names = names;
      this.jsonNames = jsonNames;
      this.primitive = primitive;
      this.adapters = adapters;
      String[] selectable = jsonNames.clone();
      if (extrasIndex >= 0) {
        selectable[extrasIndex] = "\u0000extras"; // not a key of its own: never selected
      }
      this.options = JsonReader.Options.of(selectable);
      this.constructor = constructor;
      this.extrasIndex = extrasIndex;
      this.accessors = accessors;
    }

    /**
     * Returns a reader of a record class, or null where Moshi's own adapter should read it: a
     * generic record, one whose JSON names collide, a constructor this class cannot reach.
     */
    static @Nullable RecordReader<?> of(Class<?> type, Moshi moshi) {
      if (type.getTypeParameters().length > 0) {
        return null;
      }
      RecordComponent[] components = type.getRecordComponents();
      int n = components.length;
      String[] names = new String[n];
      String[] jsonNames = new String[n];
      boolean[] primitive = new boolean[n];
      JsonAdapter<?>[] adapters = new JsonAdapter<?>[n];
      Class<?>[] parameters = new Class<?>[n];
      Set<String> seen = new HashSet<>();
      int extrasIndex = -1;
      MethodHandle[] accessors = new MethodHandle[n];
      for (int i = 0; i < n; i++) {
        RecordComponent c = components[i];
        if (c.getType() == Extras.class && c.getName().equals("extras")) {
          extrasIndex = i;
        }
        try {
          accessors[i] = MethodHandles.lookup().unreflect(c.getAccessor())
              .asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException e) {
          return null;
        }
        names[i] = c.getName();
        Json json = c.getAnnotation(Json.class);
        jsonNames[i] = json == null || json.name().equals(Json.UNSET_NAME) ? c.getName()
            : json.name();
        if (!seen.add(jsonNames[i])) {
          return null;
        }
        parameters[i] = c.getType();
        primitive[i] = c.getType().isPrimitive();
        Set<Annotation> qualifiers = new LinkedHashSet<>();
        for (Annotation a : c.getDeclaredAnnotations()) {
          if (a.annotationType().isAnnotationPresent(JsonQualifier.class)) {
            qualifiers.add(a);
          }
        }
        adapters[i] = moshi.adapter(c.getGenericType(), qualifiers);
      }
      MethodHandle constructor;
      try {
        constructor = MethodHandles.lookup()
            .findConstructor(type, MethodType.methodType(void.class, parameters))
            .asType(MethodType.genericMethodType(n))
            .asSpreader(Object[].class, n);
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return null;
      }
      return new RecordReader<>(type, names, jsonNames, primitive, adapters, constructor,
          extrasIndex, accessors);
    }

    /**
     * Writes a record as Moshi's record adapter does (each component by its JSON name through its
     * adapter; a null left out unless the writer serializes nulls), then its extra keys that are
     * not names of its own components.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void write(JsonWriter w, Object value) throws IOException {
      Object[] values = new Object[accessors.length];
      try {
        for (int i = 0; i < accessors.length; i++) {
          values[i] = (Object) accessors[i].invokeExact(value);
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new AssertionError(e); // an accessor declares no checked exception
      }
      w.beginObject();
      for (int i = 0; i < values.length; i++) {
        if (i != extrasIndex) {
          w.name(jsonNames[i]);
          ((JsonAdapter) adapters[i]).toJson(w, values[i]);
        }
      }
      Extras extras = (Extras) values[extrasIndex];
      if (extras != null) {
        for (Map.Entry<String, String> e : extras.asMap().entrySet()) {
          if (!isOwnName(e.getKey())) {
            w.name(e.getKey());
            try (okio.BufferedSink sink = w.valueSink()) {
              sink.writeUtf8(e.getValue());
            }
          }
        }
      }
      w.endObject();
    }

    private boolean isOwnName(String name) {
      for (int i = 0; i < jsonNames.length; i++) {
        if (i != extrasIndex && jsonNames[i].equals(name)) {
          return true;
        }
      }
      return false;
    }

    T read(JsonReader r) throws IOException {
      Object[] values = new Object[adapters.length];
      Map<String, String> extra = null;
      r.beginObject();
      while (r.hasNext()) {
        int i = r.selectName(options);
        if (i < 0 && extrasIndex >= 0) {
          if (extra == null) {
            extra = new LinkedHashMap<>();
          }
          extra.put(r.nextName(), rawJson(r));
        } else if (i < 0) {
          r.skipName();
          r.skipValue();
        } else {
          values[i] = adapters[i].fromJson(r);
        }
      }
      r.endObject();
      if (extra != null) {
        values[extrasIndex] = Extras.of(extra);
      }
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null && primitive[i]) {
          // As Moshi's record adapter words it.
          throw new JsonDataException(names[i].equals(jsonNames[i])
              ? "Required value '" + names[i] + "' missing at " + r.getPath()
              : "Required value '" + names[i] + "' (JSON name '" + jsonNames[i] + "') missing at "
                  + r.getPath());
        }
      }
      try {
        return type.cast((Object) constructor.invokeExact(values));
      } catch (RuntimeException e) {
        // A record's own check refused what was read: a broken answer, not a bug of the caller.
        JsonDataException failure = new JsonDataException(type.getSimpleName()
            + " cannot be made of what was read at " + r.getPath() + ": " + e.getMessage());
        failure.initCause(e);
        throw failure;
      } catch (Error e) {
        throw e;
      } catch (Throwable e) {
        throw new AssertionError(e); // a constructor declares no checked exception
      }
    }
  }
}
