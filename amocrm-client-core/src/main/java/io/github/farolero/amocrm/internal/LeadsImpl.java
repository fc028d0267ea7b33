package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.api.ComplexLeadResult;
import io.github.farolero.amocrm.api.Leads;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Lead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Leads, with {@code leads/complex}. Thread-safe. */
public final class LeadsImpl extends EntitiesImpl<Lead> implements Leads {

  private static final JsonAdapter<List<WireRecords.ComplexSaved>> COMPLEX_SAVED =
      ModelJson.moshi().adapter(
          Types.newParameterizedType(List.class, WireRecords.ComplexSaved.class));
  private static final JsonAdapter<Object> ANY = ModelJson.moshi().adapter(Object.class);

  private final JsonAdapter<Lead> leadAdapter = ModelJson.adapter(Lead.class);
  private final JsonAdapter<Contact> contactAdapter = ModelJson.adapter(Contact.class);
  private final JsonAdapter<Company> companyAdapter = ModelJson.adapter(Company.class);

  public LeadsImpl(ApiTransport transport) {
    super(transport, "leads", Lead.class, Lead::id);
  }

  @Override
  public List<ComplexLeadResult> addComplex(List<ComplexLead> leads) {
    Objects.requireNonNull(leads, "leads == null");
    for (int i = 0; i < leads.size(); i++) {
      ComplexLead c = Objects.requireNonNull(leads.get(i), "leads[" + i + "] == null");
      if (c.lead().id() != null) {
        throw new IllegalArgumentException("leads[" + i + "] has an id: complex add creates");
      }
    }
    return Batches.send(transport, "POST", transport.url("leads/complex"), leads,
        this::complexJson,
        COMPLEX_SAVED::fromJson,
        WireRecords.ComplexSaved::requestId,
        (index, s) -> new ComplexLeadResult(index, s.id() == null ? 0 : s.id(), s.contactId(),
            s.companyId(), Boolean.TRUE.equals(s.merged())));
  }

  /** The lead's JSON with the new contact and company added under {@code _embedded}. */
  private String complexJson(List<ComplexLead> chunk) {
    List<Object> out = new ArrayList<>();
    for (ComplexLead c : chunk) {
      Map<String, Object> lead = asMap(leadAdapter.toJsonValue(c.lead()));
      Map<String, Object> embedded = asMap(lead.getOrDefault("_embedded", new LinkedHashMap<>()));
      if (c.contact() != null) {
        embedded.put("contacts", List.of(contactAdapter.toJsonValue(c.contact())));
      }
      if (c.company() != null) {
        embedded.put("companies", List.of(companyAdapter.toJsonValue(c.company())));
      }
      if (!embedded.isEmpty()) {
        lead.put("_embedded", embedded);
      }
      out.add(lead);
    }
    return ANY.toJson(out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return new LinkedHashMap<>((Map<String, Object>) o);
  }
}
