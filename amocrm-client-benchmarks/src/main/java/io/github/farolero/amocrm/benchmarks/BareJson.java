package io.github.farolero.amocrm.benchmarks;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a user writing bare OkHttp + Moshi would declare: plain records of amoCRM's JSON with the
 * fields the library's models read, in stock Moshi types (times as epoch seconds, custom field
 * values as maps), and no lenient adapters. Public because Moshi's record adapter reaches only
 * public records.
 */
public final class BareJson {

  /** Stock Moshi, as a user would build it. */
  static final Moshi MOSHI = new Moshi.Builder().build();
  static final JsonAdapter<Account> ACCOUNT = MOSHI.adapter(Account.class);
  static final JsonAdapter<LeadsPage> LEADS_PAGE = MOSHI.adapter(LeadsPage.class);
  static final JsonAdapter<NodeTokens> NODE_TOKENS = MOSHI.adapter(NodeTokens.class);

  private BareJson() {}

  /** {@code GET /api/v4/account}: the fields {@code io.github.farolero.amocrm.model.Account} reads. */
  public record Account(
      long id,
      @Nullable String name,
      @Nullable String subdomain,
      @Json(name = "created_at") @Nullable Long createdAt,
      @Json(name = "current_user_id") @Nullable Long currentUserId,
      @Nullable String country,
      @Nullable String currency,
      @Json(name = "amojo_id") @Nullable String amojoId) {}

  /** The Node app's {@code tokens.json}. */
  public record NodeTokens(
      @Json(name = "access_token") String accessToken,
      @Json(name = "refresh_token") @Nullable String refreshToken,
      @Json(name = "created_at") long createdAt,
      @Json(name = "expires_in") long expiresIn) {}

  /** One page of {@code GET /api/v4/leads}. */
  public record LeadsPage(
      @Json(name = "_links") @Nullable Links links,
      @Json(name = "_embedded") @Nullable Embedded embedded) {}

  /** A page's links. */
  public record Links(@Nullable Href next) {}

  /** A link. */
  public record Href(String href) {}

  /** A page's items. */
  public record Embedded(@Nullable List<Lead> leads) {}

  /** A lead: the fields {@code io.github.farolero.amocrm.model.Lead} reads. */
  public record Lead(
      @Nullable Long id,
      @Nullable String name,
      @Nullable Long price,
      @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
      @Json(name = "group_id") @Nullable Long groupId,
      @Json(name = "status_id") @Nullable Long statusId,
      @Json(name = "pipeline_id") @Nullable Long pipelineId,
      @Json(name = "loss_reason_id") @Nullable Long lossReasonId,
      @Json(name = "created_by") @Nullable Long createdBy,
      @Json(name = "updated_by") @Nullable Long updatedBy,
      @Json(name = "created_at") @Nullable Long createdAt,
      @Json(name = "updated_at") @Nullable Long updatedAt,
      @Json(name = "closed_at") @Nullable Long closedAt,
      @Json(name = "closest_task_at") @Nullable Long closestTaskAt,
      @Json(name = "is_deleted") @Nullable Boolean deleted,
      @Nullable Long score,
      @Json(name = "account_id") @Nullable Long accountId,
      @Json(name = "labor_cost") @Nullable Long laborCost,
      @Json(name = "custom_fields_values") @Nullable List<CustomField> customFieldsValues,
      @Json(name = "_embedded") @Nullable LeadEmbedded embedded) {}

  /** A custom field of an entity; its values as amoCRM sends them. */
  public record CustomField(
      @Json(name = "field_id") @Nullable Long fieldId,
      @Json(name = "field_code") @Nullable String fieldCode,
      @Json(name = "field_name") @Nullable String fieldName,
      @Json(name = "field_type") @Nullable String fieldType,
      @Nullable List<Map<String, Object>> values) {}

  /** A lead's embedded tags and links. */
  public record LeadEmbedded(
      @Nullable List<Map<String, Object>> tags,
      @Nullable List<Map<String, Object>> contacts,
      @Nullable List<Map<String, Object>> companies) {}
}
