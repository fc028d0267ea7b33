package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When tokens are refreshed, and how long refreshing may wait. Immutable.
 *
 * <ul>
 *   <li><b>Advisory window</b> (default 5 minutes before expiry): one caller refreshes; the
 *       others keep using the still-valid token. A failure here is soft: logged, reported, and
 *       the valid token keeps serving.
 *   <li><b>Mandatory window</b> (default 60 seconds before expiry): callers wait for the refresh.
 *   <li><b>Keep-alive</b> (default 30 days): a pair issued longer ago is refreshed in the advisory
 *       manner even if its access token is valid, so the refresh token (3 months) never dies of
 *       age.
 *   <li><b>Lock wait</b> (default 30 seconds) bounds the wait for another process's refresh;
 *       <b>lock lease</b> (default 2 minutes) frees a lock whose holder died.
 *   <li><b>Save attempts</b> (default 3): how often a refreshed pair's save is tried before the
 *       failure is reported (the pair is then kept in memory and saved again later).
 *   <li><b>Store timeout</b> (default 10 seconds): how long the token manager waits for one call
 *       to the token store (a read, a write, beyond the lock wait a lock) before it gives up with
 *       a {@link io.github.farolero.amocrm.store.TokenStoreTimeoutException}, so a hung store never
 *       holds a caller forever.
 * </ul>
 */
public final class RefreshPolicy {

  /** Where a token stands in its life, from {@link #phaseOf}. */
  public enum Phase {
    /** Valid and outside every window: use it. */
    FRESH,
    /** In the advisory window or past the keep-alive age: refresh if nobody else is. */
    ADVISORY,
    /** In the mandatory window: wait for a refresh. */
    MANDATORY,
    /** Past its expiry. */
    EXPIRED
  }

  private static final RefreshPolicy DEFAULTS = new Builder().build();

  private final Duration advisoryWindow;
  private final Duration mandatoryWindow;
  private final Duration keepAliveAge;
  private final Duration lockWait;
  private final Duration lockLease;
  private final int saveAttempts;
  private final Duration storeTimeout;

  private RefreshPolicy(Builder b) {
    this.advisoryWindow = b.advisoryWindow;
    this.mandatoryWindow = b.mandatoryWindow;
    this.keepAliveAge = b.keepAliveAge;
    this.lockWait = b.lockWait;
    this.lockLease = b.lockLease;
    this.saveAttempts = b.saveAttempts;
    this.storeTimeout = b.storeTimeout;
  }

  /** Returns the default policy. */
  public static RefreshPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this policy's values. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Returns where a record stands at an instant. A long-lived token is {@link Phase#FRESH} until
   * it expires: it cannot be refreshed.
   *
   * <p>The windows are inclusive at their start: at exactly {@code expiresAt - advisoryWindow}
   * the phase is {@link Phase#ADVISORY}; one nanosecond earlier it is {@link Phase#FRESH}.
   *
   * <p>The keep-alive age is measured from {@link TokenRecord#issuedAt()} and applies only when
   * the issue time is known: a record issued at {@link Instant#EPOCH} (the marker for "unknown",
   * such as an environment seed whose token carries no usable {@code iat}) is judged by its
   * expiry windows alone. Otherwise every such record would look decades old and be refreshed on
   * first use, on every start of the app.
   *
   * @param record the record
   * @param now the instant
   * @return the phase
   */
  public Phase phaseOf(TokenRecord record, Instant now) {
    Objects.requireNonNull(record, "record == null");
    Objects.requireNonNull(now, "now == null");
    Instant expiresAt = record.expiresAt();
    if (!now.isBefore(expiresAt)) {
      return Phase.EXPIRED;
    }
    if (record.isLongLived()) {
      return Phase.FRESH;
    }
    Duration left = Duration.between(now, expiresAt);
    if (left.compareTo(mandatoryWindow) <= 0) {
      return Phase.MANDATORY;
    }
    // EPOCH marks an unknown issue time: its age is unknown, not 50 years.
    boolean pastKeepAlive = !record.issuedAt().equals(Instant.EPOCH)
        && Duration.between(record.issuedAt(), now).compareTo(keepAliveAge) >= 0;
    if (left.compareTo(advisoryWindow) <= 0 || pastKeepAlive) {
      return Phase.ADVISORY;
    }
    return Phase.FRESH;
  }

  /** Returns how long before expiry a refresh is tried while the token keeps serving. */
  public Duration advisoryWindow() {
    return advisoryWindow;
  }

  /** Returns how long before expiry callers wait for a refresh. */
  public Duration mandatoryWindow() {
    return mandatoryWindow;
  }

  /** Returns the age of a pair after which it is refreshed to keep the refresh token alive. */
  public Duration keepAliveAge() {
    return keepAliveAge;
  }

  /** Returns how long to wait for the store's lock (and for another thread's refresh). */
  public Duration lockWait() {
    return lockWait;
  }

  /** Returns how long a lock stays held if its holder never releases it. */
  public Duration lockLease() {
    return lockLease;
  }

  /** Returns how many times a refreshed pair's save is tried before the failure is reported. */
  public int saveAttempts() {
    return saveAttempts;
  }

  /** Returns how long the token manager waits for one call to the token store. */
  public Duration storeTimeout() {
    return storeTimeout;
  }

  @Override
  public String toString() {
    return "RefreshPolicy{advisory=" + advisoryWindow + ", mandatory=" + mandatoryWindow
        + ", keepAlive=" + keepAliveAge + ", lockWait=" + lockWait + ", lockLease=" + lockLease
        + ", saveAttempts=" + saveAttempts + ", storeTimeout=" + storeTimeout + '}';
  }

  /** Builds a {@link RefreshPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration advisoryWindow = Duration.ofMinutes(5);
    private Duration mandatoryWindow = Duration.ofSeconds(60);
    private Duration keepAliveAge = Duration.ofDays(30);
    private Duration lockWait = Duration.ofSeconds(30);
    private Duration lockLease = Duration.ofMinutes(2);
    private int saveAttempts = 3;
    private Duration storeTimeout = Duration.ofSeconds(10);

    private Builder() {}

    private Builder(RefreshPolicy p) {
      this.advisoryWindow = p.advisoryWindow;
      this.mandatoryWindow = p.mandatoryWindow;
      this.keepAliveAge = p.keepAliveAge;
      this.lockWait = p.lockWait;
      this.lockLease = p.lockLease;
      this.saveAttempts = p.saveAttempts;
      this.storeTimeout = p.storeTimeout;
    }

    /**
     * Sets the advisory window. Default 5 minutes.
     *
     * @param window zero or more; at least the mandatory window when built
     * @return this builder
     */
    public Builder advisoryWindow(Duration window) {
      this.advisoryWindow = nonNegative(window, "advisoryWindow");
      return this;
    }

    /**
     * Sets the mandatory window. Default 60 seconds.
     *
     * @param window zero or more
     * @return this builder
     */
    public Builder mandatoryWindow(Duration window) {
      this.mandatoryWindow = nonNegative(window, "mandatoryWindow");
      return this;
    }

    /**
     * Sets the keep-alive age. Default 30 days; amoCRM refresh tokens die after 3 idle months.
     *
     * @param age more than zero
     * @return this builder
     */
    public Builder keepAliveAge(Duration age) {
      this.keepAliveAge = positive(age, "keepAliveAge");
      return this;
    }

    /**
     * Sets how long to wait for the store's lock. Default 30 seconds.
     *
     * @param wait more than zero
     * @return this builder
     */
    public Builder lockWait(Duration wait) {
      this.lockWait = positive(wait, "lockWait");
      return this;
    }

    /**
     * Sets the lock lease. Default 2 minutes; keep it longer than a token request can take.
     *
     * @param lease more than zero
     * @return this builder
     */
    public Builder lockLease(Duration lease) {
      this.lockLease = positive(lease, "lockLease");
      return this;
    }

    /**
     * Sets how many times a refreshed pair's save is tried. Default 3.
     *
     * @param attempts 1 or more
     * @return this builder
     */
    public Builder saveAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("saveAttempts < 1: " + attempts);
      }
      this.saveAttempts = attempts;
      return this;
    }

    /**
     * Sets how long the token manager waits for one call to the token store (a read, a write;
     * for a lock, this on top of the lock wait). Default 10 seconds. Past it the caller gets a
     * {@link io.github.farolero.amocrm.store.TokenStoreTimeoutException}; the call may still
     * finish later, and a pair it could not save is kept in memory and saved again.
     *
     * @param timeout more than zero
     * @return this builder
     */
    public Builder storeTimeout(Duration timeout) {
      this.storeTimeout = positive(timeout, "storeTimeout");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalStateException if the advisory window is shorter than the mandatory one
     */
    public RefreshPolicy build() {
      if (advisoryWindow.compareTo(mandatoryWindow) < 0) {
        throw new IllegalStateException("advisoryWindow (" + advisoryWindow
            + ") is shorter than mandatoryWindow (" + mandatoryWindow + ")");
      }
      return new RefreshPolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " < 0: " + d);
      }
      return d;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " <= 0: " + d);
      }
      return d;
    }
  }
}
