package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CrmEntity;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.EntityLink;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Tag;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The builders of {@link Lead}, {@link Contact} and {@link Company} have the same common setters,
 * each returning its own builder, in the source and in the bytecode. Outside the model package (as
 * here, like any caller) a chain must compile in any order, a common setter before a specific one
 * included, and every setter must land in its own component. The records share their custom
 * field and tag accessors through {@link CrmEntity}.
 */
class EntityBuildersTest {

  private static final Instant T1 = Instant.ofEpochSecond(1_600_000_001);
  private static final Instant T2 = Instant.ofEpochSecond(1_600_000_002);
  private static final Instant T3 = Instant.ofEpochSecond(1_600_000_003);
  private static final Instant T4 = Instant.ofEpochSecond(1_600_000_004);

  @Test
  void leadChainsACommonSetterBeforeASpecificOne() {
    Lead lead = Lead.builder().name("x").price(1L).customField(CustomField.text(1, "t"))
        .statusId(2L).tag("web").pipelineId(3L).build();
    assertThat(lead.name()).isEqualTo("x");
    assertThat(lead.price()).isEqualTo(1L);
    assertThat(lead.statusId()).isEqualTo(2L);
    assertThat(lead.pipelineId()).isEqualTo(3L);
    assertThat(lead.customFields()).containsExactly(CustomField.text(1, "t"));
    assertThat(lead.tags()).containsExactly(Tag.named("web"));
    Lead.Builder typed = Lead.builder().id(1L).price(2L); // the chain's static type is Lead.Builder
    assertThat(typed.build().id()).isEqualTo(1L);
  }

  @Test
  void contactChainsACommonSetterBeforeASpecificOne() {
    Contact contact = Contact.builder().name("Ann Lee").firstName("Ann").tag("vip")
        .lastName("Lee").customField(CustomField.phone("+79990000000", "WORK")).company(7)
        .build();
    assertThat(contact.name()).isEqualTo("Ann Lee");
    assertThat(contact.firstName()).isEqualTo("Ann");
    assertThat(contact.lastName()).isEqualTo("Lee");
    assertThat(contact.tags()).containsExactly(Tag.named("vip"));
    assertThat(contact.customField("PHONE")).isPresent();
    assertThat(contact.companies()).containsExactly(EntityLink.to(7));
    Contact.Builder typed = Contact.builder().id(1L).unsorted(true);
    assertThat(typed.build().unsorted()).isTrue();
  }

  @Test
  void companyChainsACommonSetterBeforeASpecificOne() {
    Company company = Company.builder().name("Acme").tag("b2b").contact(5)
        .customField(CustomField.text(1, "t")).contact(6).build();
    assertThat(company.name()).isEqualTo("Acme");
    assertThat(company.tags()).containsExactly(Tag.named("b2b"));
    assertThat(company.customFields()).containsExactly(CustomField.text(1, "t"));
    assertThat(company.contacts()).containsExactly(EntityLink.to(5), EntityLink.to(6));
    Company.Builder typed = Company.builder().accountId(1L).contact(2);
    assertThat(typed.build().accountId()).isEqualTo(1L);
  }

  @Test
  void everyLeadSetterLandsInItsOwnComponentAndToBuilderCopiesAll() {
    Lead lead = Lead.builder().id(1L).name("n").price(2L).responsibleUserId(3L).groupId(4L)
        .statusId(5L).pipelineId(6L).lossReasonId(7L).createdBy(8L).updatedBy(9L)
        .createdAt(T1).updatedAt(T2).closedAt(T3).closestTaskAt(T4).deleted(true).score(10L)
        .accountId(11L).laborCost(12L).customField(CustomField.text(13, "v")).tag("t")
        .contact(14, true).company(15).sourceId(16L).tagToAdd(Tag.named("a"))
        .tagToDelete(Tag.ofId(17)).requestId("r").build();
    assertThat(lead).isEqualTo(new Lead(1L, "n", 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, T1, T2, T3, T4,
        true, 10L, 11L, 12L, List.of(CustomField.text(13, "v")),
        new io.github.farolero.amocrm.model.Embedded(List.of(Tag.named("t")),
            List.of(new EntityLink(14L, true)), List.of(EntityLink.to(15)), null), 16L, null,
        List.of(Tag.named("a")), List.of(Tag.ofId(17)), "r", null));
    assertThat(lead.toBuilder().build()).isEqualTo(lead);
  }

  @Test
  void everyContactSetterLandsInItsOwnComponentAndToBuilderCopiesAll() {
    Contact contact = Contact.builder().id(1L).name("n").firstName("f").lastName("l")
        .responsibleUserId(3L).groupId(4L).createdBy(8L).updatedBy(9L).createdAt(T1)
        .updatedAt(T2).closestTaskAt(T4).deleted(false).unsorted(true).accountId(11L)
        .customField(CustomField.text(13, "v")).tag("t").company(15).build();
    assertThat(contact).isEqualTo(new Contact(1L, "n", "f", "l", 3L, 4L, 8L, 9L, T1, T2, T4,
        false, true, 11L, List.of(CustomField.text(13, "v")),
        new io.github.farolero.amocrm.model.Embedded(List.of(Tag.named("t")), null,
            List.of(EntityLink.to(15)), null), null, null, null, null));
    assertThat(contact.toBuilder().build()).isEqualTo(contact);
  }

  @Test
  void everyCompanySetterLandsInItsOwnComponentAndToBuilderCopiesAll() {
    Company company = Company.builder().id(1L).name("n").responsibleUserId(3L).groupId(4L)
        .createdBy(8L).updatedBy(9L).createdAt(T1).updatedAt(T2).closestTaskAt(T4)
        .deleted(true).accountId(11L).customField(CustomField.text(13, "v")).tag("t")
        .contact(14).build();
    assertThat(company).isEqualTo(new Company(1L, "n", 3L, 4L, 8L, 9L, T1, T2, T4, true, 11L,
        List.of(CustomField.text(13, "v")),
        new io.github.farolero.amocrm.model.Embedded(List.of(Tag.named("t")),
            List.of(EntityLink.to(14)), null, null), null, null, null, null));
    assertThat(company.toBuilder().build()).isEqualTo(company);
  }

  @Test
  void customFieldsAreCopiedAndNullsRejectedWithTheSameMessages() {
    List<CustomField> fields = new ArrayList<>(List.of(CustomField.text(1, "a")));
    Lead.Builder lead = Lead.builder().customFields(fields);
    Contact.Builder contact = Contact.builder().customFields(fields);
    Company.Builder company = Company.builder().customFields(fields);
    fields.add(CustomField.text(2, "b")); // the caller's list changes after the call
    assertThat(lead.build().customFields()).hasSize(1);
    assertThat(contact.build().customFields()).hasSize(1);
    assertThat(company.build().customFields()).hasSize(1);
    assertThat(Lead.builder().customField(CustomField.text(1, "a")).customFields(null).build()
        .customFieldsValues()).isNull();

    assertThatThrownBy(() -> Lead.builder().customField(null))
        .isInstanceOf(NullPointerException.class).hasMessage("field == null");
    assertThatThrownBy(() -> Contact.builder().customField(null))
        .isInstanceOf(NullPointerException.class).hasMessage("field == null");
    assertThatThrownBy(() -> Company.builder().customField(null))
        .isInstanceOf(NullPointerException.class).hasMessage("field == null");
    assertThatThrownBy(() -> Company.builder().tag(null))
        .isInstanceOf(NullPointerException.class).hasMessage("name == null");
  }

  @Test
  void aBuilderFromToBuilderDoesNotChangeTheOriginal() {
    Lead lead = Lead.builder().name("a").customField(CustomField.text(1, "a")).tag("t").build();
    Lead changed = lead.toBuilder().name("b").customField(CustomField.text(2, "b")).tag("u")
        .build();
    assertThat(lead.name()).isEqualTo("a");
    assertThat(lead.customFields()).hasSize(1);
    assertThat(lead.tags()).hasSize(1);
    assertThat(changed.customFields()).hasSize(2);
    assertThat(changed.tags()).hasSize(2);
  }

  /**
   * Every public method of each builder that is not {@code build()} returns exactly that
   * builder in the bytecode (no erased base type, no bridge), and no builder has a superclass
   * of this library's that Kotlin, reflection or a binary-compatibility check would see.
   */
  @Test
  void everySetterReturnsItsOwnBuilderInTheBytecode() {
    for (Class<?> builder : List.of(Lead.Builder.class, Contact.Builder.class,
        Company.Builder.class)) {
      assertThat(builder.getSuperclass()).as(builder.getName()).isEqualTo(Object.class);
      int setters = 0;
      for (Method m : builder.getMethods()) {
        if (m.getDeclaringClass() == Object.class || m.getName().equals("build")) {
          continue;
        }
        assertThat(m.isBridge() || m.isSynthetic()).as(m.toString()).isFalse();
        assertThat(m.getReturnType()).as(m.toString()).isEqualTo(builder);
        assertThat(Modifier.isStatic(m.getModifiers())).as(m.toString()).isFalse();
        setters++;
      }
      assertThat(setters).as(builder.getName()).isGreaterThanOrEqualTo(15);
    }
  }

  /** The common setters are the same on every builder: a name, a type, a return of its own. */
  @Test
  void theCommonSettersAreTheSameOnEveryBuilder() throws Exception {
    Set<String> common = Set.of("id", "name", "responsibleUserId", "groupId", "createdBy",
        "updatedBy", "createdAt", "updatedAt", "closestTaskAt", "deleted", "accountId",
        "customField", "customFields", "tag");
    for (Class<?> builder : List.of(Lead.Builder.class, Contact.Builder.class,
        Company.Builder.class)) {
      for (Method lead : Lead.Builder.class.getMethods()) {
        if (common.contains(lead.getName())) {
          Method m = builder.getMethod(lead.getName(), lead.getParameterTypes());
          assertThat(m.getReturnType()).as(m.toString()).isEqualTo(builder);
        }
      }
    }
  }

  @Test
  void leadsContactsAndCompaniesAreCrmEntities() {
    List<CrmEntity> entities = List.of(
        Lead.builder().id(1L).name("deal").customField(CustomField.text(10, "a"))
            .customField(CustomField.phone("+79990000000", "WORK")).tag("x").build(),
        Contact.builder().id(2L).name("Ann").customField(CustomField.text(10, "a"))
            .customField(CustomField.phone("+79990000000", "WORK")).tag("x").build(),
        Company.builder().id(3L).name("Acme").customField(CustomField.text(10, "a"))
            .customField(CustomField.phone("+79990000000", "WORK")).tag("x").build());
    for (CrmEntity e : entities) {
      assertThat(e.customFields()).as(e.toString()).hasSize(2);
      assertThat(e.customField(10)).contains(CustomField.text(10, "a"));
      assertThat(e.customField(99)).isEmpty();
      assertThat(e.customField("PHONE")).isPresent();
      assertThat(e.customField("EMAIL")).isEmpty();
      assertThat(e.tags()).containsExactly(Tag.named("x"));
      assertThat(e.id()).isPositive();
      assertThat(e.name()).isNotBlank();
    }
    assertThat(CrmEntity.class.isSealed()).isTrue();
    assertThat(CrmEntity.class.getPermittedSubclasses())
        .containsExactlyInAnyOrder(Lead.class, Contact.class, Company.class);
  }

  @Test
  void anEntityWithoutFieldsOrTagsAnswersEmpty() {
    CrmEntity bare = Company.builder().build();
    assertThat(bare.customFieldsValues()).isNull();
    assertThat(bare.customFields()).isEmpty();
    assertThat(bare.customField(1)).isEqualTo(Optional.empty());
    assertThat(bare.customField("PHONE")).isEmpty();
    assertThat(bare.tags()).isEmpty();
  }
}
