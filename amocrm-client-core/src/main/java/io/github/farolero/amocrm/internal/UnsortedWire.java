package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.FormMetadata;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.NewUnsorted;
import io.github.farolero.amocrm.model.OtherMetadata;
import io.github.farolero.amocrm.model.SipMetadata;
import io.github.farolero.amocrm.model.UnsortedLead;
import io.github.farolero.amocrm.model.UnsortedMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of {@code /api/v4/leads/unsorted}, and their mapping to the models. */
final class UnsortedWire {
  private UnsortedWire() {}

  /** An unsorted lead as amoCRM sends it (list, get, and the answers to add/accept/decline). */
  public record UnsortedJson(
      @Nullable String uid,
      @Json(name = "source_uid") @Nullable String sourceUid,
      @Json(name = "source_name") @Nullable String sourceName,
      @Nullable String category,
      @Json(name = "pipeline_id") @Nullable Long pipelineId,
      @Json(name = "created_at") @Nullable Instant createdAt,
      @Json(name = "account_id") @Nullable Long accountId,
      @Nullable RawObject metadata,
      @Json(name = "request_id") @Nullable Object requestId,
      @Json(name = "_embedded") @Nullable Embedded embedded,
      @Nullable Extras extras) {}

  /** A JSON object kept as its keys' JSON texts (the metadata, whatever its category). */
  public record RawObject(@Nullable Extras extras) {}

  /** The metadata of forms and calls in one shape: the category says which fields count. */
  public record MetadataJson(
      @Json(name = "form_id") @Nullable String formId,
      @Json(name = "form_name") @Nullable String formName,
      @Json(name = "form_page") @Nullable String formPage,
      @Nullable String ip,
      @Json(name = "form_sent_at") @Nullable Instant formSentAt,
      @Nullable String referer,
      @Nullable String from,
      @Nullable String phone,
      @Json(name = "called_at") @Nullable Instant calledAt,
      @Nullable Long duration,
      @Nullable String link,
      @Json(name = "service_code") @Nullable String serviceCode,
      @Nullable String uniq,
      @Json(name = "is_call_event_needed") @Nullable Boolean isCallEventNeeded,
      @Nullable Extras extras) {}

  /** The keys of a form's metadata. */
  static final Set<String> FORM_KEYS =
      Set.of("form_id", "form_name", "form_page", "ip", "form_sent_at", "referer");

  /** The keys of a call's metadata. */
  static final Set<String> SIP_KEYS = Set.of("from", "phone", "called_at", "duration", "link",
      "service_code", "uniq", "is_call_event_needed");

  /** The {@code _embedded} of an unsorted lead. */
  public record Embedded(
      @Nullable List<Lead> leads,
      @Nullable List<Contact> contacts,
      @Nullable List<Company> companies) {}

  /** One item of {@code POST /api/v4/leads/unsorted/forms|sip}. */
  public record NewJson(
      @Json(name = "source_name") String sourceName,
      @Json(name = "source_uid") String sourceUid,
      @Json(name = "pipeline_id") @Nullable Long pipelineId,
      @Json(name = "created_at") @Nullable Instant createdAt,
      MetadataJson metadata,
      @Json(name = "_embedded") Embedded embedded) {}

  /** The body of accept and decline. */
  public record UserStatus(
      @Json(name = "user_id") @Nullable Long userId,
      @Json(name = "status_id") @Nullable Long statusId) {}

  /** The body of link. */
  public record LinkBody(@Json(name = "user_id") @Nullable Long userId, LinkTo link) {}

  /** What an unsorted lead is linked to. */
  public record LinkTo(
      @Json(name = "entity_id") long entityId,
      @Json(name = "entity_type") String entityType) {}

  /** The summary. */
  public record SummaryJson(
      @Nullable Long total,
      @Nullable Long accepted,
      @Nullable Long declined,
      @Json(name = "average_sort_time") @Nullable Long averageSortTime,
      @Nullable Map<String, CategoryJson> categories) {}

  /** One category of the summary. */
  public record CategoryJson(@Nullable Long total) {}

  static final JsonAdapter<UnsortedJson> JSON = ModelJson.adapter(UnsortedJson.class);

  static final JsonAdapter<MetadataJson> METADATA = ModelJson.adapter(MetadataJson.class);

  static final JsonAdapter<RawObject> RAW = ModelJson.adapter(RawObject.class);

  /**
   * Reads an unsorted lead into the model, and writes one back as read (amoCRM takes no unsorted
   * lead in this shape: adding one is {@link #write}).
   */
  static final JsonAdapter<UnsortedLead> MODEL = new JsonAdapter<>() {
    @Override
    public @Nullable UnsortedLead fromJson(JsonReader reader) throws IOException {
      UnsortedJson j = JSON.fromJson(reader);
      return j == null ? null : model(j);
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable UnsortedLead value) throws IOException {
      if (value == null) {
        writer.nullValue();
        return;
      }
      boolean embedded = !value.leads().isEmpty() || !value.contacts().isEmpty()
          || !value.companies().isEmpty();
      JSON.toJson(writer, new UnsortedJson(value.uid().isEmpty() ? null : value.uid(),
          value.sourceUid(), value.sourceName(), value.category(), value.pipelineId(),
          value.createdAt(), value.accountId(), raw(value.metadata()), null,
          embedded ? new Embedded(value.leads().isEmpty() ? null : value.leads(),
              value.contacts().isEmpty() ? null : value.contacts(),
              value.companies().isEmpty() ? null : value.companies()) : null,
          value.extras()));
    }
  };

  static UnsortedLead model(UnsortedJson j) {
    Embedded e = j.embedded();
    return new UnsortedLead(j.uid(), j.sourceUid(), j.sourceName(), j.category(), j.pipelineId(),
        j.createdAt(), j.accountId(), metadata(j.category(), j.metadata()),
        e == null ? null : e.leads(), e == null ? null : e.contacts(),
        e == null ? null : e.companies(), j.extras());
  }

  private static @Nullable UnsortedMetadata metadata(@Nullable String category,
      @Nullable RawObject raw) {
    if (raw == null || category == null) {
      return null;
    }
    Extras keys = raw.extras() == null ? Extras.none() : raw.extras();
    if (!category.equals("forms") && !category.equals("sip")) {
      return new OtherMetadata(category, keys); // kept raw: nothing of it is lost
    }
    MetadataJson m;
    try {
      m = METADATA.fromJson(RAW.toJson(raw));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // text this library wrote itself
    }
    if (m == null) {
      return null;
    }
    return category.equals("forms")
        ? new FormMetadata(m.formId(), m.formName(), m.formPage(), m.ip(), m.formSentAt(),
            m.referer(), without(keys, FORM_KEYS))
        : new SipMetadata(m.from(), m.phone(), m.calledAt(), m.duration(), m.link(),
            m.serviceCode(), m.uniq(), m.isCallEventNeeded(), without(keys, SIP_KEYS));
  }

  /** The keys other than these; null when none are left. */
  private static @Nullable Extras without(Extras keys, Set<String> typed) {
    Map<String, String> rest = new LinkedHashMap<>(keys.asMap());
    rest.keySet().removeAll(typed);
    return rest.isEmpty() ? null : Extras.of(rest);
  }

  /** The metadata as a raw object, to write an unsorted lead back as read. */
  private static @Nullable RawObject raw(@Nullable UnsortedMetadata metadata) {
    if (metadata == null) {
      return null;
    }
    if (metadata instanceof OtherMetadata o) {
      return new RawObject(o.fields().isEmpty() ? null : o.fields());
    }
    try {
      return RAW.fromJson(METADATA.toJson(json(metadata)));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // text this library wrote itself
    }
  }

  private static MetadataJson json(UnsortedMetadata metadata) {
    if (metadata instanceof FormMetadata f) {
      return new MetadataJson(f.formId(), f.formName(), f.formPage(), f.ip(), f.formSentAt(),
          f.referer(), null, null, null, null, null, null, null, null, f.extras());
    }
    if (metadata instanceof SipMetadata s) {
      return new MetadataJson(null, null, null, null, null, null, s.from(), s.phone(),
          s.calledAt(), s.duration(), s.link(), s.serviceCode(), s.uniq(), s.isCallEventNeeded(),
          s.extras());
    }
    throw new IllegalArgumentException("only forms and sip unsorted leads can be added, not "
        + metadata.category());
  }

  static NewJson write(NewUnsorted u) {
    MetadataJson m = json(u.metadata());
    return new NewJson(u.sourceName(), u.sourceUid(), u.pipelineId(), u.createdAt(), m,
        new Embedded(u.leads(), u.contacts(), u.companies()));
  }
}
