package io.github.farolero.amocrm.health;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds a {@link TokenHealthCheck} judges by. Immutable; {@link #defaults()} suits
 * amoCRM (access tokens live 24 hours, refresh tokens die after 3 months unused).
 *
 * <ul>
 *   <li><b>Access token expiring</b> (default 10 minutes): an OAuth grant's access token this close
 *       to expiry is noted (OK: the next call refreshes it).
 *   <li><b>Long-lived token expiring</b> (default 14 days): a long-lived token this close to its
 *       expiry is WARN: someone must make a new one.
 *   <li><b>Refresh token age</b>: WARN past 45 days (a keep-alive should have refreshed it at 30),
 *       CRITICAL past 75 days, and past amoCRM's lifetime of 90 days it is dead (CRITICAL:
 *       re-authorize).
 * </ul>
 */
public final class HealthPolicy {

  private static final HealthPolicy DEFAULTS = new Builder().build();

  private final Duration accessTokenExpiring;
  private final Duration longLivedTokenExpiring;
  private final Duration refreshTokenAgeWarning;
  private final Duration refreshTokenAgeCritical;
  private final Duration refreshTokenLifetime;

  private HealthPolicy(Builder b) {
    this.accessTokenExpiring = b.accessTokenExpiring;
    this.longLivedTokenExpiring = b.longLivedTokenExpiring;
    this.refreshTokenAgeWarning = b.refreshTokenAgeWarning;
    this.refreshTokenAgeCritical = b.refreshTokenAgeCritical;
    this.refreshTokenLifetime = b.refreshTokenLifetime;
  }

  /** Returns the default thresholds. */
  public static HealthPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns how close to expiry an OAuth grant's access token is noted. */
  public Duration accessTokenExpiring() {
    return accessTokenExpiring;
  }

  /** Returns how close to expiry a long-lived token is WARN. */
  public Duration longLivedTokenExpiring() {
    return longLivedTokenExpiring;
  }

  /** Returns the refresh-token age past which a grant is WARN. */
  public Duration refreshTokenAgeWarning() {
    return refreshTokenAgeWarning;
  }

  /** Returns the refresh-token age past which a grant is CRITICAL. */
  public Duration refreshTokenAgeCritical() {
    return refreshTokenAgeCritical;
  }

  /** Returns how long amoCRM keeps an unused refresh token (3 months). */
  public Duration refreshTokenLifetime() {
    return refreshTokenLifetime;
  }

  @Override
  public String toString() {
    return "HealthPolicy{accessTokenExpiring=" + accessTokenExpiring + ", longLivedTokenExpiring="
        + longLivedTokenExpiring + ", refreshTokenAge=" + refreshTokenAgeWarning + "/"
        + refreshTokenAgeCritical + ", refreshTokenLifetime=" + refreshTokenLifetime + '}';
  }

  /** Builds a {@link HealthPolicy}. Not thread-safe. */
  public static final class Builder {
    private Duration accessTokenExpiring = Duration.ofMinutes(10);
    private Duration longLivedTokenExpiring = Duration.ofDays(14);
    private Duration refreshTokenAgeWarning = Duration.ofDays(45);
    private Duration refreshTokenAgeCritical = Duration.ofDays(75);
    private Duration refreshTokenLifetime = Duration.ofDays(90);

    private Builder() {}

    /**
     * Sets how close to expiry an OAuth grant's access token is noted. Default 10 minutes.
     *
     * @param window zero or more
     * @return this builder
     */
    public Builder accessTokenExpiring(Duration window) {
      this.accessTokenExpiring = nonNegative(window, "accessTokenExpiring");
      return this;
    }

    /**
     * Sets how close to expiry a long-lived token is WARN. Default 14 days.
     *
     * @param window zero or more
     * @return this builder
     */
    public Builder longLivedTokenExpiring(Duration window) {
      this.longLivedTokenExpiring = nonNegative(window, "longLivedTokenExpiring");
      return this;
    }

    /**
     * Sets the refresh-token ages past which a grant is WARN and CRITICAL. Defaults 45 and 75 days.
     *
     * @param warning more than zero
     * @param critical at least {@code warning}
     * @return this builder
     */
    public Builder refreshTokenAge(Duration warning, Duration critical) {
      this.refreshTokenAgeWarning = positive(warning, "warning");
      this.refreshTokenAgeCritical = positive(critical, "critical");
      return this;
    }

    /**
     * Sets how long amoCRM keeps an unused refresh token. Default 90 days.
     *
     * @param lifetime more than zero
     * @return this builder
     */
    public Builder refreshTokenLifetime(Duration lifetime) {
      this.refreshTokenLifetime = positive(lifetime, "refreshTokenLifetime");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalStateException unless warning age ≤ critical age ≤ lifetime
     */
    public HealthPolicy build() {
      if (refreshTokenAgeWarning.compareTo(refreshTokenAgeCritical) > 0) {
        throw new IllegalStateException("the refresh token's warning age ("
            + refreshTokenAgeWarning + ") is past its critical age (" + refreshTokenAgeCritical
            + ")");
      }
      if (refreshTokenAgeCritical.compareTo(refreshTokenLifetime) > 0) {
        throw new IllegalStateException("the refresh token's critical age ("
            + refreshTokenAgeCritical + ") is past its lifetime (" + refreshTokenLifetime + ")");
      }
      return new HealthPolicy(this);
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
