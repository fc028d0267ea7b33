package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A webhook subscription of the account ({@code GET /api/v4/webhooks}): amoCRM POSTs the events
 * in {@code settings} to {@code destination}.
 *
 * @param id the subscription's id, or null
 * @param destination the URL amoCRM POSTs to
 * @param settings the events subscribed to, such as {@code add_lead}, {@code status_lead},
 *     {@code update_contact}; never null (empty if amoCRM sent none)
 * @param disabled true if amoCRM switched it off (after the destination failed too often)
 * @param sort its position among the account's webhooks, or null
 * @param createdBy the user who made it, or null
 * @param createdAt when it was made, or null
 * @param updatedAt when it last changed, or null
 */
public record WebhookSubscription(
    @Nullable Long id,
    String destination,
    List<String> settings,
    boolean disabled,
    @Nullable Long sort,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt) {

  /** Copies; a missing destination or settings list reads as empty. */
  public WebhookSubscription {
    destination = destination == null ? "" : destination;
    settings = settings == null ? List.of() : List.copyOf(settings);
  }
}
