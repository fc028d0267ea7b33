package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.Transaction;
import java.util.List;

/**
 * Customers' purchases: every transaction of the account ({@code GET
 * /api/v4/customers/transactions}, as this {@link Listing}), one customer's, add and delete.
 * Thread-safe.
 */
public interface Transactions extends Listing<Transaction> {

  /**
   * Lists one customer's transactions: {@code GET /api/v4/customers/{id}/transactions}.
   *
   * @param customerId the customer
   * @return its transactions; a 404 from the listing for a customer amoCRM does not have
   */
  Listing<Transaction> of(long customerId);

  /**
   * Adds transactions to a customer: {@code POST /api/v4/customers/{id}/transactions}, in
   * requests of at most 50.
   *
   * @param customerId the customer
   * @param transactions any number, without ids
   * @return one result per input, in order, with the new ids
   * @throws IllegalArgumentException if a transaction has an id
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  List<SaveResult> add(long customerId, List<Transaction> transactions);

  /**
   * Deletes a transaction: {@code DELETE /api/v4/customers/transactions/{id}}.
   *
   * @param transactionId its id
   * @return true if it was deleted, false if amoCRM has none with that id (404)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  boolean delete(long transactionId);
}
