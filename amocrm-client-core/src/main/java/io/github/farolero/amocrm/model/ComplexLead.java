package io.github.farolero.amocrm.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A lead to create together with a new contact and a new company in one request
 * ({@code POST /api/v4/leads/complex}): at most one of each, and optionally the metadata of where
 * it came from (a site form, a call), sent as {@code _embedded.metadata}.
 *
 * <pre>{@code
 * ComplexLead fromForm = ComplexLead.of(lead, contact).withMetadata(Extras.none()
 *     .with("category", "\"forms\"").with("form_id", "\"site-order\"")
 *     .with("form_name", "\"Order\"").with("form_page", "\"https://example.com/order\"")
 *     .with("ip", "\"203.0.113.5\"").with("form_sent_at", "1700000000"));
 * }</pre>
 *
 * <p>amoCRM puts a lead with metadata into the pipeline's incoming leads ("unsorted"), whatever
 * stage the lead names.
 *
 * @param lead the lead
 * @param contact its new contact, or null
 * @param company its new company, or null
 * @param metadata the {@code _embedded.metadata} object, each key's JSON (see {@link Extras}),
 *     or null for none
 */
public record ComplexLead(Lead lead, @Nullable Contact contact, @Nullable Company company,
    @Nullable Extras metadata) {

  /** Checks the lead. */
  public ComplexLead {
    Objects.requireNonNull(lead, "lead == null");
  }

  /**
   * Returns a complex lead without metadata.
   *
   * @param lead the lead
   * @param contact its new contact, or null
   * @param company its new company, or null
   */
  public ComplexLead(Lead lead, @Nullable Contact contact, @Nullable Company company) {
    this(lead, contact, company, null);
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

  /**
   * Returns this complex lead with metadata: amoCRM's {@code _embedded.metadata}, such as a
   * form's ({@code category: "forms"}, {@code form_id}, {@code form_name}, {@code form_page},
   * {@code ip}, {@code form_sent_at}, {@code referer}) or a call's ({@code category: "sip"},
   * {@code uniq}, {@code duration}, {@code service_code}, {@code link}, {@code phone},
   * {@code called_at}, {@code from}).
   *
   * @param metadata the keys and their JSON, or null for none
   * @return the new complex lead
   */
  public ComplexLead withMetadata(@Nullable Extras metadata) {
    return new ComplexLead(lead, contact, company,
        metadata == null || metadata.isEmpty() ? null : metadata);
  }
}
