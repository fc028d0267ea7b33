package io.github.farolero.amocrm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An unsorted lead to add from a web form or a call ({@code POST /api/v4/leads/unsorted/forms}
 * or {@code /sip}): its source, metadata, and the lead, contacts and companies amoCRM makes of it
 * once it is accepted.
 *
 * <pre>{@code
 * NewUnsorted form = NewUnsorted.builder("Site form", "form-42",
 *         new FormMetadata("1", "Callback", "https://example.com", null, Instant.now(), null))
 *     .lead(Lead.builder().name("Callback request").build())
 *     .build();
 * }</pre>
 *
 * @param sourceName the source's name
 * @param sourceUid the integration's own id of this request (amoCRM refuses a repeated one)
 * @param pipelineId the pipeline, or null for the main one
 * @param createdAt when it arrived, or null for now
 * @param metadata the form's or call's details
 * @param leads the lead to make (at most one)
 * @param contacts the contact to make (at most one)
 * @param companies the company to make (at most one)
 */
public record NewUnsorted(
    String sourceName,
    String sourceUid,
    @Nullable Long pipelineId,
    @Nullable Instant createdAt,
    UnsortedMetadata metadata,
    List<Lead> leads,
    List<Contact> contacts,
    List<Company> companies) {

  /** Checks the required fields and copies the lists. */
  public NewUnsorted {
    Objects.requireNonNull(sourceName, "sourceName == null");
    Objects.requireNonNull(sourceUid, "sourceUid == null");
    Objects.requireNonNull(metadata, "metadata == null");
    leads = List.copyOf(leads);
    contacts = List.copyOf(contacts);
    companies = List.copyOf(companies);
  }

  /**
   * Starts a builder.
   *
   * @param sourceName the source's name
   * @param sourceUid the integration's id of this request
   * @param metadata a {@link FormMetadata} or a {@link SipMetadata}
   * @return the builder
   */
  public static Builder builder(String sourceName, String sourceUid, UnsortedMetadata metadata) {
    return new Builder(sourceName, sourceUid, metadata);
  }

  /** Builds a {@link NewUnsorted}. Not thread-safe. */
  public static final class Builder {
    private final String sourceName;
    private final String sourceUid;
    private final UnsortedMetadata metadata;
    private @Nullable Long pipelineId;
    private @Nullable Instant createdAt;
    private final List<Lead> leads = new ArrayList<>();
    private final List<Contact> contacts = new ArrayList<>();
    private final List<Company> companies = new ArrayList<>();

    private Builder(String sourceName, String sourceUid, UnsortedMetadata metadata) {
      this.sourceName = Objects.requireNonNull(sourceName, "sourceName == null");
      this.sourceUid = Objects.requireNonNull(sourceUid, "sourceUid == null");
      this.metadata = Objects.requireNonNull(metadata, "metadata == null");
    }

    /**
     * Sets the pipeline.
     *
     * @param pipelineId its id
     * @return this builder
     */
    public Builder pipelineId(long pipelineId) {
      this.pipelineId = pipelineId;
      return this;
    }

    /**
     * Sets when it arrived.
     *
     * @param createdAt the time
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt == null");
      return this;
    }

    /**
     * Sets the lead to make.
     *
     * @param lead the lead
     * @return this builder
     */
    public Builder lead(Lead lead) {
      leads.clear();
      leads.add(Objects.requireNonNull(lead, "lead == null"));
      return this;
    }

    /**
     * Sets the contact to make.
     *
     * @param contact the contact
     * @return this builder
     */
    public Builder contact(Contact contact) {
      contacts.clear();
      contacts.add(Objects.requireNonNull(contact, "contact == null"));
      return this;
    }

    /**
     * Sets the company to make.
     *
     * @param company the company
     * @return this builder
     */
    public Builder company(Company company) {
      companies.clear();
      companies.add(Objects.requireNonNull(company, "company == null"));
      return this;
    }

    /**
     * Builds it.
     *
     * @return the new unsorted lead
     */
    public NewUnsorted build() {
      return new NewUnsorted(sourceName, sourceUid, pipelineId, createdAt, metadata, leads,
          contacts, companies);
    }
  }
}
