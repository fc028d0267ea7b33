package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.CustomFieldDefinition;
import java.util.Optional;

/** The custom field definitions of one entity type. Thread-safe. */
public interface CustomFields extends Listing<CustomFieldDefinition> {

  /**
   * Returns one definition.
   *
   * @param id the field's id
   * @return the definition, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<CustomFieldDefinition> get(long id);
}
