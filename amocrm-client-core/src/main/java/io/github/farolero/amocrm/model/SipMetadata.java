package io.github.farolero.amocrm.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of an unsorted lead from a call ({@code category} {@code sip}). Read as amoCRM
 * sends it (a field it left out is null); to add one, amoCRM requires who called, the number,
 * the time, the duration and the service code.
 *
 * @param from who called: a phone number or a name
 * @param phone the number that was called (the account's line)
 * @param calledAt when the call was made
 * @param duration the call's length in seconds
 * @param link a link to the call's recording, or null
 * @param serviceCode the telephony integration's code
 * @param uniq the call's unique id in the telephony, or null
 * @param isCallEventNeeded true to have amoCRM show the incoming-call notice, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record SipMetadata(
    @Nullable String from,
    @Nullable String phone,
    @Nullable Instant calledAt,
    @Nullable Long duration,
    @Nullable String link,
    @Nullable String serviceCode,
    @Nullable String uniq,
    @Nullable Boolean isCallEventNeeded,
    @Nullable Extras extras) implements UnsortedMetadata {
  /**
   * Returns one with no extra keys.
   *
   * @param from who called: a phone number or a name
   * @param phone the number that was called (the account's line)
   * @param calledAt when the call was made
   * @param duration the call's length in seconds
   * @param link a link to the call's recording, or null
   * @param serviceCode the telephony integration's code
   * @param uniq the call's unique id in the telephony, or null
   * @param isCallEventNeeded true to have amoCRM show the incoming-call notice, or null
   */
  public SipMetadata(
      @Nullable String from,
      @Nullable String phone,
      @Nullable Instant calledAt,
      @Nullable Long duration,
      @Nullable String link,
      @Nullable String serviceCode,
      @Nullable String uniq,
      @Nullable Boolean isCallEventNeeded) {
    this(from, phone, calledAt, duration, link, serviceCode, uniq, isCallEventNeeded, null);
  }

  /** Returns {@code sip}. */
  @Override
  public String category() {
    return "sip";
  }
}
