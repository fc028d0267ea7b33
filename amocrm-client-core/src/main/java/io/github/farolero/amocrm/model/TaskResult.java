package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * The result a completed task was closed with. amoCRM sends {@code []} for "none"; that reads as
 * a null result.
 *
 * @param text the result's text, or null
 */
public record TaskResult(@Nullable String text) {}
