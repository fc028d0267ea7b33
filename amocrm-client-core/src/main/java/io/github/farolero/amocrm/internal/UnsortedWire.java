package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.FormMetadata;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.NewUnsorted;
import io.github.farolero.amocrm.model.SipMetadata;
import io.github.farolero.amocrm.model.UnsortedLead;
import io.github.farolero.amocrm.model.UnsortedMetadata;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
      @Nullable MetadataJson metadata,
      @Json(name = "request_id") @Nullable Object requestId,
      @Json(name = "_embedded") @Nullable Embedded embedded) {}

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
      @Json(name = "is_call_event_needed") @Nullable Boolean isCallEventNeeded) {}

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

  /** Reads an unsorted lead into the model; writing one is not a thing amoCRM takes. */
  static final JsonAdapter<UnsortedLead> MODEL = new JsonAdapter<>() {
    @Override
    public @Nullable UnsortedLead fromJson(JsonReader reader) throws IOException {
      UnsortedJson j = JSON.fromJson(reader);
      return j == null ? null : model(j);
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable UnsortedLead value) {
      throw new UnsupportedOperationException("an unsorted lead is not written back");
    }
  };

  static UnsortedLead model(UnsortedJson j) {
    Embedded e = j.embedded();
    return new UnsortedLead(j.uid(), j.sourceUid(), j.sourceName(), j.category(), j.pipelineId(),
        j.createdAt(), j.accountId(), metadata(j.category(), j.metadata()),
        e == null ? null : e.leads(), e == null ? null : e.contacts(),
        e == null ? null : e.companies());
  }

  private static @Nullable UnsortedMetadata metadata(@Nullable String category,
      @Nullable MetadataJson m) {
    if (m == null || category == null) {
      return null;
    }
    return switch (category) {
      case "forms" -> new FormMetadata(m.formId(), m.formName(), m.formPage(), m.ip(),
          m.formSentAt(), m.referer());
      case "sip" -> new SipMetadata(m.from(), m.phone(), m.calledAt(), m.duration(), m.link(),
          m.serviceCode(), m.uniq(), m.isCallEventNeeded());
      default -> null;
    };
  }

  static NewJson write(NewUnsorted u) {
    MetadataJson m;
    if (u.metadata() instanceof FormMetadata f) {
      m = new MetadataJson(f.formId(), f.formName(), f.formPage(), f.ip(), f.formSentAt(),
          f.referer(), null, null, null, null, null, null, null, null);
    } else {
      SipMetadata s = (SipMetadata) u.metadata();
      m = new MetadataJson(null, null, null, null, null, null, s.from(), s.phone(), s.calledAt(),
          s.duration(), s.link(), s.serviceCode(), s.uniq(), s.isCallEventNeeded());
    }
    return new NewJson(u.sourceName(), u.sourceUid(), u.pipelineId(), u.createdAt(), m,
        new Embedded(u.leads(), u.contacts(), u.companies()));
  }
}
