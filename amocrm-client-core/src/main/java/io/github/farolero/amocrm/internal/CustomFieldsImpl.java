package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.CustomFields;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.EntityType;
import java.util.Optional;

/** The custom field definitions of an entity type. Thread-safe. */
final class CustomFieldsImpl extends PagedListing<CustomFieldDefinition>
    implements CustomFields {

  CustomFieldsImpl(ApiTransport transport, EntityType type) {
    super(transport, type.path() + "/custom_fields", "custom_fields",
        ModelJson.adapter(CustomFieldDefinition.class), 50);
  }

  @Override
  public Optional<CustomFieldDefinition> get(long id) {
    return transport.find(transport.url(path + "/" + id), adapter);
  }
}
