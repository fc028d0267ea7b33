package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * The source a lead came from ({@code _embedded.source}, read with {@code with=source}): an
 * integration's source, found by its {@code external_id}.
 *
 * @param id the source's id (the lead's {@code source_id})
 * @param name its name
 * @param externalId the integration's own id of it
 * @param type its type, such as {@code form}
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record LeadSource(
    @Nullable Long id,
    @Nullable String name,
    @Json(name = "external_id") @Nullable String externalId,
    @Nullable String type,
    @Nullable Extras extras) {}
