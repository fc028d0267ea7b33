package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ComplexLeadResult;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Note;
import io.github.farolero.amocrm.model.Tag;
import io.github.farolero.amocrm.model.Task;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches: split into requests of 50, mapped back in order, validation errors name the input. */
class ApiBatchTest {

  private static List<Lead> leads(int n) {
    List<Lead> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Lead.builder().name("batch " + i).price((long) i).build());
    }
    return out;
  }

  @Test
  void aBatchOf120LeadsGoesOutAs3RequestsAndComesBackInOrder() {
    try (ApiFixture f = new ApiFixture()) {
      List<SaveResult> saved = f.client.leads().add(leads(120));
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(3);
      assertThat(saved).hasSize(120);
      for (int i = 0; i < 120; i++) {
        SaveResult r = saved.get(i);
        assertThat(r.index()).isEqualTo(i);
        assertThat(f.amo.stored("leads", r.id()).orElseThrow().get("name"))
            .isEqualTo("batch " + i);
      }
      assertThat(f.amo.storedCount("leads")).isEqualTo(120);
    }
  }

  @Test
  void updatesAreBatchedTooAndChangeOnlyWhatWasSet() {
    try (ApiFixture f = new ApiFixture()) {
      List<Long> ids = f.amo.seedLeads(60);
      List<Lead> raises = new ArrayList<>();
      for (Long id : ids) {
        raises.add(Lead.builder().id(id).price(id % 1000).build());
      }
      List<SaveResult> saved = f.client.leads().update(raises);
      assertThat(f.amo.apiRequests("PATCH", "/api/v4/leads")).isEqualTo(2);
      assertThat(saved).extracting(SaveResult::id).isEqualTo(ids);
      assertThat(saved.get(0).updatedAt()).isNotNull();
      Lead read = f.client.leads().get(ids.get(59)).orElseThrow();
      assertThat(read.price()).isEqualTo(ids.get(59) % 1000);
      assertThat(read.name()).isEqualTo("Lead " + ids.get(59)); // untouched
    }
  }

  @Test
  void aValidationErrorNamesTheInputInTheCallersList() {
    try (ApiFixture f = new ApiFixture()) {
      List<Lead> batch = new ArrayList<>(leads(120));
      batch.set(77, batch.get(77).toBuilder().customField(CustomField.text(424242, "x")).build());
      batch.set(80, batch.get(80).toBuilder().pipelineId(31337L).build());
      assertThatThrownBy(() -> f.client.leads().add(batch))
          .isInstanceOfSatisfying(PartialBatchException.class, partial -> {
            assertThat(partial.savedCount()).isEqualTo(50);
            assertThat(partial.getCause()).isInstanceOf(ValidationException.class);
          })
          .extracting(Throwable::getCause)
          .isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.title()).isEqualTo("Bad Request");
            assertThat(e.detail()).isEqualTo("Request validation failed");
            assertThat(e.requestId()).startsWith("mock-");
            assertThat(e.firstInputIndex()).isEqualTo(50);
            assertThat(e.validationErrors()).containsExactly(
                new ValidationError(77, "NotSupportedChoice", "custom_fields_values.0.field_id",
                    "The value you selected is not a valid choice."),
                new ValidationError(80, "NotSupportedChoice", "pipeline_id",
                    "The value you selected is not a valid choice."));
            assertThat(e).hasMessageContaining("request 2 of 3")
                .hasMessageContaining("input 77: NotSupportedChoice");
          });
      // The first request (inputs 0-49) was saved; the refused one and the rest were not.
      assertThat(f.amo.storedCount("leads")).isEqualTo(50);
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(2);
    }
  }

  /**
   * A batch that fails after its first request was saved says what was saved, with the new ids,
   * so the caller does not add those leads again; the failure itself is the cause, as a single
   * request would have thrown it.
   */
  @Test
  void aFailureAfterTheFirstRequestReportsWhatWasSaved() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().passNext(1).failNext(1, 503);
      assertThatThrownBy(() -> f.client.leads().add(leads(120)))
          .isInstanceOfSatisfying(PartialBatchException.class, e -> {
            assertThat(e.savedCount()).isEqualTo(50);
            assertThat(e.saved()).hasSize(50).allSatisfy(r -> assertThat(r)
                .isInstanceOf(SaveResult.class));
            for (int i = 0; i < 50; i++) {
              SaveResult r = (SaveResult) e.saved().get(i);
              assertThat(r.index()).isEqualTo(i);
              assertThat(f.amo.stored("leads", r.id()).orElseThrow().get("name"))
                  .isEqualTo("batch " + i);
            }
            assertThat(e.getCause()).isInstanceOfSatisfying(AmoCrmHttpException.class,
                c -> assertThat(c.status()).isEqualTo(503));
            assertThat(e).hasMessageContaining("request 2 of 3")
                .hasMessageContaining("inputs 0 to 49 were saved");
          });
      assertThat(f.amo.storedCount("leads")).isEqualTo(50);
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads")).isEqualTo(2);

      // A lost connection (a write is not retried) and a complex add say the same.
      f.amo.faults().passNext(1).dropNext(1);
      List<ComplexLead> complex = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        complex.add(ComplexLead.of(Lead.builder().name("deal " + i).build(),
            Contact.builder().firstName("C" + i).build()));
      }
      assertThatThrownBy(() -> f.client.leads().addComplex(complex))
          .isInstanceOfSatisfying(PartialBatchException.class, e -> {
            assertThat(e.saved()).hasSize(50)
                .allSatisfy(r -> assertThat(r).isInstanceOf(ComplexLeadResult.class));
            assertThat(((ComplexLeadResult) e.saved().get(49)).leadId()).isPositive();
            assertThat(e.getCause()).isExactlyInstanceOf(AmoCrmException.class)
                .hasMessageContaining("POST /api/v4/leads/complex failed");
          });
    }
  }

  @Test
  void aFailureOfTheFirstRequestIsThrownAsItIs() {
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.retryPolicy(RetryPolicy.none()))) {
      f.amo.faults().failNext(1, 503);
      assertThatThrownBy(() -> f.client.leads().add(leads(120)))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(503));
      assertThat(f.amo.storedCount("leads")).isZero();
    }
  }

  @Test
  void wrongTypesAreRefusedByTheServerWithAmoCrmsShape() {
    try (ApiFixture f = new ApiFixture()) {
      List<Task> tasks = List.of(Task.create("call back", Instant.ofEpochSecond(1_900_000_000)),
          new Task(null, null, null, null, null, "planets", null, null, null, null, null, null,
              null, null, null, null, null));
      assertThatThrownBy(() -> f.client.tasks().add(tasks))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).extracting(ValidationError::index,
                  ValidationError::path).containsExactlyInAnyOrder(
                  org.assertj.core.groups.Tuple.tuple(1, "text"),
                  org.assertj.core.groups.Tuple.tuple(1, "complete_till"),
                  org.assertj.core.groups.Tuple.tuple(1, "entity_type")));
    }
  }

  @Test
  void idsAreCheckedBeforeAnythingIsSent() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().id(5L).build())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leads[0]");
      assertThatThrownBy(() -> f.client.leads().update(List.of(Lead.builder().name("x").build())))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no id");
      assertThat(f.client.leads().add(List.of())).isEmpty();
      assertThat(f.amo.apiCalls()).isZero();
    }
  }

  @Test
  void complexAddCreatesLeadsWithTheirContactAndCompanyInRequestsOf50() {
    try (ApiFixture f = new ApiFixture()) {
      List<ComplexLead> in = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        in.add(new ComplexLead(Lead.builder().name("deal " + i).tag("web")
            .customField(CustomField.numeric(MockSeed.LEAD_NUMERIC_FIELD, i)).build(),
            Contact.builder().firstName("Ann").lastName("N" + i)
                .customField(CustomField.phone("+7999000" + i, "MOB")).build(),
            i % 2 == 0 ? Company.builder().name("Co " + i).build() : null));
      }
      List<ComplexLeadResult> results = f.client.leads().addComplex(in);
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads/complex")).isEqualTo(2);
      assertThat(results).hasSize(60);
      for (int i = 0; i < 60; i++) {
        ComplexLeadResult r = results.get(i);
        assertThat(r.index()).isEqualTo(i);
        assertThat(f.amo.stored("leads", r.leadId()).orElseThrow().get("name"))
            .isEqualTo("deal " + i);
        assertThat(f.amo.stored("contacts", r.contactId()).orElseThrow().get("last_name"))
            .isEqualTo("N" + i);
        assertThat(r.companyId() != null).isEqualTo(i % 2 == 0);
      }
      Lead lead = f.client.leads().get(results.get(3).leadId(), "contacts").orElseThrow();
      assertThat(lead.contacts()).extracting(l -> l.id()).containsExactly(results.get(3).contactId());
      assertThat(lead.tags()).extracting(Tag::name).containsExactly("web");
      assertThat(lead.customField(MockSeed.LEAD_NUMERIC_FIELD).orElseThrow().number())
          .contains(java.math.BigDecimal.valueOf(3));
      Contact contact = f.client.contacts().get(results.get(3).contactId()).orElseThrow();
      assertThat(contact.customField("PHONE").orElseThrow().text()).contains("+79990003");
    }
  }

  @Test
  void notesAndTags() {
    try (ApiFixture f = new ApiFixture()) {
      long lead = f.amo.seedLeads(1).get(0);
      List<SaveResult> notes = f.client.notes(EntityType.LEADS).add(List.of(
          Note.common(lead, "first"), Note.common(lead, "second")));
      assertThat(notes).hasSize(2);
      assertThat(f.client.notes(EntityType.LEADS).of(lead).stream().map(Note::text))
          .containsExactly("first", "second");
      assertThatThrownBy(() -> f.client.notes(EntityType.LEADS).add(
          List.of(Note.common(lead + 1000, "nobody"))))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
              e.validationErrors().get(0).code()).isEqualTo("NotFound"));

      f.client.tags(EntityType.LEADS).add(List.of(Tag.named("vip"), Tag.named("web")));
      assertThat(f.client.tags(EntityType.LEADS).stream().map(Tag::name))
          .containsExactly("vip", "web");
    }
  }
}
