package io.github.farolero.amocrm.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An unsorted (incoming) lead ({@code /api/v4/leads/unsorted}), or amoCRM's answer about one
 * after an add, accept, decline or link (which carries fewer fields: the rest are null).
 *
 * @param uid the unsorted lead's id in amoCRM
 * @param sourceUid the id the integration gave it, or null
 * @param sourceName the source's name, or null
 * @param category {@code forms}, {@code sip}, {@code chats} or {@code mail} (any other value is
 *     kept as sent), or null
 * @param pipelineId the pipeline it waits in, or null
 * @param createdAt when it arrived, or null
 * @param accountId the account, or null
 * @param metadata the form's or call's details; for a category this library does not type
 *     (such as {@code chats}) an {@link OtherMetadata} holding the object as sent; or null
 * @param leads the lead(s) it holds or became; empty if amoCRM sent none
 * @param contacts its contacts; empty if none
 * @param companies its companies; empty if none
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record UnsortedLead(
    String uid,
    @Nullable String sourceUid,
    @Nullable String sourceName,
    @Nullable String category,
    @Nullable Long pipelineId,
    @Nullable Instant createdAt,
    @Nullable Long accountId,
    @Nullable UnsortedMetadata metadata,
    List<Lead> leads,
    List<Contact> contacts,
    List<Company> companies,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param uid the unsorted lead's id in amoCRM
   * @param sourceUid the id the integration gave it, or null
   * @param sourceName the source's name, or null
   * @param category {@code forms}, {@code sip}, {@code chats} or {@code mail} (any other value is
   *     kept as sent), or null
   * @param pipelineId the pipeline it waits in, or null
   * @param createdAt when it arrived, or null
   * @param accountId the account, or null
   * @param metadata the form's or call's details, or null (none sent, or a category this library
   *     does not type, such as {@code chats})
   * @param leads the lead(s) it holds or became; empty if amoCRM sent none
   * @param contacts its contacts; empty if none
   * @param companies its companies; empty if none
   */
  public UnsortedLead(
      String uid,
      @Nullable String sourceUid,
      @Nullable String sourceName,
      @Nullable String category,
      @Nullable Long pipelineId,
      @Nullable Instant createdAt,
      @Nullable Long accountId,
      @Nullable UnsortedMetadata metadata,
      List<Lead> leads,
      List<Contact> contacts,
      List<Company> companies) {
    this(uid, sourceUid, sourceName, category, pipelineId, createdAt, accountId, metadata, leads,
        contacts, companies, null);
  }

  /** Copies the lists; a missing uid reads as empty. */
  public UnsortedLead {
    uid = uid == null ? "" : uid;
    leads = leads == null ? List.of() : List.copyOf(leads);
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
    companies = companies == null ? List.of() : List.copyOf(companies);
  }

  /**
   * Returns the id of its (first) lead: after an accept, the lead amoCRM made.
   *
   * @return the id, if amoCRM sent one
   */
  public Optional<Long> leadId() {
    return leads.stream().map(Lead::id).filter(id -> id != null).findFirst();
  }
}
