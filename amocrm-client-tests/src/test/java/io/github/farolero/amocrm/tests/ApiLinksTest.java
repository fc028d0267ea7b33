package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.api.RawJson;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.EntityLink;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Entity links end to end against the mock: link, list, unlink, mass forms, errors. */
class ApiLinksTest {

  private final ApiFixture f = new ApiFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void linkListAndUnlinkOneLeadsLinks() {
    long lead = f.amo.seedLeads(1).get(0);
    List<Long> contacts = f.amo.seedContacts(2);
    long company = f.amo.seedCompanies(1).get(0);

    List<Link> made = f.client.links().link(EntityType.LEADS, lead, List.of(
        Link.toContact(contacts.get(0), true), Link.to(EntityType.CONTACTS, contacts.get(1)),
        Link.to(EntityType.COMPANIES, company), Link.toCatalogElement(7001, 9001, 3)));
    assertThat(made).extracting(Link::toEntityId)
        .containsExactly(contacts.get(0), contacts.get(1), company, 9001L);
    assertThat(made).allSatisfy(l -> assertThat(l.entityId()).isEqualTo(lead));

    List<Link> listed = f.client.links().of(EntityType.LEADS, lead).stream().toList();
    assertThat(listed).extracting(Link::toEntityType, Link::toEntityId).containsExactly(
        org.assertj.core.groups.Tuple.tuple("contacts", contacts.get(0)),
        org.assertj.core.groups.Tuple.tuple("contacts", contacts.get(1)),
        org.assertj.core.groups.Tuple.tuple("companies", company),
        org.assertj.core.groups.Tuple.tuple("catalog_elements", 9001L));
    assertThat(listed.get(0).metadata().isMain()).isTrue();
    assertThat(listed.get(1).metadata().isMain()).isFalse();
    assertThat(listed.get(3).metadata().quantity()).isEqualTo(3L);
    assertThat(listed.get(3).metadata().catalogId()).isEqualTo(7001L);

    // The lead read back embeds them; the contact lists the lead as its link.
    Lead read = f.client.leads().get(lead, "contacts").orElseThrow();
    assertThat(read.contacts()).extracting(EntityLink::id)
        .containsExactly(contacts.get(0), contacts.get(1));
    assertThat(read.companies()).extracting(EntityLink::id).containsExactly(company);
    assertThat(f.client.links().of(EntityType.CONTACTS, contacts.get(0)).stream().toList())
        .extracting(Link::toEntityType, Link::toEntityId)
        .contains(org.assertj.core.groups.Tuple.tuple("leads", lead));

    // Filtered by the target's type.
    assertThat(f.client.links().of(EntityType.LEADS, lead).stream(ListRequest.builder()
        .filter("to_entity_type", "companies").build()).toList())
        .extracting(Link::toEntityId).containsExactly(company);

    f.client.links().unlink(EntityType.LEADS, lead, List.of(
        Link.to(EntityType.CONTACTS, contacts.get(1)), Link.toCatalogElement(7001, 9001, 0)));
    assertThat(f.client.links().of(EntityType.LEADS, lead).stream().toList())
        .extracting(Link::toEntityId).containsExactly(contacts.get(0), company);
    assertThat(f.client.leads().get(lead).orElseThrow().contacts()).extracting(EntityLink::id)
        .containsExactly(contacts.get(0));
  }

  @Test
  void anEntityWithoutLinksListsNothingAndAnUnknownOneIs404() {
    long contact = f.amo.seedContacts(1).get(0);
    Page<Link> page = f.client.links().of(EntityType.CONTACTS, contact).page(ListRequest.all());
    assertThat(page.items()).isEmpty(); // amoCRM's 204
    assertThat(f.client.links().of(EntityType.CONTACTS, contact).stream()).isEmpty();

    assertThatThrownBy(() -> f.client.links().of(EntityType.LEADS, 999).stream().toList())
        .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> f.client.links().link(EntityType.LEADS, 999,
        List.of(Link.to(EntityType.CONTACTS, contact))))
        .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void amoCrmsValidationErrorsNameTheInputs() {
    long lead = f.amo.seedLeads(1).get(0);
    long contact = f.amo.seedContacts(1).get(0);
    // A lead cannot link a lead; a catalog element needs its catalog.
    assertThatThrownBy(() -> f.client.links().link(EntityType.LEADS, lead, List.of(
        Link.to(EntityType.CONTACTS, contact), Link.to(EntityType.LEADS, lead),
        new Link(null, null, 9001L, Link.CATALOG_ELEMENTS, null))))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::index,
                ValidationError::path, ValidationError::code).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1, "to_entity_type",
                        "NotSupportedChoice"),
                    org.assertj.core.groups.Tuple.tuple(2, "metadata.catalog_id", "NotBlank")));
    // Nothing of a refused request was linked.
    assertThat(f.client.links().of(EntityType.LEADS, lead).stream()).isEmpty();

    // Shapes the client refuses to send still meet the mock's checks (a raw request).
    assertThatThrownBy(() -> f.client.raw().post("leads/" + lead + "/link",
        RawJson.of(List.of(Map.of("to_entity_type", "contacts"),
            Map.of("to_entity_id", contact, "to_entity_type", "tasks")))))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::index,
                ValidationError::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(0, "to_entity_id"),
                    org.assertj.core.groups.Tuple.tuple(1, "to_entity_type")));
  }

  @Test
  void massLinkAndUnlinkGoIn50sAndListPaged() {
    List<Long> leads = f.amo.seedLeads(120);
    long contact = f.amo.seedContacts(1).get(0);
    List<Link> links = new ArrayList<>();
    for (long lead : leads) {
      links.add(Link.to(EntityType.CONTACTS, contact).from(lead));
    }
    List<Link> made = f.client.links().link(EntityType.LEADS, links);
    assertThat(made).hasSize(120);
    assertThat(made).extracting(Link::entityId).containsExactlyElementsOf(leads);
    assertThat(f.amo.apiRequests("POST", "/api/v4/leads/link")).isEqualTo(3);

    ListRequest byIds = ListRequest.builder().filter("entity_id", leads).limit(50).build();
    assertThat(f.client.links().of(EntityType.LEADS).stream(byIds).toList())
        .hasSize(120).allSatisfy(l -> assertThat(l.toEntityId()).isEqualTo(contact));
    assertThat(f.amo.apiRequests("GET", "/api/v4/leads/links")).isEqualTo(3);
    assertThat(f.client.contacts().get(contact).isPresent()).isTrue();
    assertThat(f.client.links().of(EntityType.CONTACTS, contact).stream().count())
        .isEqualTo(120);

    f.client.links().unlink(EntityType.LEADS, links);
    assertThat(f.amo.apiRequests("POST", "/api/v4/leads/unlink")).isEqualTo(3);
    assertThat(f.client.links().of(EntityType.LEADS).stream(byIds)).isEmpty();
  }

  @Test
  void aRefusalAfterTheFirstMassRequestSaysWhatWasLinked() {
    List<Long> leads = f.amo.seedLeads(60);
    long contact = f.amo.seedContacts(1).get(0);
    List<Link> links = new ArrayList<>();
    for (long lead : leads) {
      links.add(Link.to(EntityType.CONTACTS, contact).from(lead));
    }
    links.set(55, Link.to(EntityType.CONTACTS, 1).from(leads.get(55))); // no such contact
    assertThatThrownBy(() -> f.client.links().link(EntityType.LEADS, links))
        .isInstanceOfSatisfying(PartialBatchException.class, e -> {
          assertThat(e.savedCount()).isEqualTo(50);
          assertThat(e.getCause()).isInstanceOfSatisfying(ValidationException.class,
              v -> assertThat(v.validationErrors()).extracting(ValidationError::index)
                  .containsExactly(55));
        });
    assertThat(f.client.links().of(EntityType.LEADS, leads.get(0)).stream()).hasSize(1);
    assertThat(f.client.links().of(EntityType.LEADS, leads.get(50)).stream()).isEmpty();
  }
}
