package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call to log in amoCRM ({@code POST /api/v4/calls}): amoCRM finds the contact or company by
 * the phone number's last 10 digits and adds the call to its card, or to its only active lead or
 * customer.
 *
 * <pre>{@code
 * Call call = Call.builder(Call.INBOUND, "+79990001122", 42, "my_pbx")
 *     .callStatus(4).link("https://pbx.example.com/rec/1.mp3").build();
 * }</pre>
 *
 * @param direction {@link #INBOUND} or {@link #OUTBOUND}
 * @param uniq the call's unique id in the telephony, or null
 * @param duration its length in seconds
 * @param source the telephony's name
 * @param link a link to the recording, or null
 * @param phone the number amoCRM looks the contact up by
 * @param callResult the result as text, or null
 * @param callStatus 1 left a message, 2 call back later, 3 not available, 4 had a conversation, 5
 *     wrong number, 6 no connection, 7 busy; or null
 * @param responsibleUserId the responsible user, or null
 * @param createdBy the user who made it, or null (amoCRM then shows a robot)
 * @param updatedBy the user who last changed it, or null
 * @param createdAt when it was made, or null for now
 * @param updatedAt when it last changed, or null
 */
public record Call(
    String direction,
    @Nullable String uniq,
    long duration,
    String source,
    @Nullable String link,
    String phone,
    @Json(name = "call_result") @Nullable String callResult,
    @Json(name = "call_status") @Nullable Integer callStatus,
    @Json(name = "responsible_user_id") @Nullable Long responsibleUserId,
    @Json(name = "created_by") @Nullable Long createdBy,
    @Json(name = "updated_by") @Nullable Long updatedBy,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "updated_at") @Nullable Instant updatedAt) {

  /** An incoming call. */
  public static final String INBOUND = "inbound";
  /** An outgoing call. */
  public static final String OUTBOUND = "outbound";

  /** Checks what amoCRM requires. */
  public Call {
    Objects.requireNonNull(direction, "direction == null");
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(phone, "phone == null");
    if (!direction.equals(INBOUND) && !direction.equals(OUTBOUND)) {
      throw new IllegalArgumentException("direction is " + direction
          + "; amoCRM takes inbound or outbound");
    }
    if (duration < 0) {
      throw new IllegalArgumentException("duration < 0: " + duration);
    }
    if (callStatus != null && (callStatus < 1 || callStatus > 7)) {
      throw new IllegalArgumentException("callStatus is " + callStatus + "; amoCRM takes 1 to 7");
    }
  }

  /**
   * Starts a builder with what amoCRM requires.
   *
   * @param direction {@link #INBOUND} or {@link #OUTBOUND}
   * @param phone the number
   * @param duration the length in seconds
   * @param source the telephony's name
   * @return the builder
   */
  public static Builder builder(String direction, String phone, long duration, String source) {
    return new Builder(direction, phone, duration, source);
  }

  /** Builds a {@link Call}. Not thread-safe. */
  public static final class Builder {
    private final String direction;
    private final String phone;
    private final long duration;
    private final String source;
    private @Nullable String uniq;
    private @Nullable String link;
    private @Nullable String callResult;
    private @Nullable Integer callStatus;
    private @Nullable Long responsibleUserId;
    private @Nullable Long createdBy;
    private @Nullable Long updatedBy;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;

    private Builder(String direction, String phone, long duration, String source) {
      this.direction = direction;
      this.phone = phone;
      this.duration = duration;
      this.source = source;
    }

    /**
     * Sets the call's unique id in the telephony.
     *
     * @param uniq the id
     * @return this builder
     */
    public Builder uniq(String uniq) {
      this.uniq = uniq;
      return this;
    }

    /**
     * Sets the link to the recording.
     *
     * @param link the URL
     * @return this builder
     */
    public Builder link(String link) {
      this.link = link;
      return this;
    }

    /**
     * Sets the result as text.
     *
     * @param callResult the text
     * @return this builder
     */
    public Builder callResult(String callResult) {
      this.callResult = callResult;
      return this;
    }

    /**
     * Sets the status, 1 to 7.
     *
     * @param callStatus the status
     * @return this builder
     */
    public Builder callStatus(int callStatus) {
      this.callStatus = callStatus;
      return this;
    }

    /**
     * Sets the responsible user.
     *
     * @param userId the user
     * @return this builder
     */
    public Builder responsibleUserId(long userId) {
      this.responsibleUserId = userId;
      return this;
    }

    /**
     * Sets the user who made it.
     *
     * @param userId the user
     * @return this builder
     */
    public Builder createdBy(long userId) {
      this.createdBy = userId;
      return this;
    }

    /**
     * Sets the user who last changed it.
     *
     * @param userId the user
     * @return this builder
     */
    public Builder updatedBy(long userId) {
      this.updatedBy = userId;
      return this;
    }

    /**
     * Sets when it was made.
     *
     * @param at the time
     * @return this builder
     */
    public Builder createdAt(Instant at) {
      this.createdAt = at;
      return this;
    }

    /**
     * Sets when it last changed.
     *
     * @param at the time
     * @return this builder
     */
    public Builder updatedAt(Instant at) {
      this.updatedAt = at;
      return this;
    }

    /**
     * Builds the call.
     *
     * @return the call
     * @throws IllegalArgumentException for a bad direction, duration or status
     */
    public Call build() {
      return new Call(direction, uniq, duration, source, link, phone, callResult, callStatus,
          responsibleUserId, createdBy, updatedBy, createdAt, updatedAt);
    }
  }
}
