package io.github.farolero.amocrm.internal;

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
}
