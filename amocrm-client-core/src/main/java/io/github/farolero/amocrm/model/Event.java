package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An event of the account's audit log ({@code GET /api/v4/events}): a lead was created, a
 * status changed, a field was edited. amoCRM's event ids are strings.
 *
 * @param id the event's id (a string)
 * @param type the event type, such as {@code lead_added} or {@code lead_status_changed}
 * @param entityId the entity it is about
 * @param entityType that entity's type, such as {@code lead}
 * @param createdBy who caused it
 * @param createdAt when it happened
 * @param accountId the account
 */
public record Event(
    @Nullable String id,
    @Nullable String type,
    @Json(name = "entity_id") @Nullable Long entityId,
    @Json(name = "entity_type") @Nullable String entityType,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "account_id") @Nullable Long accountId) {}
