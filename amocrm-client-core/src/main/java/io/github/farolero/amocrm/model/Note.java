package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A note in an entity's feed: text ({@code common}), a call, a service message and more.
 *
 * @param id the note's id; null for a new one
 * @param entityId the entity it belongs to
 * @param noteType {@code common}, {@code call_in}, {@code call_out}, {@code service_message}...
 * @param params its content
 * @param responsibleUserId the responsible user
 * @param groupId the responsible user's group
 * @param createdBy who wrote it
 * @param updatedBy who changed it last
 * @param createdAt when it was written
 * @param updatedAt when it was changed last
 * @param accountId the account
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Note(
    @Nullable Long id,
    @Json(name = "entity_id") @Nullable Long entityId,
    @Json(name = "note_type") @Nullable String noteType,
    @Nullable NoteParams params,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "group_id") @Nullable Long groupId,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable Extras extras) {

  /**
   * Returns a new text note for an entity.
   *
   * @param entityId the entity's id
   * @param text the text
   * @return the note
   */
  public static Note common(long entityId, String text) {
    Objects.requireNonNull(text, "text == null");
    return new Note(null, entityId, "common", NoteParams.text(text), null, null, null, null, null,
        null, null, null);
  }

  /** Returns its text, if it has one. */
  public @Nullable String text() {
    return params == null ? null : params.text();
  }
}
