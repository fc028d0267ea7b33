package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom field values written with the typed factories and read back typed, no raw maps. */
class ApiCustomFieldsTest {

  @Test
  void everyKindIsWrittenAndReadBack() {
    try (ApiFixture f = new ApiFixture()) {
      Lead lead = Lead.builder().name("typed")
          .customField(CustomField.text(MockSeed.LEAD_TEXT_FIELD, "from the website"))
          .customField(CustomField.numeric(MockSeed.LEAD_NUMERIC_FIELD, new BigDecimal("12.5")))
          .customField(CustomField.select(MockSeed.LEAD_SELECT_FIELD, MockSeed.SELECT_PHONE))
          .customField(CustomField.multiselect(MockSeed.LEAD_MULTISELECT_FIELD, MockSeed.MULTI_A,
              MockSeed.MULTI_C))
          .customField(CustomField.date(MockSeed.LEAD_DATE_FIELD, LocalDate.of(2020, 5, 8)))
          .customField(CustomField.checkbox(MockSeed.LEAD_CHECKBOX_FIELD, true))
          .build();
      long id = f.client.leads().add(List.of(lead)).get(0).id();
      Lead read = f.client.leads().get(id).orElseThrow();

      assertThat(read.customField(MockSeed.LEAD_TEXT_FIELD).orElseThrow().text())
          .contains("from the website");
      // amoCRM answers numbers as strings ("12.5"); they read as numbers all the same.
      assertThat(f.amo.stored("leads", id).orElseThrow().toString()).contains("value=12.5");
      assertThat(read.customField(MockSeed.LEAD_NUMERIC_FIELD).orElseThrow().number())
          .contains(new BigDecimal("12.5"));
      CustomField select = read.customField(MockSeed.LEAD_SELECT_FIELD).orElseThrow();
      assertThat(select.fieldType()).isEqualTo("select");
      assertThat(select.values()).containsExactly(
          new CustomFieldValue.Select(MockSeed.SELECT_PHONE, "Phone"));
      assertThat(read.customField(MockSeed.LEAD_MULTISELECT_FIELD).orElseThrow().enumIds())
          .containsExactly(MockSeed.MULTI_A, MockSeed.MULTI_C);
      assertThat(read.customField(MockSeed.LEAD_DATE_FIELD).orElseThrow().date()).contains(
          LocalDate.of(2020, 5, 8).atStartOfDay().toInstant(ZoneOffset.UTC));
      assertThat(read.customField(MockSeed.LEAD_CHECKBOX_FIELD).orElseThrow().values())
          .containsExactly(new CustomFieldValue.Checkbox(true));
    }
  }

  /** A date that looks like one but is not is refused with amoCRM's 400, not a dropped line. */
  @Test
  void anImpossibleDateIsAValidationError() {
    try (ApiFixture f = new ApiFixture()) {
      Lead lead = Lead.builder().name("bad date").customField(CustomField.of(
          MockSeed.LEAD_DATE_FIELD, new CustomFieldValue.Text("2020-13-45"))).build();
      assertThatThrownBy(() -> f.client.leads().add(List.of(lead)))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
              e.validationErrors()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo("InvalidType");
                assertThat(v.path()).isEqualTo("custom_fields_values.0.values.0.value");
              }));
      assertThat(f.amo.apiCalls()).isEqualTo(1);
    }
  }

  @Test
  void phonesAndEmailsByCodeWithTheirKinds() {
    try (ApiFixture f = new ApiFixture()) {
      Contact ann = Contact.builder().firstName("Ann").lastName("Lee")
          .customField(CustomField.ofCode("PHONE",
              CustomFieldValue.Multitext.of("+79990000001", "WORK"),
              CustomFieldValue.Multitext.of("+79990000002", "MOB")))
          .customField(CustomField.email("ann@example.com", "PRIV"))
          .build();
      long id = f.client.contacts().add(List.of(ann)).get(0).id();
      Contact read = f.client.contacts().get(id).orElseThrow();
      assertThat(read.name()).isEqualTo("Ann Lee");
      assertThat(read.customField("PHONE").orElseThrow().values()).extracting(
          v -> ((CustomFieldValue.Multitext) v).value() + "/"
              + ((CustomFieldValue.Multitext) v).enumCode())
          .containsExactly("+79990000001/WORK", "+79990000002/MOB");
      assertThat(read.customField(MockSeed.CONTACT_EMAIL_FIELD).orElseThrow().text())
          .contains("ann@example.com");
    }
  }

  @Test
  void anUpdateReplacesOneFieldAndAnEmptyFieldClearsIt() {
    try (ApiFixture f = new ApiFixture()) {
      long id = f.client.leads().add(List.of(Lead.builder().name("x")
          .customField(CustomField.text(MockSeed.LEAD_TEXT_FIELD, "a"))
          .customField(CustomField.checkbox(MockSeed.LEAD_CHECKBOX_FIELD, false)).build()))
          .get(0).id();
      f.client.leads().update(List.of(Lead.builder().id(id)
          .customField(CustomField.text(MockSeed.LEAD_TEXT_FIELD, "b"))
          .customField(CustomField.of(MockSeed.LEAD_CHECKBOX_FIELD)).build()));
      Lead read = f.client.leads().get(id).orElseThrow();
      assertThat(read.customField(MockSeed.LEAD_TEXT_FIELD).orElseThrow().text()).contains("b");
      assertThat(read.customField(MockSeed.LEAD_CHECKBOX_FIELD)).isEmpty();
    }
  }

  @Test
  void anUnknownOptionOrKindIsRefused() {
    try (ApiFixture f = new ApiFixture()) {
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder()
          .customField(CustomField.select(MockSeed.LEAD_SELECT_FIELD, 1)).build())))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
              e.validationErrors().get(0).path())
              .isEqualTo("custom_fields_values.0.values.0.enum_id"));
      assertThatThrownBy(() -> f.client.contacts().add(List.of(Contact.builder()
          .customField(CustomField.phone("+7", "PAGER")).build())))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(
              e.validationErrors().get(0).code()).isEqualTo("NotSupportedChoice"));
    }
  }
}
