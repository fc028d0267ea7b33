package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.CatalogElements;
import io.github.farolero.amocrm.api.Catalogs;
import io.github.farolero.amocrm.api.CustomFields;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.model.Catalog;
import io.github.farolero.amocrm.model.CatalogElement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** {@code /api/v4/catalogs}, their elements and custom fields. Thread-safe. */
final class CatalogsImpl extends PagedListing<Catalog> implements Catalogs {

  CatalogsImpl(ApiTransport transport) {
    super(transport, "catalogs", "catalogs", ModelJson.adapter(Catalog.class), 250);
  }

  @Override
  public Optional<Catalog> get(long id) {
    return transport.find(transport.url(path + "/" + id), adapter);
  }

  @Override
  public List<SaveResult> add(List<Catalog> catalogs) {
    check(catalogs, "catalogs", c -> 0L);
    return Batches.save(transport, "POST", transport.url(path), key, catalogs, adapter);
  }

  @Override
  public List<SaveResult> update(List<Catalog> catalogs) {
    check(catalogs, "catalogs", Catalog::id);
    return Batches.save(transport, "PATCH", transport.url(path), key, catalogs, adapter);
  }

  @Override
  public CatalogElements elements(long catalogId) {
    return new Elements(transport, catalogId);
  }

  @Override
  public CustomFields customFields(long catalogId) {
    return new CustomFieldsImpl(transport, "catalogs/" + catalogId);
  }

  /** Refuses a null item, or (for an update) one without an id, before anything is sent. */
  static <T> void check(List<T> items, String name, Function<T, Long> id) {
    Objects.requireNonNull(items, name + " == null");
    for (int i = 0; i < items.size(); i++) {
      T item = Objects.requireNonNull(items.get(i), name + "[" + i + "] == null");
      if (id.apply(item) == null) {
        throw new IllegalArgumentException(name + "[" + i + "] has no id: an update needs one");
      }
    }
  }

  /** {@code /api/v4/catalogs/{id}/elements}. */
  private static final class Elements extends PagedListing<CatalogElement>
      implements CatalogElements {

    Elements(ApiTransport transport, long catalogId) {
      super(transport, "catalogs/" + catalogId + "/elements", "elements",
          ModelJson.adapter(CatalogElement.class), 250);
    }

    @Override
    public Optional<CatalogElement> get(long id) {
      return transport.find(transport.url(path + "/" + id), adapter);
    }

    @Override
    public List<SaveResult> add(List<CatalogElement> elements) {
      check(elements, "elements", e -> 0L);
      return Batches.save(transport, "POST", transport.url(path), key, elements, adapter);
    }

    @Override
    public List<SaveResult> update(List<CatalogElement> elements) {
      check(elements, "elements", CatalogElement::id);
      return Batches.save(transport, "PATCH", transport.url(path), key, elements, adapter);
    }
  }
}
