package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM embeds in a customer ({@code _embedded}): its tags and, when asked for with
 * {@code with}, its contacts, companies, segments and catalog elements. Null lists were absent.
 *
 * @param tags the tags, or null
 * @param contacts linked contacts ({@code is_main} marks the main one), or null
 * @param companies linked companies, or null
 * @param segments the segments it is in ({@code id} only), or null
 * @param catalogElements linked catalog elements with their quantity, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record CustomerEmbedded(
    @Nullable List<Tag> tags,
    @Nullable List<EntityLink> contacts,
    @Nullable List<EntityLink> companies,
    @Nullable List<EntityLink> segments,
    @Json(name = "catalog_elements") @Nullable List<CatalogElementRef> catalogElements,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param tags the tags, or null
   * @param contacts linked contacts ({@code is_main} marks the main one), or null
   * @param companies linked companies, or null
   * @param segments the segments it is in ({@code id} only), or null
   * @param catalogElements linked catalog elements with their quantity, or null
   */
  public CustomerEmbedded(
      @Nullable List<Tag> tags,
      @Nullable List<EntityLink> contacts,
      @Nullable List<EntityLink> companies,
      @Nullable List<EntityLink> segments,
      @Nullable List<CatalogElementRef> catalogElements) {
    this(tags, contacts, companies, segments, catalogElements, null);
  }

  /** Copies the lists. */
  public CustomerEmbedded {
    tags = Models.copy(tags);
    contacts = Models.copy(contacts);
    companies = Models.copy(companies);
    segments = Models.copy(segments);
    catalogElements = Models.copy(catalogElements);
  }
}
