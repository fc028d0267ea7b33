package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Customers;
import io.github.farolero.amocrm.api.Editable;
import io.github.farolero.amocrm.api.Transactions;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.Customer;
import io.github.farolero.amocrm.model.CustomerSegment;
import io.github.farolero.amocrm.model.CustomerStatus;
import io.github.farolero.amocrm.model.CustomersMode;
import java.util.Objects;
import okhttp3.HttpUrl;

/** {@code /api/v4/customers} with its statuses, segments, transactions and mode. Thread-safe. */
final class CustomersImpl extends EntitiesImpl<Customer> implements Customers {

  private static final JsonAdapter<CustomersMode> MODE = ModelJson.adapter(CustomersMode.class);

  private final Editable<CustomerStatus> statuses;
  private final Editable<CustomerSegment> segments;
  private final Transactions transactions;

  CustomersImpl(ApiTransport transport) {
    super(transport, "customers", Customer.class, Customer::id);
    statuses = new EditableImpl<>(transport, "customers/statuses", "statuses",
        CustomerStatus.class, CustomerStatus::id);
    segments = new EditableImpl<>(transport, "customers/segments", "segments",
        CustomerSegment.class, CustomerSegment::id);
    transactions = new TransactionsImpl(transport);
  }

  @Override
  public Editable<CustomerStatus> statuses() {
    return statuses;
  }

  @Override
  public Editable<CustomerSegment> segments() {
    return segments;
  }

  @Override
  public Transactions transactions() {
    return transactions;
  }

  @Override
  public CustomersMode mode(CustomersMode mode) {
    Objects.requireNonNull(mode, "mode == null");
    if (mode.mode() == null || mode.enabled() == null) {
      throw new IllegalArgumentException("amoCRM needs both mode and is_enabled: " + mode);
    }
    HttpUrl url = transport.url("customers/mode");
    CustomersMode answer = transport.execute("PATCH", url, MODE.toJson(mode), MODE::fromJson);
    if (answer == null) {
      throw new InvalidResponseException("amoCRM answered PATCH " + url.encodedPath()
          + " without the mode");
    }
    return answer;
  }
}
