package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Notes;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Note;
import java.util.List;
import java.util.Objects;

/** The notes of an entity type. Thread-safe. */
final class NotesImpl extends PagedListing<Note> implements Notes {

  private final EntityType type;

  NotesImpl(ApiTransport transport, EntityType type) {
    super(transport, type.path() + "/notes", "notes", ModelJson.adapter(Note.class), 250);
    this.type = type;
  }

  @Override
  public Listing<Note> of(long entityId) {
    return new PagedListing<>(transport, type.path() + "/" + entityId + "/notes", "notes",
        adapter, 250);
  }

  @Override
  public List<SaveResult> add(List<Note> notes) {
    Objects.requireNonNull(notes, "notes == null");
    for (int i = 0; i < notes.size(); i++) {
      Note n = Objects.requireNonNull(notes.get(i), "notes[" + i + "] == null");
      if (n.entityId() == null) {
        throw new IllegalArgumentException("notes[" + i + "] has no entityId");
      }
    }
    return Batches.save(transport, "POST", transport.url(path), key, notes, adapter);
  }
}
