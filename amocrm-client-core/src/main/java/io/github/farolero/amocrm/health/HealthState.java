package io.github.farolero.amocrm.health;

import java.util.Objects;

/**
 * How healthy a grant (or a store of grants) is, in the monitoring-plugin convention, so that
 * cron, systemd, Nagios/Icinga and Kubernetes probes can act on an exit code.
 */
public enum HealthState {
  /** Nothing needs doing. Exit code 0. */
  OK(0, 0),
  /** Works now, but will need a person if it goes on (a refresh token ageing, a member down). Exit code 1. */
  WARN(1, 2),
  /** Needs a person now: re-authorize, fix the lock member, make a new long-lived token. Exit code 2. */
  CRITICAL(2, 3),
  /** Could not be told: the store could not be read. Exit code 3. */
  UNKNOWN(3, 1);

  private final int exitCode;
  private final int severity;

  HealthState(int exitCode, int severity) {
    this.exitCode = exitCode;
    this.severity = severity;
  }

  /** Returns the exit code of this state: 0 OK, 1 WARN, 2 CRITICAL, 3 UNKNOWN. */
  public int exitCode() {
    return exitCode;
  }

  /**
   * Returns the worse of two states: CRITICAL over WARN over UNKNOWN over OK (an unknown grant is
   * not called worse than one known to be in trouble).
   *
   * @param other the other state
   * @return the worse one
   */
  public HealthState worst(HealthState other) {
    Objects.requireNonNull(other, "other == null");
    return other.severity > severity ? other : this;
  }
}
