package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.HealthReason;
import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.health.TokenHealth;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The health of a store's grants, as {@code status} and {@code verify} report it.
 *
 * <p>A composite's grants are listed member by member, so that a member that is down shows as
 * that member's reason (WARN, or CRITICAL for the member that provides the lock) while the others'
 * grants are still checked; {@code CompositeTokenStore.keys()} fails as a whole when any member
 * does. A store that answers but holds no grant is CRITICAL: nothing is authorized.
 */
final class Health {

  private Health() {}

  /** A member of the store (the store itself, if it is not a composite). */
  record Member(String name, boolean writable, boolean durable, @Nullable String lock,
      boolean lockMember, boolean reachable, @Nullable String error) {}

  /** What a command found. */
  record View(String store, HealthState state, List<HealthReason> reasons,
      List<TokenHealth> grants, List<Member> members, Instant checkedAt) {}

  /**
   * Lists the grants (those asked for, or every grant any member holds) and judges each.
   *
   * @param perGrant checks one grant: {@code TokenHealthCheck::check} or a verification
   */
  static View check(TokenStore store, List<GrantKey> asked, Instant now,
      Function<GrantKey, TokenHealth> perGrant) {
    List<TokenStore> members = store instanceof CompositeTokenStore c ? c.members()
        : List.of(store);
    TokenStore lockMember = store instanceof CompositeTokenStore c
        ? c.lockMember().orElse(null) : null;
    boolean composite = store instanceof CompositeTokenStore;
    Set<GrantKey> found = new LinkedHashSet<>();
    List<Member> seen = new ArrayList<>();
    List<HealthReason> reasons = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (TokenStore m : members) {
      String lock = m.locker().map(GrantLocker::scope).map(Enum::name).orElse(null);
      boolean isLock = composite ? m == lockMember : m.locker().isPresent();
      try {
        found.addAll(m.keys());
        seen.add(new Member(m.info().name(), m.info().writable(), m.info().durable(), lock,
            isLock, true, null));
      } catch (RuntimeException e) {
        String why = Errors.describe(e);
        failures.add(composite ? m.info().name() + ": " + why : why);
        seen.add(new Member(m.info().name(), m.info().writable(), m.info().durable(), lock,
            isLock, false, why));
        if (composite) {
          boolean critical = m == lockMember;
          reasons.add(new HealthReason(critical ? HealthState.CRITICAL : HealthState.WARN,
              critical ? HealthReason.LOCK_MEMBER_UNREACHABLE : HealthReason.MEMBER_UNREACHABLE,
              m.info().name() + " could not list its grants" + (critical
                  ? " and it provides the lock: refreshes that fall due fail until it is back"
                  : "") + ": " + why));
        }
      }
    }
    boolean answered = failures.size() < members.size();
    if (!answered) {
      reasons.add(new HealthReason(HealthState.UNKNOWN, HealthReason.STORE_UNREACHABLE,
          store.info().name() + " could not be read: " + String.join("; ", failures)));
    }
    List<GrantKey> keys = new ArrayList<>(asked.isEmpty() ? found : asked);
    keys.sort(Comparator.comparing(GrantKey::id));
    if (answered && keys.isEmpty()) {
      reasons.add(new HealthReason(HealthState.CRITICAL, HealthReason.NO_TOKENS,
          store.info().name() + " holds no grants; authorize one (amocrm-tokens authorize)"));
    }
    List<TokenHealth> grants = new ArrayList<>();
    if (answered || !asked.isEmpty()) {
      for (GrantKey key : keys) {
        grants.add(perGrant.apply(key));
      }
    }
    HealthState state = HealthState.OK;
    for (HealthReason r : reasons) {
      state = state.worst(r.state());
    }
    for (TokenHealth g : grants) {
      state = state.worst(g.state());
    }
    reasons.sort(Comparator.comparingInt(r -> rank(r.state())));
    return new View(store.info().name(), state, reasons, grants, seen, now);
  }

  /** Worst first: CRITICAL, WARN, UNKNOWN, OK (as {@link HealthState#worst} ranks them). */
  static int rank(HealthState s) {
    return switch (s) {
      case CRITICAL -> 0;
      case WARN -> 1;
      case UNKNOWN -> 2;
      case OK -> 3;
    };
  }
}
