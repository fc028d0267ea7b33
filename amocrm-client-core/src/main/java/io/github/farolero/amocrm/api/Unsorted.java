package io.github.farolero.amocrm.api;

import io.github.farolero.amocrm.model.NewUnsorted;
import io.github.farolero.amocrm.model.UnsortedLead;
import io.github.farolero.amocrm.model.UnsortedSummary;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The account's unsorted (incoming) leads, amoCRM's "Неразобранное" ({@code
 * /api/v4/leads/unsorted}): list (filters {@code uid}, {@code category} and {@code pipeline_id},
 * order by {@code created_at} or {@code updated_at}), get by uid, add from forms and calls,
 * accept, decline, link, summary.
 *
 * <pre>{@code
 * client.unsorted().stream(ListRequest.builder()
 *         .filter("category", List.of("forms")).build())
 *     .forEach(u -> client.unsorted().accept(u.uid(), null, null));
 * }</pre>
 *
 * <p>An account with unsorted switched off answers these with an error ({@link
 * io.github.farolero.amocrm.error.AmoCrmHttpException}). Thread-safe.
 */
public interface Unsorted extends Listing<UnsortedLead> {

  /**
   * Returns one unsorted lead: {@code GET /api/v4/leads/unsorted/{uid}}.
   *
   * @param uid its uid
   * @return it, or empty if amoCRM has none with this uid (204 or 404)
   * @throws IllegalArgumentException if the uid is blank
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  Optional<UnsortedLead> get(String uid);

  /**
   * Adds unsorted leads from web forms: {@code POST /api/v4/leads/unsorted/forms}, in requests of
   * at most 50.
   *
   * @param items each with a {@link io.github.farolero.amocrm.model.FormMetadata}
   * @return amoCRM's answer for each, in order: its {@code uid} and the ids of what it made
   * @throws IllegalArgumentException if an item's metadata is not a form's
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<UnsortedLead> addForms(List<NewUnsorted> items);

  /**
   * Adds unsorted leads from calls: {@code POST /api/v4/leads/unsorted/sip}, in requests of at
   * most 50.
   *
   * @param items each with a {@link io.github.farolero.amocrm.model.SipMetadata}
   * @return amoCRM's answer for each, in order
   * @throws IllegalArgumentException if an item's metadata is not a call's
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the first request
   * @throws io.github.farolero.amocrm.error.PartialBatchException if a later request failed after
   *     earlier ones were saved
   */
  List<UnsortedLead> addSip(List<NewUnsorted> items);

  /**
   * Accepts an unsorted lead: {@code POST /api/v4/leads/unsorted/{uid}/accept}. amoCRM makes the
   * lead (with its contact and company) in the given stage.
   *
   * @param uid its uid
   * @param userId the user accepting it (made the lead's creator), or null for the token's user
   * @param statusId the stage to put the lead in, or null for the pipeline's first
   * @return amoCRM's answer: {@link UnsortedLead#leadId()} is the lead made
   * @throws IllegalArgumentException if the uid is blank
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error (404
   *     for an unknown uid, 400 for a bad stage or user)
   */
  UnsortedLead accept(String uid, @Nullable Long userId, @Nullable Long statusId);

  /**
   * Declines an unsorted lead: {@code DELETE /api/v4/leads/unsorted/{uid}/decline}, as amoCRM's
   * documentation has it.
   *
   * @param uid its uid
   * @param userId the user declining it, or null for the token's user
   * @return amoCRM's answer
   * @throws IllegalArgumentException if the uid is blank
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error (404
   *     for an unknown uid)
   */
  UnsortedLead decline(String uid, @Nullable Long userId);

  /**
   * Links an unsorted lead to an existing lead: {@code POST /api/v4/leads/unsorted/{uid}/link}.
   * amoCRM links only unsorted leads of category {@code chats}.
   *
   * @param uid its uid
   * @param leadId the existing lead
   * @param userId the user linking it, or null for the token's user
   * @return amoCRM's answer
   * @throws IllegalArgumentException if the uid is blank
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  UnsortedLead link(String uid, long leadId, @Nullable Long userId);

  /**
   * Returns the summary: {@code GET /api/v4/leads/unsorted/summary}.
   *
   * @param filter filters ({@code uid}, {@code pipeline_id}, a {@code created_at} range); paging
   *     and order are ignored
   * @return the totals; zeros if amoCRM answered 204
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  UnsortedSummary summary(ListRequest filter);
}
