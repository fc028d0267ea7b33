package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.CustomFieldDraft;
import io.github.farolero.amocrm.model.CustomFieldGroup;
import io.github.farolero.amocrm.model.CustomFieldGroupDraft;
import java.util.List;
import java.util.Optional;

/**
 * The custom field definitions of one entity type and their groups: list, get, add, update,
 * delete. Thread-safe.
 */
public interface CustomFields extends Listing<CustomFieldDefinition> {

  /**
   * Returns one definition.
   *
   * @param id the field's id
   * @return the definition, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<CustomFieldDefinition> get(long id);

  /**
   * Adds custom fields: {@code POST /api/v4/{entity}/custom_fields}, in requests of at most 50.
   *
   * @param fields any number; each needs a type and a name
   * @return the definitions made, one per input, in order, with their option ids
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   *     (such as for a code another field has)
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<CustomFieldDefinition> add(List<CustomFieldDraft> fields);

  /**
   * Changes a custom field: {@code PATCH /api/v4/{entity}/custom_fields/{id}}.
   *
   * @param id the field's id
   * @param changes what to change; null fields are left as they are (its type cannot change)
   * @return the definition as amoCRM has it now
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the change
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException with status 404 if there is no
   *     such field
   */
  CustomFieldDefinition update(long id, CustomFieldDraft changes);

  /**
   * Deletes a custom field and its values: {@code DELETE /api/v4/{entity}/custom_fields/{id}}.
   *
   * @param id the field's id
   * @return true if it was deleted, false if there was none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM refused (a predefined
   *     field)
   */
  boolean delete(long id);

  /**
   * Returns the groups of this entity type's fields: {@code GET
   * /api/v4/{entity}/custom_fields/groups}, paged.
   *
   * @return the groups
   */
  Listing<CustomFieldGroup> groups();

  /**
   * Returns one group.
   *
   * @param id the group's id
   * @return the group, or empty if there is none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<CustomFieldGroup> group(String id);

  /**
   * Adds groups: {@code POST /api/v4/{entity}/custom_fields/groups}, in requests of at most 50.
   *
   * @param groups any number; each needs a name
   * @return the groups made, one per input, in order
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<CustomFieldGroup> addGroups(List<CustomFieldGroupDraft> groups);

  /**
   * Changes a group: {@code PATCH /api/v4/{entity}/custom_fields/groups/{id}}.
   *
   * @param id the group's id
   * @param changes what to change
   * @return the group as amoCRM has it now
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the change
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException with status 404 if there is no
   *     such group
   */
  CustomFieldGroup updateGroup(String id, CustomFieldGroupDraft changes);

  /**
   * Deletes a group: {@code DELETE /api/v4/{entity}/custom_fields/groups/{id}}; its fields move
   * to the main tab.
   *
   * @param id the group's id
   * @return true if it was deleted, false if there was none with that id
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM refused (a predefined
   *     group)
   */
  boolean deleteGroup(String id);
}
