package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.Entities;
import io.github.farolero.amocrm.api.SaveResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Leads, contacts, companies, tasks: list, get, add and update. Thread-safe. */
class EntitiesImpl<T> extends PagedListing<T> implements Entities<T> {

  private final Function<T, @Nullable Long> idOf;

  EntitiesImpl(ApiTransport transport, String path, Class<T> type,
      Function<T, @Nullable Long> idOf) {
    super(transport, path, path, ModelJson.adapter(type), 250);
    this.idOf = idOf;
  }

  /** For a path whose answers list items under another key ({@code customers/statuses}). */
  EntitiesImpl(ApiTransport transport, String path, String key, Class<T> type,
      Function<T, @Nullable Long> idOf) {
    super(transport, path, key, ModelJson.adapter(type), 250);
    this.idOf = idOf;
  }

  @Override
  public Optional<T> get(long id, String... with) {
    HttpUrl.Builder url = transport.url(path + "/" + id).newBuilder();
    if (with.length > 0) {
      url.addQueryParameter("with", String.join(",", with));
    }
    return transport.find(url.build(), adapter);
  }

  @Override
  public List<SaveResult> add(List<T> entities) {
    check(entities, true);
    return Batches.save(transport, "POST", transport.url(path), key, entities, adapter);
  }

  @Override
  public List<SaveResult> update(List<T> entities) {
    check(entities, false);
    return Batches.save(transport, "PATCH", transport.url(path), key, entities, adapter);
  }

  private void check(List<T> entities, boolean adding) {
    Objects.requireNonNull(entities, path + " == null");
    for (int i = 0; i < entities.size(); i++) {
      T e = Objects.requireNonNull(entities.get(i), path + "[" + i + "] == null");
      Long id = idOf.apply(e);
      if (adding && id != null) {
        throw new IllegalArgumentException(path + "[" + i + "] has an id (" + id
            + "): use update");
      }
      if (!adding && id == null) {
        throw new IllegalArgumentException(path + "[" + i + "] has no id: use add");
      }
      if (adding && WriteOptions.deletesTags(e)) {
        throw new IllegalArgumentException(path + "[" + i + "] has tags to delete: a new entity"
            + " has none (tags_to_delete is for an update)");
      }
    }
  }
}
