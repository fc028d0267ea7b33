package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.Entities;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.api.Tags;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Tag;
import java.util.List;
import java.util.Objects;

/** The tags of an entity type. Thread-safe. */
final class TagsImpl extends PagedListing<Tag> implements Tags {

  TagsImpl(ApiTransport transport, EntityType type) {
    super(transport, type.path() + "/tags", "tags", ModelJson.adapter(Tag.class), 250);
  }

  @Override
  public List<SaveResult> add(List<Tag> tags) {
    Objects.requireNonNull(tags, "tags == null");
    for (int i = 0; i < tags.size(); i++) {
      Objects.requireNonNull(tags.get(i), "tags[" + i + "] == null");
    }
    return Batches.save(transport, "POST", transport.url(path), key, tags, adapter);
  }

  @Override
  public void delete(List<Long> ids) {
    PipelinesImpl.requireAll(ids, "ids");
    for (int offset = 0; offset < ids.size(); offset += Entities.BATCH_SIZE) {
      StringBuilder body = new StringBuilder("[");
      List<Long> chunk = ids.subList(offset, Math.min(ids.size(), offset + Entities.BATCH_SIZE));
      for (int i = 0; i < chunk.size(); i++) {
        body.append(i == 0 ? "" : ",").append("{\"id\":").append(chunk.get(i)).append('}');
      }
      // amoCRM answers 204; a 404 here is an error (the route exists), not "nothing to do".
      transport.execute("DELETE", transport.url(path), body.append(']').toString(), b -> null);
    }
  }
}
