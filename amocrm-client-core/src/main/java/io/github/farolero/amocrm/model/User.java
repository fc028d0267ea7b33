package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * A user of the account.
 *
 * @param id the user's id
 * @param name the name
 * @param email the login email
 * @param lang the interface language, such as {@code ru}
 */
public record User(
    @Nullable Long id,
    @Nullable String name,
    @Nullable String email,
    @Nullable String lang) {}
