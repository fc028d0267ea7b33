package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.AccountWith;
import io.github.farolero.amocrm.api.Calls;
import io.github.farolero.amocrm.api.Catalogs;
import io.github.farolero.amocrm.api.CustomFields;
import io.github.farolero.amocrm.api.Customers;
import io.github.farolero.amocrm.api.Entities;
import io.github.farolero.amocrm.api.Events;
import io.github.farolero.amocrm.api.Leads;
import io.github.farolero.amocrm.api.Links;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Notes;
import io.github.farolero.amocrm.api.Pipelines;
import io.github.farolero.amocrm.api.RawRequests;
import io.github.farolero.amocrm.api.Roles;
import io.github.farolero.amocrm.api.Tags;
import io.github.farolero.amocrm.api.Unsorted;
import io.github.farolero.amocrm.api.Users;
import io.github.farolero.amocrm.api.Webhooks;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Task;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/** Every service of one client, made once. Thread-safe. */
public final class ApiServices {

  public final Leads leads;
  public final Entities<Contact> contacts;
  public final Entities<Company> companies;
  public final Entities<Task> tasks;
  public final Pipelines pipelines;
  public final Users users;
  public final Events events;
  public final RawRequests raw;
  public final Webhooks webhooks;
  public final Unsorted unsorted;
  public final Calls calls;
  public final Catalogs catalogs;
  public final Roles roles;
  public final Links links;
  public final Customers customers;
  private final Map<EntityType, Notes> notes = new EnumMap<>(EntityType.class);
  private final Map<EntityType, CustomFields> customFields = new EnumMap<>(EntityType.class);
  private final Map<EntityType, Tags> tags = new EnumMap<>(EntityType.class);
  private final ApiTransport transport;
  private final JsonAdapter<Account> accountAdapter = ModelJson.adapter(Account.class);
  private final HttpUrl accountUrl;

  public ApiServices(ApiTransport t) {
    transport = t;
    leads = new LeadsImpl(t);
    contacts = new EntitiesImpl<>(t, "contacts", Contact.class, Contact::id);
    companies = new EntitiesImpl<>(t, "companies", Company.class, Company::id);
    tasks = new EntitiesImpl<>(t, "tasks", Task.class, Task::id);
    pipelines = new PipelinesImpl(t);
    raw = new RawRequestsImpl(t);
    accountUrl = t.url("account"); // built once: the hot path's one URL
    users = new UsersImpl(t);
    events = new EventsImpl(t);
    webhooks = new WebhooksImpl(t);
    unsorted = new UnsortedImpl(t);
    calls = new CallsImpl(t);
    catalogs = new CatalogsImpl(t);
    roles = new RolesImpl(t);
    links = new LinksImpl(t);
    customers = new CustomersImpl(t);
    for (EntityType type : EntityType.values()) {
      notes.put(type, new NotesImpl(t, type));
      customFields.put(type, new CustomFieldsImpl(t, type));
      tags.put(type, new TagsImpl(t, type));
    }
  }

  /** {@code GET /api/v4/account}. */
  public Account account() {
    Account account = transport.get(accountUrl, accountAdapter);
    if (account == null) {
      throw new AmoCrmException("amoCRM answered GET /api/v4/account without a body");
    }
    return account;
  }

  /**
   * {@code GET /api/v4/account?with=…}: the account with the details asked for. With none, the
   * same as {@link #account()}.
   */
  public Account account(Collection<AccountWith> with) {
    if (with.isEmpty()) {
      return account();
    }
    String value = with.stream().distinct().sorted().map(AccountWith::value)
        .collect(Collectors.joining(","));
    HttpUrl url = accountUrl.newBuilder().addQueryParameter("with", value).build();
    Account account = transport.executeSource("GET", url, null, ApiTransport.MAX_BODY,
        AccountReader::read);
    if (account == null) {
      throw new AmoCrmException("amoCRM answered GET /api/v4/account without a body");
    }
    return account;
  }

  /**
   * Returns the services of a view acting as a user: the same transport (client, limiter, tokens)
   * with the {@code X-Context-User-ID} header on every request.
   */
  public ApiServices withContextUser(long userId) {
    return new ApiServices(transport.withHeader(ApiTransport.CONTEXT_USER,
        Long.toString(userId)));
  }

  public Notes notes(EntityType type) {
    return notes.get(type);
  }

  public CustomFields customFields(EntityType type) {
    return customFields.get(type);
  }

  public Tags tags(EntityType type) {
    return tags.get(type);
  }
}
