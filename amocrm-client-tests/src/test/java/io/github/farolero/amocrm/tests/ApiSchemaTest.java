package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.CustomFields;
import io.github.farolero.amocrm.api.Pipelines;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.CustomFieldDraft;
import io.github.farolero.amocrm.model.CustomFieldGroup;
import io.github.farolero.amocrm.model.CustomFieldGroupDraft;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.LossReason;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.PipelineDraft;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.model.StatusDraft;
import io.github.farolero.amocrm.model.Tag;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schema writes against the mock: pipelines, statuses, custom fields, groups, tags delete. */
class ApiSchemaTest {

  private static PipelineDraft draft(String name) {
    return PipelineDraft.named(name).withStatuses(List.of(StatusDraft.named("New"),
        StatusDraft.named("Talks").withColor("#fffeb2").withDescriptions(List.of(
            new StatusDraft.Description("newbie", "Call them within a day")))));
  }

  @Test
  void pipelineAndStatusesAddUpdateDelete() {
    try (ApiFixture f = new ApiFixture()) {
      Pipelines pipelines = f.client.pipelines();
      List<Pipeline> made = pipelines.add(List.of(draft("Partners A"), draft("Partners B")));
      assertThat(made).extracting(Pipeline::name).containsExactly("Partners A", "Partners B");
      Pipeline p = made.get(0);
      // amoCRM adds "won" and "lost" itself
      assertThat(p.statuses()).extracting(Status::name).startsWith("New", "Talks");
      assertThat(p.statuses()).extracting(Status::id).contains(Status.WON, Status.LOST);
      assertThat(pipelines.list()).extracting(Pipeline::id).contains(p.id(), made.get(1).id());

      Pipeline renamed = pipelines.update(p.id(), new PipelineDraft("Partners", 5L, null, null,
          null));
      assertThat(renamed.name()).isEqualTo("Partners");
      assertThat(renamed.sort()).isEqualTo(5);
      assertThat(f.amo.lastApiRequestUrl().encodedPath())
          .isEqualTo("/api/v4/leads/pipelines/" + p.id());

      List<Status> added = pipelines.addStatuses(p.id(), List.of(StatusDraft.named("Meeting"),
          StatusDraft.named("Contract").withSort(60L)));
      assertThat(added).extracting(Status::name).containsExactly("Meeting", "Contract");
      long meeting = added.get(0).id();
      Status changed = pipelines.updateStatus(p.id(), meeting,
          StatusDraft.named("Meeting booked").withColor("#99ccff"));
      assertThat(changed.name()).isEqualTo("Meeting booked");
      assertThat(changed.color()).isEqualTo("#99ccff");
      assertThat(pipelines.statuses(p.id())).extracting(Status::name)
          .contains("Meeting booked", "Contract");

      assertThat(pipelines.deleteStatus(p.id(), meeting)).isTrue();
      assertThat(pipelines.deleteStatus(p.id(), meeting)).isFalse(); // amoCRM's 404
      assertThat(pipelines.statuses(p.id())).extracting(Status::id).doesNotContain(meeting);

      assertThat(pipelines.delete(p.id())).isTrue();
      assertThat(f.amo.apiRequests("DELETE", "/api/v4/leads/pipelines/" + p.id())).isEqualTo(1);
      assertThat(pipelines.get(p.id())).isEmpty();
      assertThat(pipelines.delete(p.id())).isFalse();
    }
  }

  @Test
  void amoCrmRefusalsAreTypedErrors() {
    try (ApiFixture f = new ApiFixture()) {
      Pipelines pipelines = f.client.pipelines();
      // refused before anything is sent
      assertThatThrownBy(() -> pipelines.add(List.of(new PipelineDraft(" ", null, null, null,
          null)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads/pipelines")).isZero();
      // a pipeline without statuses: amoCRM's validation error, with its path
      assertThatThrownBy(() -> pipelines.add(List.of(PipelineDraft.named("Empty"))))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
              e.validationErrors()).extracting(ValidationError::path)
              .containsExactly("_embedded.statuses"));
      // a bad description level
      assertThatThrownBy(() -> pipelines.addStatuses(MockSeed.PIPELINE_ID,
          List.of(StatusDraft.named("X").withDescriptions(List.of(
              new StatusDraft.Description("guru", "?"))))))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
              e.validationErrors()).extracting(ValidationError::path)
              .containsExactly("descriptions.0.level"));
      // the system statuses
      assertThatThrownBy(() -> pipelines.updateStatus(MockSeed.PIPELINE_ID, Status.WON,
          StatusDraft.named("Paid"))).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> pipelines.deleteStatus(MockSeed.PIPELINE_ID, Status.LOST))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> pipelines.deleteStatus(MockSeed.PIPELINE_ID,
          MockSeed.STATUS_UNSORTED)).isInstanceOf(ValidationException.class);
      // the main pipeline, and one with leads
      assertThatThrownBy(() -> pipelines.delete(MockSeed.PIPELINE_ID))
          .isInstanceOf(ValidationException.class);
      Pipeline p = pipelines.add(List.of(draft("With leads"))).get(0);
      long status = p.status("New").orElseThrow().id();
      // a lead can go into the new pipeline (the mock's lead validation knows it)
      f.client.leads().add(List.of(Lead.builder().name("L").pipelineId(p.id()).statusId(status)
          .build()));
      assertThatThrownBy(() -> pipelines.delete(p.id()))
          .isInstanceOf(ValidationException.class).hasMessageContaining("leads");
      // not found
      assertThatThrownBy(() -> pipelines.update(999, PipelineDraft.named("X")))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
      assertThatThrownBy(() -> pipelines.addStatuses(999, List.of(StatusDraft.named("X"))))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  void pipelinesAreAddedFiftyARequest() {
    try (ApiFixture f = new ApiFixture()) {
      List<PipelineDraft> drafts = new ArrayList<>();
      for (int i = 0; i < 51; i++) {
        drafts.add(draft("P" + i));
      }
      List<Pipeline> made = f.client.pipelines().add(drafts);
      assertThat(made).extracting(Pipeline::name).containsExactlyElementsOf(
          drafts.stream().map(PipelineDraft::name).toList());
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads/pipelines")).isEqualTo(2);
    }
  }

  @Test
  void customFieldsAddUpdateDelete() {
    try (ApiFixture f = new ApiFixture()) {
      CustomFields fields = f.client.customFields(EntityType.LEADS);
      List<CustomFieldDefinition> made = fields.add(List.of(
          CustomFieldDraft.of("select", "Region").withCode("REGION")
              .withEnums(List.of(CustomFieldDraft.Option.of("North"),
                  CustomFieldDraft.Option.of("South")))
              .withRequiredStatuses(List.of(new CustomFieldDraft.RequiredStatus(
                  MockSeed.PIPELINE_ID, MockSeed.STATUS_IN_PROGRESS))),
          CustomFieldDraft.of("text", "Note").withApiOnly(true)
              .withSettings(Map.of("hint", "free text"))));
      assertThat(made).extracting(CustomFieldDefinition::name).containsExactly("Region", "Note");
      CustomFieldDefinition region = made.get(0);
      assertThat(region.code()).isEqualTo("REGION");
      assertThat(region.option("South")).isPresent();
      assertThat(made.get(1).apiOnly()).isTrue();
      assertThat(fields.get(region.id())).get() // the add's answer has request_id, a get's not
          .usingRecursiveComparison().ignoringFields("extras").isEqualTo(region);
      assertThat(fields.stream().map(CustomFieldDefinition::id).toList()).contains(region.id());

      // a lead may carry a value of the new field (the mock validates against it)
      long south = region.option("South").orElseThrow().id();
      f.client.leads().add(List.of(Lead.builder().name("L")
          .customField(CustomField.select(region.id(), south)).build()));

      CustomFieldDefinition renamed = fields.update(region.id(),
          CustomFieldDraft.change().withName("Area").withEnums(List.of(
              new CustomFieldDraft.Option(south, "South", 1L),
              CustomFieldDraft.Option.of("West"))));
      assertThat(renamed.name()).isEqualTo("Area");
      assertThat(renamed.enums()).extracting(CustomFieldDefinition.Option::value)
          .containsExactly("South", "West");
      assertThat(renamed.option("South").orElseThrow().id()).isEqualTo(south);

      assertThat(fields.delete(region.id())).isTrue();
      assertThat(fields.get(region.id())).isEmpty();
      assertThat(fields.delete(region.id())).isFalse();
    }
  }

  @Test
  void customFieldRefusals() {
    try (ApiFixture f = new ApiFixture()) {
      CustomFields fields = f.client.customFields(EntityType.CONTACTS);
      // PHONE is taken already
      assertThatThrownBy(() -> fields.add(List.of(CustomFieldDraft.of("text", "Phone 2")
          .withCode("PHONE")))).isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.validationErrors()).singleElement().satisfies(v -> {
                assertThat(v.path()).isEqualTo("code");
                assertThat(v.index()).isEqualTo(0);
              }));
      // a select without options, an unknown type: the second input's errors
      assertThatThrownBy(() -> fields.add(List.of(CustomFieldDraft.of("text", "Ok"),
          CustomFieldDraft.of("select", "No options"))))
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.validationErrors()).extracting(ValidationError::index)
                  .containsExactly(1));
      assertThatThrownBy(() -> fields.add(List.of(CustomFieldDraft.of("hologram", "X"))))
          .isInstanceOf(ValidationException.class);
      // the predefined PHONE field
      assertThatThrownBy(() -> fields.delete(MockSeed.CONTACT_PHONE_FIELD))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> fields.update(999, CustomFieldDraft.change().withName("X")))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
      assertThat(fields.delete(999)).isFalse();
    }
  }

  @Test
  void fieldGroups() {
    try (ApiFixture f = new ApiFixture()) {
      CustomFields fields = f.client.customFields(EntityType.COMPANIES);
      assertThat(fields.groups().stream().toList()).isEmpty(); // amoCRM's 204
      List<CustomFieldGroup> made = fields.addGroups(List.of(
          new CustomFieldGroupDraft("Billing", 1L), new CustomFieldGroupDraft("Legal", null)));
      assertThat(made).extracting(CustomFieldGroup::name).containsExactly("Billing", "Legal");
      String billing = made.get(0).id();
      assertThat(billing).startsWith("companies_");
      assertThat(fields.group(billing)).get() // the add's answer has request_id, a get's not
          .usingRecursiveComparison().ignoringFields("extras").isEqualTo(made.get(0));
      assertThat(fields.groups().stream().toList()).hasSize(2);

      CustomFieldDefinition inn = fields.add(List.of(CustomFieldDraft.of("text", "INN")
          .withGroupId(billing))).get(0);
      assertThat(inn.groupId()).isEqualTo(billing);
      assertThatThrownBy(() -> fields.add(List.of(CustomFieldDraft.of("text", "X")
          .withGroupId("companies_0")))).isInstanceOf(ValidationException.class);

      assertThat(fields.updateGroup(billing, new CustomFieldGroupDraft("Invoices", null)).name())
          .isEqualTo("Invoices");
      assertThat(fields.deleteGroup(billing)).isTrue();
      assertThat(fields.group(billing)).isEmpty();
      assertThat(fields.deleteGroup(billing)).isFalse();
      assertThat(fields.get(inn.id()).orElseThrow().groupId()).isNull();
      assertThatThrownBy(() -> fields.updateGroup("companies_0",
          new CustomFieldGroupDraft("X", null))).isInstanceOfSatisfying(
              AmoCrmHttpException.class, e -> assertThat(e.status()).isEqualTo(404));
      assertThatThrownBy(() -> fields.addGroups(List.of(new CustomFieldGroupDraft(null, 1L))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void lossReasons() {
    try (ApiFixture f = new ApiFixture()) {
      List<LossReason> all = f.client.pipelines().lossReasons().stream().toList();
      assertThat(all).extracting(LossReason::id)
          .containsExactly(MockSeed.LOSS_REASON_ID, MockSeed.LOSS_REASON_ID + 1);
      assertThat(all.get(0).createdAt()).isNotNull();
      assertThat(f.client.pipelines().lossReason(MockSeed.LOSS_REASON_ID).orElseThrow().name())
          .isEqualTo("Too expensive");
      assertThat(f.client.pipelines().lossReason(1)).isEmpty();
    }
  }

  @Test
  void tagsDelete() {
    try (ApiFixture f = new ApiFixture()) {
      List<Tag> tags = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        tags.add(Tag.named("t" + i));
      }
      List<Long> ids = f.client.tags(EntityType.LEADS).add(tags).stream()
          .map(r -> r.id()).toList();
      f.client.tags(EntityType.LEADS).delete(ids.subList(0, 55));
      assertThat(f.amo.apiRequests("DELETE", "/api/v4/leads/tags")).isEqualTo(2);
      assertThat(f.client.tags(EntityType.LEADS).stream().map(Tag::id).toList())
          .containsExactlyElementsOf(ids.subList(55, 60));
      f.client.tags(EntityType.LEADS).delete(List.of());
      assertThat(f.amo.apiRequests("DELETE", "/api/v4/leads/tags")).isEqualTo(2);
    }
  }
}
