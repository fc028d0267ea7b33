package io.github.farolero.amocrm.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM embeds in an entity ({@code _embedded}): its tags and, when asked for with
 * {@code with}, links to related entities. Null lists were absent. What else amoCRM embeds (a
 * lead's {@code loss_reason}, {@code source}, {@code catalog_elements}, a contact's
 * {@code customers}) is in {@link #extras()}, read and written back as sent.
 *
 * @param tags the tags, or null
 * @param contacts linked contacts, or null
 * @param companies linked companies, or null
 * @param leads linked leads, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Embedded(
    @Nullable List<Tag> tags,
    @Nullable List<EntityLink> contacts,
    @Nullable List<EntityLink> companies,
    @Nullable List<EntityLink> leads,
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
    this(tags, contacts, companies, leads, null);
  }

  /** Copies the lists. */
  public Embedded {
    tags = Models.copy(tags);
    contacts = Models.copy(contacts);
    companies = Models.copy(companies);
    leads = Models.copy(leads);
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

  static @Nullable Embedded of(List<Tag> tags, List<EntityLink> contacts,
      List<EntityLink> companies, @Nullable Extras extras) {
    if (tags.isEmpty() && contacts.isEmpty() && companies.isEmpty() && extras == null) {
      return null;
    }
    return new Embedded(tags.isEmpty() ? null : tags, contacts.isEmpty() ? null : contacts,
        companies.isEmpty() ? null : companies, null, extras);
  }

  static @Nullable Extras extrasOf(@Nullable Embedded e) {
    return e == null ? null : e.extras;
  }
}
