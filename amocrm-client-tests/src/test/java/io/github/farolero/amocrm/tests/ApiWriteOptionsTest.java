package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ComplexLeadResult;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Tag;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Write options end to end against the mock: tags_to_add / tags_to_delete change an entity's
 * tags and keep the others, a caller's request_id comes back on each SaveResult (in a batch of
 * more than one request too), a read entity updated through toBuilder() is accepted.
 */
class ApiWriteOptionsTest {

  @Test
  void tagsToAddAndDeleteChangeOnlyThoseTags() {
    try (ApiFixture f = new ApiFixture()) {
      long id = f.client.leads().add(List.of(Lead.builder().name("t").tag("keep").tag("old")
          .build())).get(0).id();
      f.client.leads().update(List.of(Lead.builder().id(id).tagToAdd(Tag.named("new"))
          .tagToDelete(Tag.named("old")).build()));
      Lead read = f.client.leads().get(id).orElseThrow();
      assertThat(read.tags()).extracting(Tag::name).containsExactly("keep", "new");

      long newTag = read.tags().get(1).id();
      f.client.leads().update(List.of(Lead.builder().id(id).tagToDelete(Tag.ofId(newTag))
          .build()));
      assertThat(f.client.leads().get(id).orElseThrow().tags()).extracting(Tag::name)
          .containsExactly("keep");
    }
  }

  @Test
  void contactsAndCompaniesTakeThemTooAndAnAddTakesTagsToAdd() {
    try (ApiFixture f = new ApiFixture()) {
      long contact = f.client.contacts().add(List.of(Contact.builder().name("c")
          .tagToAdd(Tag.named("lead-form")).build())).get(0).id();
      assertThat(f.client.contacts().get(contact).orElseThrow().tags()).extracting(Tag::name)
          .containsExactly("lead-form");
      long company = f.client.companies().add(List.of(Company.builder().name("co").tag("a")
          .build())).get(0).id();
      f.client.companies().update(List.of(Company.builder().id(company)
          .tagToAdd(Tag.named("b")).build()));
      assertThat(f.client.companies().get(company).orElseThrow().tags()).extracting(Tag::name)
          .containsExactly("a", "b");
    }
  }

  @Test
  void callersRequestIdsComeBackOnEachResultAcrossRequests() {
    try (ApiFixture f = new ApiFixture()) {
      List<Lead> batch = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        batch.add(Lead.builder().name("n" + i).requestId("ext-" + i).build());
      }
      List<SaveResult> saved = f.client.leads().add(batch);
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(2);
      for (int i = 0; i < 60; i++) {
        assertThat(saved.get(i).requestId()).isEqualTo("ext-" + i);
        assertThat(f.amo.stored("leads", saved.get(i).id()).orElseThrow().get("name"))
            .isEqualTo("n" + i);
      }
    }
  }

  @Test
  void anUnknownTagIdIsAValidationErrorAndNothingChanges() {
    try (ApiFixture f = new ApiFixture()) {
      long id = f.amo.seedLeads(1).get(0);
      assertThatThrownBy(() -> f.client.leads().update(List.of(Lead.builder().id(id)
          .tagToAdd(Tag.ofId(987654)).build())))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).extracting(ValidationError::index,
                  ValidationError::code, ValidationError::path)
                  .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "NotFound",
                      "tags_to_add.0.id")));
      assertThat(f.client.leads().get(id).orElseThrow().tags()).isEmpty();
    }
  }

  @Test
  void anUpdateOfAMissingLeadWithTagsIsNotFound() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.leads().update(List.of(Lead.builder().id(424242L)
          .tagToAdd(Tag.named("x")).build())))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).extracting(ValidationError::code)
                  .containsExactly("NotFound"));
    }
  }

  @Test
  void aLeadReadAndUpdatedThroughToBuilderIsAccepted() {
    try (ApiFixture f = new ApiFixture()) {
      long id = f.client.leads().add(List.of(Lead.builder().name("r").tag("x").build()))
          .get(0).id();
      Lead read = f.client.leads().get(id).orElseThrow();
      assertThat(read.extras()).isNotNull(); // _links, kept by the model
      f.client.leads().update(List.of(read.toBuilder().price(5L).build()));
      java.util.Map<String, Object> stored = f.amo.stored("leads", id).orElseThrow();
      assertThat(((Number) stored.get("price")).longValue()).isEqualTo(5L);
      assertThat(f.client.leads().get(id).orElseThrow().tags()).extracting(Tag::name)
          .containsExactly("x");
    }
  }

  @Test
  void aComplexLeadWithFormMetadataLandsInIncomingLeadsAndABadCategoryIsRefused() {
    try (ApiFixture f = new ApiFixture()) {
      Extras form = Extras.none().with("category", "\"forms\"").with("form_id", "\"site\"")
          .with("form_sent_at", "1700000000");
      ComplexLeadResult r = f.client.leads().addComplex(List.of(ComplexLead.of(
          Lead.builder().name("from form").statusId(MockSeed.STATUS_IN_PROGRESS).build(),
          Contact.builder().name("visitor").build()).withMetadata(form))).get(0);
      assertThat(f.client.leads().get(r.leadId()).orElseThrow().statusId())
          .isEqualTo(MockSeed.STATUS_UNSORTED);

      assertThatThrownBy(() -> f.client.leads().addComplex(List.of(ComplexLead.of(
          Lead.builder().name("x").build(), Contact.builder().name("y").build())
          .withMetadata(Extras.none().with("category", "\"fax\"")))))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).extracting(ValidationError::path)
                  .containsExactly("_embedded.metadata.category"));
    }
  }
}
