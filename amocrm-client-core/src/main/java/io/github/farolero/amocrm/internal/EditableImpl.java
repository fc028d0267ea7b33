package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.Editable;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A list edited item by item ({@code customers/statuses}, {@code customers/segments}): list, get,
 * add in batches, update with one {@code PATCH path/{id}} per item, delete. Thread-safe.
 */
final class EditableImpl<T> extends EntitiesImpl<T> implements Editable<T> {

  private static final com.squareup.moshi.JsonAdapter<WireRecords.Saved> SAVED =
      ModelJson.adapter(WireRecords.Saved.class);

  private final Function<T, @Nullable Long> idOf;

  EditableImpl(ApiTransport transport, String path, String key, Class<T> type,
      Function<T, @Nullable Long> idOf) {
    super(transport, path, key, type, idOf);
    this.idOf = idOf;
  }

  @Override
  public List<SaveResult> update(List<T> items) {
    Objects.requireNonNull(items, path + " == null");
    List<Long> ids = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      T item = Objects.requireNonNull(items.get(i), path + "[" + i + "] == null");
      Long id = idOf.apply(item);
      if (id == null) {
        throw new IllegalArgumentException(path + "[" + i + "] has no id: use add");
      }
      ids.add(id);
    }
    List<SaveResult> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      HttpUrl url = transport.url(path + "/" + ids.get(i));
      try {
        WireRecords.Saved s = transport.execute("PATCH", url,
            WriteJson.entity(adapter.toJson(items.get(i))),
            SAVED::fromJson);
        out.add(new SaveResult(i, s == null || s.id() == null ? ids.get(i) : s.id(),
            s == null ? null : s.updatedAt()));
      } catch (RuntimeException e) {
        RuntimeException failure = e instanceof ValidationException v
            ? Batches.translate(v, "PATCH", url, i, 1, i + 1, items.size()) : e;
        if (i == 0) {
          throw failure;
        }
        throw new PartialBatchException("updating " + items.size() + " " + path + " stopped at "
            + "item " + i + "; items 0 to " + (i - 1) + " were saved (see saved()): "
            + failure.getMessage(), List.copyOf(out), failure);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public boolean delete(long id) {
    try {
      transport.execute("DELETE", transport.url(path + "/" + id), null, body -> null);
      return true;
    } catch (AmoCrmHttpException e) {
      if (e.status() == 404 && !(e instanceof OAuthException)) {
        return false;
      }
      throw e;
    }
  }
}
