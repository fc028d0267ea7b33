package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM embeds in an entity ({@code _embedded}): its tags and, when asked for with
 * {@code with}, links to related entities, a lead's loss reason and source, linked catalog
 * elements. Null lists were absent. What else amoCRM embeds is in {@link #extras()}, read and
 * written back as sent. A write leaves out what amoCRM only answers ({@code loss_reason},
 * {@code catalog_elements}, {@code customers}, {@code leads}).
 *
 * @param tags the tags, or null
 * @param contacts linked contacts, or null
 * @param companies linked companies, or null
 * @param leads linked leads, or null
 * @param customers linked customers (of a contact or company), or null
 * @param catalogElements linked catalog elements, or null
 * @param lossReason a lost lead's reason (amoCRM sends a list of one), or null
 * @param source a lead's source, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Embedded(
    @Nullable List<Tag> tags,
    @Nullable List<EntityLink> contacts,
    @Nullable List<EntityLink> companies,
    @Nullable List<EntityLink> leads,
    @Nullable List<EntityLink> customers,
    @Json(name = "catalog_elements") @Nullable List<LinkedCatalogElement> catalogElements,
    @Json(name = "loss_reason") @Nullable List<LossReason> lossReason,
    @Nullable LeadSource source,
    @Nullable Extras extras) {

  /**
   * Returns an embedded block with no extra keys.
   *
   * @param tags the tags, or null
   * @param contacts linked contacts, or null
   * @param companies linked companies, or null
   * @param leads linked leads, or null
   */
  public Embedded(@Nullable List<Tag> tags, @Nullable List<EntityLink> contacts,
      @Nullable List<EntityLink> companies, @Nullable List<EntityLink> leads) {
    this(tags, contacts, companies, leads, null, null, null, null, null);
  }

  /**
   * Returns an embedded block of tags and links.
   *
   * @param tags the tags, or null
   * @param contacts linked contacts, or null
   * @param companies linked companies, or null
   * @param leads linked leads, or null
   * @param extras the extra keys, or null
   */
  public Embedded(@Nullable List<Tag> tags, @Nullable List<EntityLink> contacts,
      @Nullable List<EntityLink> companies, @Nullable List<EntityLink> leads,
      @Nullable Extras extras) {
    this(tags, contacts, companies, leads, null, null, null, null, extras);
  }

  /** Copies the lists. */
  public Embedded {
    tags = Models.copy(tags);
    contacts = Models.copy(contacts);
    companies = Models.copy(companies);
    leads = Models.copy(leads);
    customers = Models.copy(customers);
    catalogElements = Models.copy(catalogElements);
    lossReason = Models.copy(lossReason);
  }

  static List<Tag> tagsOf(@Nullable Embedded e) {
    return e == null || e.tags == null ? List.of() : e.tags;
  }

  static List<EntityLink> contactsOf(@Nullable Embedded e) {
    return e == null || e.contacts == null ? List.of() : e.contacts;
  }

  static List<EntityLink> companiesOf(@Nullable Embedded e) {
    return e == null || e.companies == null ? List.of() : e.companies;
  }

  static List<EntityLink> leadsOf(@Nullable Embedded e) {
    return e == null || e.leads == null ? List.of() : e.leads;
  }

  static List<EntityLink> customersOf(@Nullable Embedded e) {
    return e == null || e.customers == null ? List.of() : e.customers;
  }

  static List<LinkedCatalogElement> catalogElementsOf(@Nullable Embedded e) {
    return e == null || e.catalogElements == null ? List.of() : e.catalogElements;
  }

  static @Nullable LossReason lossReasonOf(@Nullable Embedded e) {
    return e == null || e.lossReason == null || e.lossReason.isEmpty() ? null : e.lossReason.get(0);
  }

  static @Nullable LeadSource sourceOf(@Nullable Embedded e) {
    return e == null ? null : e.source;
  }

  /**
   * A builder's block: its tags and links, with what else the entity it started from had
   * embedded ({@code base}: customers, catalog elements, loss reason, source, extra keys).
   */
  static @Nullable Embedded of(List<Tag> tags, List<EntityLink> contacts,
      List<EntityLink> companies, @Nullable Embedded base) {
    List<EntityLink> customers = base == null ? null : base.customers;
    List<LinkedCatalogElement> elements = base == null ? null : base.catalogElements;
    List<LossReason> lossReason = base == null ? null : base.lossReason;
    LeadSource source = base == null ? null : base.source;
    Extras extras = base == null ? null : base.extras;
    if (tags.isEmpty() && contacts.isEmpty() && companies.isEmpty() && customers == null
        && elements == null && lossReason == null && source == null && extras == null) {
      return null;
    }
    return new Embedded(tags.isEmpty() ? null : tags, contacts.isEmpty() ? null : contacts,
        companies.isEmpty() ? null : companies, null, customers, elements, lossReason, source,
        extras);
  }
}
