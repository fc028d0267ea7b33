package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.EventValue;
import java.time.Instant;
import java.util.List;

/** The Moshi that reads and writes the API models, with the lenient adapters. Thread-safe. */
public final class ModelJson {
  private ModelJson() {}

  private static final Moshi MOSHI = new Moshi.Builder()
      // Before TOLERANT_SHAPES: it would read a lone object where the list belongs as null.
      .add(Types.newParameterizedType(List.class, EventValue.class), new EventValuesAdapter())
      .add(LenientAdapters.TOLERANT_SHAPES)
      .add(CustomField.class, new CustomFieldAdapter())
      .add(Long.class, LenientAdapters.LONG)
      .add(long.class, LenientAdapters.LONG.nonNull())
      .add(Boolean.class, LenientAdapters.BOOLEAN)
      .add(boolean.class, LenientAdapters.BOOLEAN.nonNull())
      .add(String.class, LenientAdapters.STRING)
      .add(Instant.class, LenientAdapters.INSTANT)
      .build();

  /** Returns the shared Moshi. */
  static Moshi moshi() {
    return MOSHI;
  }

  /** Returns the adapter of a model type. */
  public static <T> JsonAdapter<T> adapter(Class<T> type) {
    return MOSHI.adapter(type);
  }
}
