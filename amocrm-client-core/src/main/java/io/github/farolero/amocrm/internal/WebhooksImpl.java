package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Webhooks;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.WebhookSubscription;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/** {@code /api/v4/webhooks}. Thread-safe. */
final class WebhooksImpl implements Webhooks {

  /** A list of subscriptions is short (amoCRM caps them per account); 1 MiB is plenty. */
  private static final long MAX_BODY = 1L << 20;

  private static final JsonAdapter<WebhookSubscription> ADAPTER =
      ModelJson.adapter(WebhookSubscription.class);
  private static final JsonAdapter<WireRecords.WebhookSubscribe> SUBSCRIBE =
      ModelJson.adapter(WireRecords.WebhookSubscribe.class);
  private static final JsonAdapter<WireRecords.WebhookDestination> UNSUBSCRIBE =
      ModelJson.adapter(WireRecords.WebhookDestination.class);

  private final ApiTransport transport;
  private final HttpUrl url;

  WebhooksImpl(ApiTransport transport) {
    this.transport = transport;
    this.url = transport.url("webhooks");
  }

  @Override
  public List<WebhookSubscription> list() {
    return fetch(url);
  }

  @Override
  public List<WebhookSubscription> list(String destination) {
    requireDestination(destination);
    return fetch(url.newBuilder().addQueryParameter("filter[destination]", destination).build());
  }

  private List<WebhookSubscription> fetch(HttpUrl u) {
    HalPage<WebhookSubscription> page = transport.executeSource("GET", u, null, MAX_BODY,
        body -> HalPage.read(body, "webhooks", ADAPTER));
    return page == null ? List.of() : List.copyOf(page.items());
  }

  @Override
  public WebhookSubscription subscribe(String destination, List<String> settings) {
    requireDestination(destination);
    if (HttpUrl.parse(destination) == null) {
      throw new IllegalArgumentException("destination is not an absolute http(s) URL: "
          + destination);
    }
    Objects.requireNonNull(settings, "settings == null");
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("settings is empty: subscribe to at least one event,"
          + " such as add_lead");
    }
    for (int i = 0; i < settings.size(); i++) {
      String s = Objects.requireNonNull(settings.get(i), "settings[" + i + "] == null");
      if (s.isBlank()) {
        throw new IllegalArgumentException("settings[" + i + "] is blank");
      }
    }
    String json = SUBSCRIBE.toJson(new WireRecords.WebhookSubscribe(destination,
        List.copyOf(settings)));
    // The answer is the subscription as a bare object, not a HAL list.
    WebhookSubscription made = transport.executeSource("POST", url, json, MAX_BODY,
        ADAPTER::fromJson);
    if (made == null) {
      throw new InvalidResponseException("amoCRM answered POST " + url.encodedPath()
          + " without the subscription it made");
    }
    return made;
  }

  @Override
  public boolean unsubscribe(String destination) {
    requireDestination(destination);
    try {
      String json = UNSUBSCRIBE.toJson(new WireRecords.WebhookDestination(destination));
      transport.executeSource("DELETE", url, json, MAX_BODY, body -> null);
      return true;
    } catch (AmoCrmHttpException e) {
      if (e.status() == 404 && !(e instanceof OAuthException)) {
        return false;
      }
      throw e;
    }
  }

  private static void requireDestination(String destination) {
    Objects.requireNonNull(destination, "destination == null");
    if (destination.isBlank()) {
      throw new IllegalArgumentException("destination is blank");
    }
  }
}
