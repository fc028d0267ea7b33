package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.api.ComplexLeadResult;
import io.github.farolero.amocrm.api.Leads;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.ComplexLead;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSink;

/** Leads, with {@code leads/complex}. Thread-safe. */
final class LeadsImpl extends EntitiesImpl<Lead> implements Leads {

  private static final JsonAdapter<List<WireRecords.ComplexSaved>> COMPLEX_SAVED =
      ModelJson.moshi().adapter(
          Types.newParameterizedType(List.class, WireRecords.ComplexSaved.class));

  private static final JsonAdapter<Contact> CONTACT = ModelJson.adapter(Contact.class);
  private static final JsonAdapter<Company> COMPANY = ModelJson.adapter(Company.class);
  private static final JsonAdapter<Extras> METADATA = ModelJson.adapter(Extras.class);

  LeadsImpl(ApiTransport transport) {
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
        WireRecords.ComplexSaved::requestId, c -> c.lead().requestId(),
        (index, s) -> new ComplexLeadResult(index, s.id() == null ? 0 : s.id(), s.contactId(),
            s.companyId(), Boolean.TRUE.equals(s.merged())));
  }

  /**
   * The leads' JSON with each one's new contact and company (and metadata) under
   * {@code _embedded}. Streamed
   * from the models' own JSON, token by token: a detour through Moshi's JSON values (maps and
   * lists) turned every number into a double (10000000 went out as {@code 1.0E7}, long numbers
   * lost digits) and dropped the {@code "values": null} that clears a custom field.
   */
  private String complexJson(List<ComplexLead> chunk) {
    Buffer out = new Buffer();
    try (JsonWriter w = JsonWriter.of(out)) {
      w.beginArray();
      for (ComplexLead c : chunk) {
        writeComplex(w, c);
      }
      w.endArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return out.readUtf8();
  }

  private void writeComplex(JsonWriter w, ComplexLead c) throws IOException {
    JsonReader lead = JsonReader.of(new Buffer().writeUtf8(
        WriteJson.entity(adapter.toJson(c.lead()))));
    boolean linked = c.contact() != null || c.company() != null || c.metadata() != null;
    boolean embedded = false;
    lead.beginObject();
    w.beginObject();
    while (lead.hasNext()) {
      String name = lead.nextName();
      if (name.equals("_embedded") && lead.peek() == JsonReader.Token.BEGIN_OBJECT) {
        embedded = true;
        w.name(name).beginObject();
        lead.beginObject();
        while (lead.hasNext()) {
          String key = lead.nextName();
          if ((key.equals("contacts") && c.contact() != null)
              || (key.equals("companies") && c.company() != null)
              || (key.equals("metadata") && c.metadata() != null)) {
            lead.skipValue(); // the new one replaces links to existing ones
          } else {
            w.name(key);
            WriteJson.copyValue(lead, w);
          }
        }
        lead.endObject();
        writeLinked(w, c);
        w.endObject();
      } else {
        w.name(name);
        WriteJson.copyValue(lead, w);
      }
    }
    lead.endObject();
    if (!embedded && linked) {
      w.name("_embedded").beginObject();
      writeLinked(w, c);
      w.endObject();
    }
    w.endObject();
  }

  private static void writeLinked(JsonWriter w, ComplexLead c) throws IOException {
    if (c.contact() != null) {
      w.name("contacts").beginArray();
      writeRaw(w, WriteJson.entity(CONTACT.toJson(c.contact())));
      w.endArray();
    }
    if (c.company() != null) {
      w.name("companies").beginArray();
      writeRaw(w, WriteJson.entity(COMPANY.toJson(c.company())));
      w.endArray();
    }
    if (c.metadata() != null) {
      w.name("metadata");
      writeRaw(w, METADATA.toJson(c.metadata()));
    }
  }

  private static void writeRaw(JsonWriter w, String json) throws IOException {
    try (BufferedSink sink = w.valueSink()) {
      sink.writeUtf8(json);
    }
  }
}
