package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Status;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Shapes of amoCRM answers that are not API models themselves. */
final class WireRecords {
  private WireRecords() {}

  /** One entry of an add/update answer. {@code request_id}: "0", 0 or ["0"]. */
  public record Saved(
      @Nullable Long id,
      @Json(name = "request_id") @Nullable Object requestId,
      @Json(name = "updated_at") @Nullable Instant updatedAt) {}

  /** One entry of a {@code leads/complex} answer (a bare array). */
  public record ComplexSaved(
      @Nullable Long id,
      @Json(name = "contact_id") @Nullable Long contactId,
      @Json(name = "company_id") @Nullable Long companyId,
      @Json(name = "request_id") @Nullable Object requestId,
      @Nullable Boolean merged) {}

  /** A pipeline as amoCRM sends it, with its statuses under {@code _embedded}. */
  public record PipelineJson(
      @Nullable Long id,
      @Nullable String name,
      @Nullable Long sort,
      @Json(name = "is_main") @Nullable Boolean main,
      @Json(name = "is_unsorted_on") @Nullable Boolean unsortedOn,
      @Json(name = "is_archive") @Nullable Boolean archive,
      @Json(name = "account_id") @Nullable Long accountId,
      @Json(name = "_embedded") @Nullable Statuses embedded,
      @Nullable Extras extras) {}

  /** The {@code _embedded} of a pipeline. */
  public record Statuses(@Nullable List<Status> statuses, @Nullable Extras extras) {}

  /** The body of {@code POST /api/v4/webhooks}. */
  public record WebhookSubscribe(String destination, List<String> settings) {}

  /** The body of {@code DELETE /api/v4/webhooks}. */
  public record WebhookDestination(String destination) {}
}
