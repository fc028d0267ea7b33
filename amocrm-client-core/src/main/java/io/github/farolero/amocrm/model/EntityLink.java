package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a linked entity inside {@code _embedded}: a lead's contacts and companies, a
 * contact's leads.
 *
 * @param id the linked entity's id
 * @param main true for a lead's main contact, or null
 */
public record EntityLink(@Nullable Long id, @Json(name = "is_main") @Nullable Boolean main) {

  /**
   * Returns a link to the entity with this id.
   *
   * @param id the id
   * @return the link
   */
  public static EntityLink to(long id) {
    return new EntityLink(id, null);
  }
}
