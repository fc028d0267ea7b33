package io.github.farolero.amocrm.api;

import org.jspecify.annotations.Nullable;

/**
 * What amoCRM answered for one lead of {@code leads/complex}, in the order of the inputs.
 *
 * @param index the input's position in the caller's list
 * @param leadId the new lead's id; 0 if amoCRM's answer did not say
 * @param contactId the new (or merged) contact's id, or null
 * @param companyId the new (or merged) company's id, or null
 * @param merged true if amoCRM merged it into an existing duplicate
 */
public record ComplexLeadResult(int index, long leadId, @Nullable Long contactId,
    @Nullable Long companyId, boolean merged) {}
