package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * A stage's description for one level of the sales team ({@code descriptions} of a status).
 *
 * @param id the description's id
 * @param accountId the account
 * @param description the text
 * @param level whom it is for: {@code newbie}, {@code candidate_for_master} or {@code master}
 *     (any other value amoCRM sends is kept as sent)
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record StatusDescription(
    @Nullable Long id,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable String description,
    @Nullable String level,
    @Nullable Extras extras) {}
