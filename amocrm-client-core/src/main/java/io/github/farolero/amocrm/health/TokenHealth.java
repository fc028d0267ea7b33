package io.github.farolero.amocrm.health;

import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.store.GrantKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health of one grant: its state, the reasons for it, and what is known about its tokens
 * (fingerprints and times, never the tokens). Immutable.
 *
 * @param key the grant
 * @param state the worst of the reasons' states, OK if there is none
 * @param reasons why, worst first
 * @param status the stored tokens' status, or null if they could not be read or there are none
 * @param checkedAt when the check ran, on the check's clock
 */
public record TokenHealth(GrantKey key, HealthState state, List<HealthReason> reasons,
    @Nullable TokenStatus status, Instant checkedAt) {

  /** Checks the parts and copies the reasons. */
  public TokenHealth {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(state, "state == null");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(checkedAt, "checkedAt == null");
  }

  /** Returns true if a reason with this code is among the reasons. */
  public boolean has(String code) {
    return reasons.stream().anyMatch(r -> r.code().equals(code));
  }
}
