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
 * @param uniq a call's unique id in the telephony's own system
 * @param callResult a call's result, as the telephony wrote it
 * @param callStatus a call's status: 1 left a message, 2 call back later, 3 not available,
 *     4 talked, 5 wrong number, 6 no answer, 7 busy (as amoCRM documents; any other is kept)
 * @param fileUuid an attachment's file ({@code attachment} notes: the file's uuid in amoCRM's
 *     file storage)
 * @param versionUuid the attached version of the file
 * @param fileName the attachment's file name
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
    @Nullable String uniq,
    @com.squareup.moshi.Json(name = "call_result") @Nullable String callResult,
    @com.squareup.moshi.Json(name = "call_status") @Nullable Long callStatus,
    @com.squareup.moshi.Json(name = "file_uuid") @Nullable String fileUuid,
    @com.squareup.moshi.Json(name = "version_uuid") @Nullable String versionUuid,
    @com.squareup.moshi.Json(name = "file_name") @Nullable String fileName,
    @Nullable Extras extras) {

  /**
   * Returns the params of a text note.
   *
   * @param text the text
   * @return the params
   */
  public static NoteParams text(String text) {
    return new NoteParams(java.util.Objects.requireNonNull(text, "text == null"), null, null, null,
        null, null, null, null, null, null, null, null, null);
  }
}
