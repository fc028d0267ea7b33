package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Customer;
import io.github.farolero.amocrm.model.CustomerSegment;
import io.github.farolero.amocrm.model.CustomerStatus;
import io.github.farolero.amocrm.model.CustomersMode;

/**
 * Customers ({@code /api/v4/customers}): everything of {@link Entities} (list with
 * {@code with=contacts,companies,segments,catalog_elements}, get, add, update in requests of 50),
 * their statuses, segments and transactions, and the account's customers mode.
 *
 * <pre>{@code
 * client.customers().mode(CustomersMode.periodicity(true));
 * long id = client.customers().add(List.of(Customer.builder().name("Coffee club").build()))
 *     .get(0).id();
 * client.customers().transactions().add(id, List.of(Transaction.of(1500)));
 * }</pre>
 *
 * <p>While the account has customers off, amoCRM refuses these requests: a
 * {@link io.github.farolero.amocrm.error.CustomersDisabledException}. Thread-safe.
 */
public interface Customers extends Entities<Customer> {

  /**
   * Returns the customers' statuses (periodicity mode): {@code /api/v4/customers/statuses}.
   *
   * @return the statuses
   */
  Editable<CustomerStatus> statuses();

  /**
   * Returns the customers' segments (segments mode): {@code /api/v4/customers/segments}.
   *
   * @return the segments
   */
  Editable<CustomerSegment> segments();

  /**
   * Returns the customers' transactions (purchases).
   *
   * @return the transactions
   */
  Transactions transactions();

  /**
   * Turns customers on or off and sets their mode: {@code PATCH /api/v4/customers/mode}. Only an
   * administrator may.
   *
   * @param mode the mode and whether customers are on
   * @return the mode amoCRM answered
   * @throws IllegalArgumentException if the mode or the flag is null
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused it
   * @throws io.github.farolero.amocrm.error.CustomersDisabledException if the tariff does not
   *     include customers (402)
   */
  CustomersMode mode(CustomersMode mode);
}
