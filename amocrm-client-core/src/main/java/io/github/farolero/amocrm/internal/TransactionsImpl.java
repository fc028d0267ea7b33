package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.api.Transactions;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.model.Transaction;
import java.util.List;
import java.util.Objects;

/** {@code /api/v4/customers/transactions} and {@code customers/{id}/transactions}. */
final class TransactionsImpl extends PagedListing<Transaction> implements Transactions {

  TransactionsImpl(ApiTransport transport) {
    super(transport, "customers/transactions", "transactions",
        ModelJson.adapter(Transaction.class), 250);
  }

  @Override
  public Listing<Transaction> of(long customerId) {
    return new PagedListing<>(transport, "customers/" + customerId + "/transactions",
        "transactions", adapter, 250);
  }

  @Override
  public List<SaveResult> add(long customerId, List<Transaction> transactions) {
    Objects.requireNonNull(transactions, "transactions == null");
    for (int i = 0; i < transactions.size(); i++) {
      Transaction t = Objects.requireNonNull(transactions.get(i),
          "transactions[" + i + "] == null");
      if (t.id() != null) {
        throw new IllegalArgumentException("transactions[" + i + "] has an id (" + t.id()
            + "): amoCRM does not update transactions");
      }
    }
    return Batches.save(transport, "POST",
        transport.url("customers/" + customerId + "/transactions"), "transactions",
        transactions, adapter, WriteJson::transaction);
  }

  @Override
  public boolean delete(long transactionId) {
    try {
      transport.execute("DELETE", transport.url("customers/transactions/" + transactionId), null,
          body -> null);
      return true;
    } catch (AmoCrmHttpException e) {
      if (e.status() == 404 && !(e instanceof OAuthException)) {
        return false;
      }
      throw e;
    }
  }
}
