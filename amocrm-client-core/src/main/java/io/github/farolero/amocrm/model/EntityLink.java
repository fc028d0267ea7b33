package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a linked entity inside {@code _embedded}: a lead's contacts and companies, a
 * contact's leads.
 *
 * @param id the linked entity's id
 * @param main true for a lead's main contact, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record EntityLink(@Nullable Long id, @Json(name = "is_main") @Nullable Boolean main,
    @Nullable Extras extras) {

  /**
   * Returns a link with no extra keys.
   *
   * @param id the linked entity's id
   * @param main true for the main contact, or null
   */
  public EntityLink(@Nullable Long id, @Nullable Boolean main) {
    this(id, main, null);
  }

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
