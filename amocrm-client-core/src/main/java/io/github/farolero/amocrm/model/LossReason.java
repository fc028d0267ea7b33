package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A reason a lead was lost: {@code GET /api/v4/leads/loss_reasons}.
 *
 * @param id the reason's id: a lead's {@code loss_reason_id}
 * @param name its text
 * @param sort its position
 * @param createdAt when it was made
 * @param updatedAt when it was last changed
 */
public record LossReason(
    @Nullable Long id,
    @Nullable String name,
    @Nullable Long sort,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt) {}
