package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task, possibly attached to a lead, contact, company or customer. Every field is nullable; a
 * field left null is not sent. A new task needs {@code text} and {@code completeTill}.
 *
 * @param id the task's id; null for a new one
 * @param text what to do
 * @param taskTypeId the type: 1 call, 2 meeting, or an account's own type
 * @param completeTill the deadline
 * @param entityId the entity it is attached to, or null
 * @param entityType that entity's type ({@code leads}, {@code contacts}...), or null
 * @param responsibleUserId the responsible user
 * @param groupId the responsible user's group
 * @param durationSeconds how long it takes, in seconds
 * @param completed true if it is done
 * @param result its result when done, or null
 * @param createdBy who created it
 * @param updatedBy who changed it last
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param accountId the account
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Task(
    @Nullable Long id,
    @Nullable String text,
    @Json(name = "task_type_id") @Nullable Long taskTypeId,
    @Json(name = "complete_till") @Nullable Instant completeTill,
    @Json(name = "entity_id") @Nullable Long entityId,
    @Json(name = "entity_type") @Nullable String entityType,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "group_id") @Nullable Long groupId,
    @Json(name = "duration") @Nullable Long durationSeconds,
    @Json(name = "is_completed") @Nullable Boolean completed,
    @Nullable TaskResult result,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable Extras extras) {

  /**
   * Returns a new task.
   *
   * @param text what to do
   * @param completeTill the deadline
   * @return the task, unattached
   */
  public static Task create(String text, Instant completeTill) {
    return new Task(null, java.util.Objects.requireNonNull(text, "text == null"), null,
        java.util.Objects.requireNonNull(completeTill, "completeTill == null"), null, null, null,
        null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Returns this task attached to an entity.
   *
   * @param type the entity's type
   * @param id the entity's id
   * @return the task
   */
  public Task attachedTo(EntityType type, long id) {
    return new Task(this.id, text, taskTypeId, completeTill, id, type.path(), responsibleUserId,
        groupId, durationSeconds, completed, result, createdBy, updatedBy, createdAt, updatedAt,
        accountId, extras);
  }

  /**
   * Returns an update of this task's id that marks it done with a result.
   *
   * @param resultText the result
   * @return the update
   * @throws IllegalStateException if this task has no id
   */
  public Task completion(String resultText) {
    if (id == null) {
      throw new IllegalStateException("the task has no id");
    }
    return new Task(id, null, null, null, null, null, null, null, null, true,
        new TaskResult(resultText), null, null, null, null, null, null);
  }

  /** Returns its duration, if set. */
  public @Nullable Duration duration() {
    return durationSeconds == null ? null : Duration.ofSeconds(durationSeconds);
  }
}
