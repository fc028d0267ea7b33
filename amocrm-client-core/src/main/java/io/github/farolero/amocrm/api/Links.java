package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Link;
import java.util.List;

/**
 * Links between entities ({@code /api/v4/{entity_type}/.../links}): leads, contacts, companies
 * and customers linked to each other and to catalog elements (products with a quantity).
 *
 * <pre>{@code
 * client.links().link(EntityType.LEADS, leadId, List.of(
 *     Link.to(EntityType.CONTACTS, contactId),
 *     Link.toCatalogElement(catalogId, productId, 2)));
 * List<Link> links = client.links().of(EntityType.LEADS, leadId).stream().toList();
 * }</pre>
 *
 * <p>Writes are sent in requests of at most {@value #BATCH_SIZE} links. A {@code 400} becomes a
 * {@link io.github.farolero.amocrm.error.ValidationException} whose errors name the inputs (their
 * index in the caller's list); a failure after an earlier request was sent is a
 * {@link io.github.farolero.amocrm.error.PartialBatchException} whose {@code saved()} are the
 * inputs sent before it. A link's answer is the links amoCRM reports, in its order: not
 * necessarily one per input. Thread-safe.
 */
public interface Links {

  /** The most links sent in one write request. */
  int BATCH_SIZE = Entities.BATCH_SIZE;

  /**
   * Lists one entity's links: {@code GET /api/v4/{type}/{id}/links}. Filter with
   * {@code filter("to_entity_type", …)} and {@code filter("to_entity_id", …)} together, or
   * {@code filter("to_catalog_id", …)}. An entity without links lists nothing (amoCRM's 204); an
   * entity amoCRM does not have is a 404
   * {@link io.github.farolero.amocrm.error.AmoCrmHttpException} from the listing.
   *
   * @param type the entity's type
   * @param entityId its id
   * @return its links
   */
  Listing<Link> of(EntityType type, long entityId);

  /**
   * Lists the links of several entities of one type: {@code GET /api/v4/{type}/links}, paged.
   * amoCRM wants the entities named: {@code ListRequest.builder().filter("entity_id", ids)}.
   *
   * @param type the entities' type
   * @return their links, each with its {@link Link#entityId()}
   */
  Listing<Link> of(EntityType type);

  /**
   * Links entities to one entity: {@code POST /api/v4/{type}/{id}/link}.
   *
   * @param type the entity's type
   * @param entityId its id
   * @param links the targets ({@link Link#to}, {@link Link#toCatalogElement}); any number
   * @return the links amoCRM made, as it answered them
   * @throws IllegalArgumentException if a link has no target id or type
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error,
   *     such as 404 for an entity it does not have
   */
  List<Link> link(EntityType type, long entityId, List<Link> links);

  /**
   * Unlinks entities from one entity: {@code POST /api/v4/{type}/{id}/unlink}.
   *
   * @param type the entity's type
   * @param entityId its id
   * @param links the targets; a catalog element's needs its {@code catalog_id}
   * @throws IllegalArgumentException if a link has no target id or type
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  void unlink(EntityType type, long entityId, List<Link> links);

  /**
   * Links many entities of one type at once: {@code POST /api/v4/{type}/link}, each link naming
   * its source ({@link Link#from(long)}).
   *
   * @param type the sources' type
   * @param links the links, each with its {@code entity_id}; any number
   * @return the links amoCRM made
   * @throws IllegalArgumentException if a link has no source id, target id or target type
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  List<Link> link(EntityType type, List<Link> links);

  /**
   * Unlinks many entities of one type at once: {@code POST /api/v4/{type}/unlink}.
   *
   * @param type the sources' type
   * @param links the links, each with its {@code entity_id}
   * @throws IllegalArgumentException if a link has no source id, target id or target type
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  void unlink(EntityType type, List<Link> links);
}
