package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Tag;
import java.util.List;

/** The tags of one entity type: list and add. Thread-safe. */
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
}
