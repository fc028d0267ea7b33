package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * A custom field group to add, or the changes to one: the body of {@code POST} and {@code PATCH
 * /api/v4/{entity}/custom_fields/groups}. A null field is not sent.
 *
 * @param name the group's name (required to add one)
 * @param sort its position
 */
public record CustomFieldGroupDraft(@Nullable String name, @Nullable Long sort) {}
