package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Tag;
import java.util.List;

/** The tags of one entity type: list, add and delete. Thread-safe. */
public interface Tags extends Listing<Tag> {

  /**
   * Adds tags by name. Sent in requests of at most 50.
   *
   * @param tags any number
   * @return one result per input, in order
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<SaveResult> add(List<Tag> tags);

  /**
   * Deletes tags by id, from the account and from every entity that has them: {@code DELETE
   * /api/v4/{entity}/tags} with the ids in the body, in requests of at most 50.
   *
   * @param ids the tags' ids; none sends nothing
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused a request
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  void delete(List<Long> ids);
}
