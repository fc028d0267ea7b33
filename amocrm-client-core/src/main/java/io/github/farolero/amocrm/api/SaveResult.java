package io.github.farolero.amocrm.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM answered for one saved input of a batch, in the order of the inputs.
 *
 * @param index the input's position in the caller's list
 * @param id the entity's id (new for an add); 0 if amoCRM's answer did not say
 * @param updatedAt when amoCRM recorded the change, if it said
 */
public record SaveResult(int index, long id, @Nullable Instant updatedAt) {}
