package io.github.farolero.amocrm.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of an unsorted lead from a web form ({@code category} {@code forms}). Read as
 * amoCRM sends it (a field it left out is null); to add one, amoCRM requires the form's id, name,
 * page and sending time.
 *
 * @param formId the form's id in the integration (amoCRM keeps it as text)
 * @param formName the form's name
 * @param formPage the page the form was sent from
 * @param ip the sender's IP address, or null
 * @param formSentAt when the form was sent
 * @param referer the page the sender came from, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record FormMetadata(
    @Nullable String formId,
    @Nullable String formName,
    @Nullable String formPage,
    @Nullable String ip,
    @Nullable Instant formSentAt,
    @Nullable String referer,
    @Nullable Extras extras) implements UnsortedMetadata {
  /**
   * Returns one with no extra keys.
   *
   * @param formId the form's id in the integration (amoCRM keeps it as text)
   * @param formName the form's name
   * @param formPage the page the form was sent from
   * @param ip the sender's IP address, or null
   * @param formSentAt when the form was sent
   * @param referer the page the sender came from, or null
   */
  public FormMetadata(
      @Nullable String formId,
      @Nullable String formName,
      @Nullable String formPage,
      @Nullable String ip,
      @Nullable Instant formSentAt,
      @Nullable String referer) {
    this(formId, formName, formPage, ip, formSentAt, referer, null);
  }

  /** Returns {@code forms}. */
  @Override
  public String category() {
    return "forms";
  }
}
