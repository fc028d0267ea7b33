package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Why a lead was lost, as amoCRM embeds it in a lead read with {@code with=loss_reason}
 * ({@code _embedded.loss_reason}). Read-only: a write sets a lead's {@code loss_reason_id}.
 *
 * @param id the reason's id
 * @param name its name
 * @param sort its position
 * @param createdAt when it was created
 * @param updatedAt when it was changed last
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record LossReason(
    @Nullable Long id,
    @Nullable String name,
    @Nullable Long sort,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt,
    @Nullable Extras extras) {}
