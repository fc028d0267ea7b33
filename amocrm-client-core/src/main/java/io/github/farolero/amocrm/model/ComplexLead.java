package io.github.farolero.amocrm.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A lead to create together with a new contact and a new company in one request
 * ({@code POST /api/v4/leads/complex}): at most one of each.
 *
 * @param lead the lead
 * @param contact its new contact, or null
 * @param company its new company, or null
 */
public record ComplexLead(Lead lead, @Nullable Contact contact, @Nullable Company company) {

  /** Checks the lead. */
  public ComplexLead {
    Objects.requireNonNull(lead, "lead == null");
  }

  /**
   * Returns a lead with a new contact and no company.
   *
   * @param lead the lead
   * @param contact the contact
   * @return the complex lead
   */
  public static ComplexLead of(Lead lead, Contact contact) {
    return new ComplexLead(lead, Objects.requireNonNull(contact, "contact == null"), null);
  }
}
