package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * A tag of leads, contacts, companies or customers. Written by name (amoCRM creates a missing
 * one) or by id.
 *
 * @param id the tag's id, or null for a new one
 * @param name the tag's name, or null when written by id
 * @param color the tag's color as hex, or null (amoCRM sends null for none)
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Tag(@Nullable Long id, @Nullable String name, @Nullable String color,
    @Nullable Extras extras) {

  /**
   * Returns a tag with no extra keys.
   *
   * @param id the tag's id, or null
   * @param name the name, or null
   * @param color the color, or null
   */
  public Tag(@Nullable Long id, @Nullable String name, @Nullable String color) {
    this(id, name, color, null);
  }

  /**
   * Returns a tag named {@code name}.
   *
   * @param name the name
   * @return the tag
   */
  public static Tag named(String name) {
    return new Tag(null, java.util.Objects.requireNonNull(name, "name == null"), null);
  }

  /**
   * Returns the tag with this id.
   *
   * @param id the id
   * @return the tag
   */
  public static Tag ofId(long id) {
    return new Tag(id, null, null);
  }
}
