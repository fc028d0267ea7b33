package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.User;
import io.github.farolero.amocrm.model.UserDetails;
import java.util.Optional;

/** The account's users: list them, or read one with its rights, role and group. Thread-safe. */
public interface Users extends Listing<User> {

  /**
   * Returns one user with everything amoCRM tells about them: {@code GET /api/v4/users/{id}
   * ?with=role,group,uuid,amojo_id,user_rank,phone_number}. amoCRM answers it to administrators
   * only.
   *
   * @param id the user's id
   * @return the user, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   *     (403 for a token of a user who is not an administrator)
   */
  Optional<UserDetails> get(long id);
}
