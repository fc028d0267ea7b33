package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Role;
import java.util.Optional;

/**
 * The roles of the account's users: {@code GET /api/v4/roles}, paged like the other lists; ask
 * {@code ListRequest.builder().with("users")} for the users of each role. Thread-safe.
 */
public interface Roles extends Listing<Role> {

  /**
   * Returns one role with the ids of its users: {@code GET /api/v4/roles/{id}?with=users}.
   *
   * @param id the role's id
   * @return the role, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<Role> get(long id);
}
