package io.github.farolero.amocrm.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A role of the account's users: {@code GET /api/v4/roles/{id}}, a named set of {@link
 * UserRights} (its user-only fields null).
 *
 * @param id the role's id
 * @param name its name
 * @param rights its rights, or null if amoCRM sent none
 * @param users the ids of the users with this role ({@code _embedded.users}, sent when asked
 *     {@code with=users}); empty if amoCRM sent none
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Role(
    @Nullable Long id,
    @Nullable String name,
    @Nullable UserRights rights,
    List<Long> users,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the role's id
   * @param name its name
   * @param rights its rights, or null if amoCRM sent none
   * @param users the ids of the users with this role ({@code _embedded.users}, sent when asked
   *     {@code with=users}); empty if amoCRM sent none
   */
  public Role(
      @Nullable Long id,
      @Nullable String name,
      @Nullable UserRights rights,
      List<Long> users) {
    this(id, name, rights, users, null);
  }

  /** Copies the list. */
  public Role {
    users = List.copyOf(users);
  }
}
