package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * A type of event the account has ({@code GET /api/v4/events/types}): its key, as events and the
 * events filter name it, amoCRM's number for it, and its name in the requested language.
 *
 * @param key such as {@code lead_status_changed} or {@code custom_field_123_value_changed}
 * @param type amoCRM's number for the type
 * @param lang the type's name for people, such as {@code "Изменение этапа продажи"}
 */
public record EventType(@Nullable String key, @Nullable Long type, @Nullable String lang) {}
