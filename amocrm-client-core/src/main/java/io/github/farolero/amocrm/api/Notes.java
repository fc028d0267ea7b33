package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Note;
import java.util.List;

/**
 * The notes of one entity type: all of them ({@code GET /api/v4/{entity}/notes}), one entity's
 * ({@link #of(long)}), and adding. Thread-safe.
 */
public interface Notes extends Listing<Note> {

  /**
   * Returns the notes of one entity: {@code GET /api/v4/{entity}/{id}/notes}.
   *
   * @param entityId the entity's id
   * @return its notes
   */
  Listing<Note> of(long entityId);

  /**
   * Adds notes; each names its entity with {@code entityId}. Sent in requests of at most 50.
   *
   * @param notes any number
   * @return one result per input, in order
   * @throws IllegalArgumentException if a note has no entity id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<SaveResult> add(List<Note> notes);
}
