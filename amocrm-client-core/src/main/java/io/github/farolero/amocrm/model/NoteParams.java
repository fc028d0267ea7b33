package io.github.farolero.amocrm.model;

import org.jspecify.annotations.Nullable;

/**
 * The content of a note ({@code params}); which fields are set depends on the note's type.
 *
 * @param text the text of a {@code common} or {@code service_message} note
 * @param service the service that wrote a {@code service_message} note
 * @param phone the number of a call note
 * @param link the recording of a call note
 * @param durationSeconds the length of a call, seconds
 * @param source the source of a call note
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record NoteParams(
    @Nullable String text,
    @Nullable String service,
    @Nullable String phone,
    @Nullable String link,
    @com.squareup.moshi.Json(name = "duration") @Nullable Long durationSeconds,
    @Nullable String source,
    @Nullable Extras extras) {

  /**
   * Returns the params of a text note.
   *
   * @param text the text
   * @return the params
   */
  public static NoteParams text(String text) {
    return new NoteParams(java.util.Objects.requireNonNull(text, "text == null"), null, null, null,
        null, null, null);
  }
}
