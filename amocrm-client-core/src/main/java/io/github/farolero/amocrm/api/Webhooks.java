package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.WebhookSubscription;
import java.util.List;

/**
 * The account's webhook subscriptions ({@code /api/v4/webhooks}): list, subscribe, unsubscribe.
 * amoCRM allows these to an administrator of the account only. The bodies amoCRM then POSTs are
 * read by {@link io.github.farolero.amocrm.webhook.WebhookHandler}.
 *
 * <pre>{@code
 * client.webhooks().subscribe("https://app.example.com/amocrm/hook",
 *     List.of("add_lead", "status_lead"));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Webhooks {

  /**
   * Returns every subscription: {@code GET /api/v4/webhooks}.
   *
   * @return the subscriptions; empty if there are none
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  List<WebhookSubscription> list();

  /**
   * Returns the subscriptions of one destination: {@code GET /api/v4/webhooks
   * ?filter[destination]=…} (an exact match).
   *
   * @param destination the URL
   * @return its subscriptions; empty if there are none
   * @throws IllegalArgumentException if the destination is blank
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  List<WebhookSubscription> list(String destination);

  /**
   * Subscribes a destination to events: {@code POST /api/v4/webhooks}. Subscribing a destination
   * again replaces its events.
   *
   * @param destination an absolute {@code http} or {@code https} URL amoCRM can reach
   * @param settings the events, such as {@code add_lead}, {@code update_lead},
   *     {@code status_lead}, {@code responsible_lead}, {@code delete_lead}, {@code note_lead},
   *     {@code add_contact}, {@code update_company}, {@code add_task}; at least one
   * @return the subscription amoCRM made
   * @throws IllegalArgumentException if the destination is not an absolute http(s) URL, or the
   *     settings are empty or hold a blank name
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused it
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   * @throws io.github.farolero.amocrm.error.InvalidResponseException if amoCRM answered success
   *     without the subscription
   */
  WebhookSubscription subscribe(String destination, List<String> settings);

  /**
   * Unsubscribes a destination from every event: {@code DELETE /api/v4/webhooks} with
   * {@code {"destination": …}}.
   *
   * @param destination the URL, as subscribed
   * @return true if it was removed, false if amoCRM has no such subscription (404)
   * @throws IllegalArgumentException if the destination is blank
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  boolean unsubscribe(String destination);
}
