package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * The result a completed task was closed with. amoCRM sends {@code []} for "none"; that reads as
 * a null result.
 *
 * @param text the result's text, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record TaskResult(@Nullable String text, @Nullable Extras extras) {

  /**
   * Returns a result with this text.
   *
   * @param text the result's text, or null
   */
  public TaskResult(@Nullable String text) {
    this(text, null);
  }
}
