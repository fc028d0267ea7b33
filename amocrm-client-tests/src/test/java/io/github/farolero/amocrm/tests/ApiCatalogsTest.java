package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Catalog;
import io.github.farolero.amocrm.model.CatalogElement;
import io.github.farolero.amocrm.model.CustomField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code client.catalogs()} and their elements against the mock. */
class ApiCatalogsTest {

  @Test
  void catalogsAddListGetUpdate() {
    try (ApiFixture f = new ApiFixture()) {
      var catalogs = f.client.catalogs();
      assertThat(catalogs.stream().toList()).isEmpty(); // 204
      List<SaveResult> saved = catalogs.add(List.of(Catalog.of("Products", Catalog.PRODUCTS),
          Catalog.of("Partners", Catalog.REGULAR)));
      assertThat(saved).extracting(SaveResult::index).containsExactly(0, 1);
      long products = saved.get(0).id();

      Catalog got = catalogs.get(products).orElseThrow();
      assertThat(got.name()).isEqualTo("Products");
      assertThat(got.type()).isEqualTo(Catalog.PRODUCTS);
      assertThat(got.canAddElements()).isTrue();
      assertThat(got.accountId()).isNotNull();
      assertThat(catalogs.get(999_999)).isEmpty(); // 404

      catalogs.update(List.of(Catalog.rename(products, "Goods")));
      assertThat(catalogs.get(products).orElseThrow().name()).isEqualTo("Goods");
      assertThat(catalogs.stream().map(Catalog::name).toList())
          .containsExactly("Goods", "Partners");
      // invoices and products are catalogs found by type
      assertThat(catalogs.stream().filter(c -> Catalog.PRODUCTS.equals(c.type())))
          .singleElement().extracting(Catalog::id).isEqualTo(products);
    }
  }

  @Test
  void catalogValidation() {
    try (ApiFixture f = new ApiFixture()) {
      var catalogs = f.client.catalogs();
      catalogs.add(List.of(Catalog.of("Invoices", Catalog.INVOICES)));
      assertThatThrownBy(() -> catalogs.add(List.of(Catalog.of("Ok", Catalog.REGULAR),
          Catalog.of("Invoices 2", Catalog.INVOICES))))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).singleElement().satisfies(v -> {
                assertThat(v.index()).isEqualTo(1);
                assertThat(v.path()).isEqualTo("type");
              }));
      assertThat(catalogs.stream().toList()).hasSize(1); // nothing of the refused one saved
      assertThatThrownBy(() -> catalogs.update(List.of(Catalog.of("no id", Catalog.REGULAR))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no id");
      assertThatThrownBy(() -> catalogs.update(List.of(Catalog.rename(424242, "x"))))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Test
  void elementsAddPageSearchGetUpdate() {
    try (ApiFixture f = new ApiFixture()) {
      long catalog = f.client.catalogs().add(List.of(Catalog.of("Products", Catalog.PRODUCTS)))
          .get(0).id();
      var elements = f.client.catalogs().elements(catalog);
      assertThat(elements.stream().toList()).isEmpty(); // 204

      List<CatalogElement> many = new ArrayList<>();
      for (int i = 0; i < 260; i++) {
        many.add(CatalogElement.of("Item " + i, List.of()));
      }
      List<SaveResult> saved = elements.add(many);
      assertThat(saved).hasSize(260);
      assertThat(f.amo.apiRequests("POST", "/api/v4/catalogs/" + catalog + "/elements"))
          .isEqualTo(6); // 50 a request
      assertThat(elements.stream().count()).isEqualTo(260);
      assertThat(f.amo.apiRequests("GET", "/api/v4/catalogs/" + catalog + "/elements"))
          .isEqualTo(3); // the empty list (204), then 250 a page: 2

      long first = saved.get(0).id();
      CatalogElement got = elements.get(first).orElseThrow();
      assertThat(got.name()).isEqualTo("Item 0");
      assertThat(got.catalogId()).isEqualTo(catalog);
      assertThat(got.deleted()).isFalse();
      assertThat(got.createdAt()).isNotNull();
      assertThat(elements.get(1)).isEmpty(); // 404

      elements.update(List.of(new CatalogElement(first, null, "Tea", null, null, null, null,
          null, List.of(CustomField.text(LEAD_TEXT_FIELD_ANY, "green")), null)));
      CatalogElement tea = elements.get(first).orElseThrow();
      assertThat(tea.name()).isEqualTo("Tea");
      assertThat(tea.customFields()).hasSize(1);
      assertThat(elements.page(ListRequest.builder().query("tea").build()).items())
          .extracting(CatalogElement::id).containsExactly(first);

      assertThatThrownBy(() -> elements.add(List.of(CatalogElement.of(" ", List.of()))))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> f.client.catalogs().elements(31337).stream().toList())
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
      assertThat(f.client.catalogs().customFields(catalog).stream().toList()).isEmpty();
    }
  }

  private static final long LEAD_TEXT_FIELD_ANY = 700_001;
}
