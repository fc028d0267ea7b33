package io.github.farolero.amocrm.health;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The health of every grant of a store, and of the store itself. Immutable.
 *
 * @param store the store's name
 * @param state the worst state of the store's own reasons and of every grant
 * @param reasons the store's own reasons (it could not be listed), worst first
 * @param grants every grant the store holds
 * @param checkedAt when the check ran, on the check's clock
 */
public record StoreHealth(String store, HealthState state, List<HealthReason> reasons,
    List<TokenHealth> grants, Instant checkedAt) {

  /** Checks the parts and copies the lists. */
  public StoreHealth {
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(state, "state == null");
    reasons = List.copyOf(reasons);
    grants = List.copyOf(grants);
    Objects.requireNonNull(checkedAt, "checkedAt == null");
  }
}
