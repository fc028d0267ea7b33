package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.CustomersDisabledException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.CatalogElementRef;
import io.github.farolero.amocrm.model.Customer;
import io.github.farolero.amocrm.model.CustomerSegment;
import io.github.farolero.amocrm.model.CustomerStatus;
import io.github.farolero.amocrm.model.CustomersMode;
import io.github.farolero.amocrm.model.EntityLink;
import io.github.farolero.amocrm.model.Tag;
import io.github.farolero.amocrm.model.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Customers end to end against the mock: CRUD, statuses, segments, transactions, mode. */
class ApiCustomersTest {

  private final ApiFixture f = new ApiFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void addListGetAndUpdateCustomersInBatchesAndPages() {
    assertThat(f.client.customers().stream()).isEmpty(); // amoCRM's 204
    long contact = f.amo.seedContacts(1).get(0);
    List<Customer> many = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      many.add(Customer.builder().name("Customer " + i).nextPrice(100L + i).build());
    }
    many.set(7, many.get(7).toBuilder().contact(contact).tag("vip")
        .nextDate(Instant.parse("2026-12-01T00:00:00Z")).build());
    List<SaveResult> saved = f.client.customers().add(many);
    assertThat(saved).hasSize(120).extracting(SaveResult::index)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 120).boxed().toList());
    assertThat(f.amo.apiRequests("POST", "/api/v4/customers")).isEqualTo(3);

    List<Customer> listed = f.client.customers().stream(ListRequest.builder().limit(50).build())
        .toList();
    assertThat(listed).hasSize(120).extracting(Customer::id)
        .containsExactlyElementsOf(saved.stream().map(SaveResult::id).toList());
    assertThat(f.amo.apiRequests("GET", "/api/v4/customers")).isEqualTo(4); // + the empty one

    Customer seventh = f.client.customers().get(saved.get(7).id(), "contacts").orElseThrow();
    assertThat(seventh.name()).isEqualTo("Customer 7");
    assertThat(seventh.nextPrice()).isEqualTo(107L);
    assertThat(seventh.nextDate()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(seventh.contacts()).extracting(EntityLink::id).containsExactly(contact);
    assertThat(seventh.tags()).extracting(Tag::name).containsExactly("vip");
    assertThat(seventh.statusId()).isNotNull();
    assertThat(seventh.purchasesCount()).isZero();

    f.client.customers().update(List.of(Customer.builder().id(seventh.id()).name("Renamed")
        .nextPrice(999L).build()));
    Customer renamed = f.client.customers().get(seventh.id()).orElseThrow();
    assertThat(renamed.name()).isEqualTo("Renamed");
    assertThat(renamed.nextPrice()).isEqualTo(999L);
    assertThat(renamed.contacts()).extracting(EntityLink::id).containsExactly(contact);

    assertThat(f.client.customers().get(1)).isEmpty(); // amoCRM's 404
  }

  @Test
  void amoCrmsValidationErrorsNameTheInputsAndNothingIsSaved() {
    assertThatThrownBy(() -> f.client.customers().add(List.of(
        Customer.builder().name("Fine").build(),
        Customer.builder().nextPrice(5L).build(),
        Customer.builder().name("Bad status").statusId(42L).build())))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::index,
                ValidationError::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(1, "name"),
                    org.assertj.core.groups.Tuple.tuple(2, "status_id")));
    assertThat(f.amo.storedCount("customers")).isZero();
  }

  @Test
  void statusesListAddUpdateDelete() {
    List<CustomerStatus> seeded = f.client.customers().statuses().stream().toList();
    assertThat(seeded).hasSize(3).filteredOn(s -> Boolean.TRUE.equals(s.isDefault())).hasSize(1);

    long id = f.client.customers().statuses().add(List.of(
        CustomerStatus.create("Loyal", 40, "#99ccff"))).get(0).id();
    assertThat(f.client.customers().statuses().get(id)).get()
        .extracting(CustomerStatus::name, CustomerStatus::color, CustomerStatus::type)
        .containsExactly("Loyal", "#99ccff", 0L);

    List<SaveResult> updated = f.client.customers().statuses().update(List.of(
        new CustomerStatus(id, "Very loyal", null, null, null, null, null)));
    assertThat(updated).extracting(SaveResult::id).containsExactly(id);
    assertThat(f.client.customers().statuses().get(id).orElseThrow().name())
        .isEqualTo("Very loyal");

    assertThatThrownBy(() -> f.client.customers().statuses().add(List.of(
        new CustomerStatus(null, " ", 50L, null, "#fff", null, null))))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::path)
                .containsExactly("name"));

    assertThat(f.client.customers().statuses().delete(id)).isTrue();
    assertThat(f.client.customers().statuses().delete(id)).isFalse();
    assertThat(f.client.customers().statuses().get(id)).isEmpty();
  }

  @Test
  void segmentsListAddUpdateDelete() {
    assertThat(f.client.customers().segments().stream()).isEmpty(); // none yet: 204
    List<SaveResult> made = f.client.customers().segments().add(List.of(
        CustomerSegment.create("Big spenders", "ae003f"),
        CustomerSegment.create("Newcomers", "99ccff")));
    assertThat(f.client.customers().segments().stream().toList())
        .extracting(CustomerSegment::name).containsExactly("Big spenders", "Newcomers");
    long id = made.get(1).id();
    f.client.customers().segments().update(List.of(
        new CustomerSegment(id, "New", null, null, null, null, null, null)));
    assertThat(f.client.customers().segments().get(id).orElseThrow())
        .extracting(CustomerSegment::name, CustomerSegment::color)
        .containsExactly("New", "99ccff");
    assertThatThrownBy(() -> f.client.customers().segments().add(List.of(
        new CustomerSegment(null, "No color", null, null, null, null, null, null))))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::path)
                .containsExactly("color"));
    assertThat(f.client.customers().segments().delete(id)).isTrue();
    assertThat(f.client.customers().segments().delete(id)).isFalse();
  }

  @Test
  void transactionsAddListDeleteAndMoveTheCustomersTotals() {
    long customer = f.client.customers().add(List.of(Customer.builder().name("Buyer").build()))
        .get(0).id();
    List<SaveResult> made = f.client.customers().transactions().add(customer, List.of(
        Transaction.of(1000),
        Transaction.of(500).withElements(List.of(CatalogElementRef.of(7001, 9001, 2)))));
    assertThat(made).hasSize(2).allSatisfy(r -> assertThat(r.id()).isPositive());

    Customer after = f.client.customers().get(customer).orElseThrow();
    assertThat(after.ltv()).isEqualTo(1500L);
    assertThat(after.purchasesCount()).isEqualTo(2L);
    assertThat(after.averageCheck()).isEqualTo(750L);

    List<Transaction> of = f.client.customers().transactions().of(customer).stream().toList();
    assertThat(of).extracting(Transaction::price).containsExactly(1000L, 500L);
    assertThat(of).allSatisfy(t -> assertThat(t.customerId()).isEqualTo(customer));
    assertThat(of.get(1).catalogElements()).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(9001L);
      assertThat(e.metadata().quantity()).isEqualTo(2L);
    });
    assertThat(f.client.customers().transactions().stream()).hasSize(2);

    assertThat(f.client.customers().transactions().delete(made.get(0).id())).isTrue();
    assertThat(f.client.customers().transactions().delete(made.get(0).id())).isFalse();
    assertThat(f.client.customers().transactions().of(customer).stream()).hasSize(1);

    assertThatThrownBy(() -> f.client.customers().transactions().add(customer, List.of(
        new Transaction(null, null, "no price", null, null, null, null, null, null, null, null,
            null, null, null))))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::path)
                .containsExactly("price"));
    assertThatThrownBy(() -> f.client.customers().transactions().add(1, List.of(
        Transaction.of(1))))
        .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> f.client.customers().transactions().of(1).stream().toList())
        .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void customersOffIsATypedErrorUntilTheModeTurnsThemOn() {
    f.amo.customersEnabled(false);
    assertThatThrownBy(() -> f.client.customers().stream().toList())
        .isInstanceOfSatisfying(CustomersDisabledException.class, e -> {
          assertThat(e.status()).isEqualTo(402);
          assertThat(e.getMessage()).contains("customers are off");
        });
    assertThatThrownBy(() -> f.client.customers().statuses().stream().toList())
        .isInstanceOfSatisfying(CustomersDisabledException.class,
            e -> assertThat(e.status()).isEqualTo(422));
    assertThatThrownBy(() -> f.client.customers().add(List.of(
        Customer.builder().name("x").build())))
        .isInstanceOf(CustomersDisabledException.class);
    // A 402 elsewhere is still the account's unpaid answer, not customers'.
    f.amo.requirePayment(true);
    assertThatThrownBy(() -> f.client.leads().stream().toList())
        .isInstanceOfSatisfying(AmoCrmHttpException.class,
            e -> assertThat(e).isNotInstanceOf(CustomersDisabledException.class));
    f.amo.requirePayment(false);

    assertThatThrownBy(() -> f.client.customers().mode(new CustomersMode("weekly", true)))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.validationErrors()).extracting(ValidationError::path)
                .containsExactly("mode"));
    assertThat(f.client.customers().mode(CustomersMode.segments(true)))
        .isEqualTo(CustomersMode.segments(true));
    assertThat(f.client.customers().stream()).isEmpty();
    assertThat(f.client.raw().get("account").asMap().get("customers_mode")).isEqualTo("segments");
  }
}
