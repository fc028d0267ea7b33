package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Unsorted;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.FormMetadata;
import io.github.farolero.amocrm.model.NewUnsorted;
import io.github.farolero.amocrm.model.SipMetadata;
import io.github.farolero.amocrm.model.UnsortedLead;
import io.github.farolero.amocrm.model.UnsortedMetadata;
import io.github.farolero.amocrm.model.UnsortedSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** {@code /api/v4/leads/unsorted}. Thread-safe. */
final class UnsortedImpl extends PagedListing<UnsortedLead> implements Unsorted {

  private static final JsonAdapter<UnsortedWire.NewJson> NEW =
      ModelJson.adapter(UnsortedWire.NewJson.class);
  private static final JsonAdapter<UnsortedWire.UserStatus> USER_STATUS =
      ModelJson.adapter(UnsortedWire.UserStatus.class);
  private static final JsonAdapter<UnsortedWire.LinkBody> LINK =
      ModelJson.adapter(UnsortedWire.LinkBody.class);
  private static final JsonAdapter<UnsortedWire.SummaryJson> SUMMARY =
      ModelJson.adapter(UnsortedWire.SummaryJson.class);

  UnsortedImpl(ApiTransport transport) {
    super(transport, "leads/unsorted", "unsorted", UnsortedWire.MODEL, 250);
  }

  @Override
  public Optional<UnsortedLead> get(String uid) {
    return transport.find(url(uid, null), UnsortedWire.MODEL);
  }

  @Override
  public List<UnsortedLead> addForms(List<NewUnsorted> items) {
    return add("forms", FormMetadata.class, items);
  }

  @Override
  public List<UnsortedLead> addSip(List<NewUnsorted> items) {
    return add("sip", SipMetadata.class, items);
  }

  private List<UnsortedLead> add(String category, Class<? extends UnsortedMetadata> kind,
      List<NewUnsorted> items) {
    Objects.requireNonNull(items, "items == null");
    for (int i = 0; i < items.size(); i++) {
      NewUnsorted u = Objects.requireNonNull(items.get(i), "items[" + i + "] == null");
      if (!kind.isInstance(u.metadata())) {
        throw new IllegalArgumentException("items[" + i + "] has " + u.metadata().category()
            + " metadata; leads/unsorted/" + category + " takes " + kind.getSimpleName());
      }
    }
    HttpUrl url = transport.url("leads/unsorted/" + category);
    return Batches.send(transport, "POST", url, items, UnsortedImpl::jsonArray,
        body -> HalPage.read(body, "unsorted", UnsortedWire.JSON).items(),
        UnsortedWire.UnsortedJson::requestId, (index, j) -> UnsortedWire.model(j));
  }

  private static String jsonArray(List<NewUnsorted> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(NEW.toJson(UnsortedWire.write(items.get(i))));
    }
    return sb.append(']').toString();
  }

  @Override
  public UnsortedLead accept(String uid, @Nullable Long userId, @Nullable Long statusId) {
    return action("POST", uid, "accept",
        USER_STATUS.toJson(new UnsortedWire.UserStatus(userId, statusId)));
  }

  @Override
  public UnsortedLead decline(String uid, @Nullable Long userId) {
    return action("DELETE", uid, "decline",
        USER_STATUS.toJson(new UnsortedWire.UserStatus(userId, null)));
  }

  @Override
  public UnsortedLead link(String uid, long leadId, @Nullable Long userId) {
    return action("POST", uid, "link", LINK.toJson(
        new UnsortedWire.LinkBody(userId, new UnsortedWire.LinkTo(leadId, "leads"))));
  }

  private UnsortedLead action(String method, String uid, String action, String json) {
    HttpUrl url = url(uid, action);
    UnsortedLead answer = transport.executeSource(method, url, json, ApiTransport.MAX_BODY,
        UnsortedWire.MODEL::fromJson);
    if (answer == null) {
      throw new InvalidResponseException("amoCRM answered " + method + " " + url.encodedPath()
          + " without a body");
    }
    return answer;
  }

  @Override
  public UnsortedSummary summary(ListRequest filter) {
    Objects.requireNonNull(filter, "filter == null");
    HttpUrl.Builder b = transport.url("leads/unsorted/summary").newBuilder();
    for (Map.Entry<String, String> e : filter.queryParameters()) {
      if (e.getKey().startsWith("filter[")) {
        b.addQueryParameter(e.getKey(), e.getValue());
      }
    }
    UnsortedWire.SummaryJson s = transport.get(b.build(), SUMMARY);
    if (s == null) {
      return new UnsortedSummary(0, 0, 0, null, Map.of());
    }
    Map<String, Long> categories = new HashMap<>();
    if (s.categories() != null) {
      s.categories().forEach((k, v) -> {
        if (k != null && v != null && v.total() != null) {
          categories.put(k, v.total());
        }
      });
    }
    return new UnsortedSummary(orZero(s.total()), orZero(s.accepted()), orZero(s.declined()),
        s.averageSortTime(), categories);
  }

  private static long orZero(@Nullable Long v) {
    return v == null ? 0 : v;
  }

  private HttpUrl url(String uid, @Nullable String action) {
    Objects.requireNonNull(uid, "uid == null");
    if (uid.isBlank()) {
      throw new IllegalArgumentException("uid is blank");
    }
    HttpUrl.Builder b = transport.url("leads/unsorted").newBuilder().addPathSegment(uid);
    return (action == null ? b : b.addPathSegment(action)).build();
  }
}
