package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Lead;
import java.util.List;

/**
 * Leads: everything of {@link Entities}, and {@code leads/complex}, which adds leads together with
 * a new contact and company each. Thread-safe.
 */
public interface Leads extends Entities<Lead> {

  /**
   * Adds leads with their new contact and company ({@code POST /api/v4/leads/complex}), in
   * requests of at most 50.
   *
   * @param leads any number
   * @return one result per input, in order
   * @throws IllegalArgumentException if a lead has an id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  List<ComplexLeadResult> addComplex(List<ComplexLead> leads);
}
