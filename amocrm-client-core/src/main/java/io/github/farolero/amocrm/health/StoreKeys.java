package io.github.farolero.amocrm.health;

import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The grants to look at, even while a member of a composite is down. A composite's own
 * {@code keys()} fails then (it will not claim a grant absent that the down member may hold), but
 * a health check or a keep-alive must go on with what the other members hold.
 */
final class StoreKeys {

  /** The keys found, and the members that could not be listed. */
  record Listing(List<GrantKey> keys, List<String> unreachable, boolean anyAnswered) {}

  private StoreKeys() {}

  static Listing of(TokenStore store) {
    List<TokenStore> members = store instanceof CompositeTokenStore c ? c.members()
        : List.of(store);
    Set<GrantKey> keys = new LinkedHashSet<>();
    List<String> unreachable = new ArrayList<>();
    boolean answered = false;
    for (TokenStore m : members) {
      try {
        keys.addAll(m.keys());
        answered = true;
      } catch (RuntimeException e) {
        unreachable.add(m.info().name() + ": " + e.getMessage());
      }
    }
    return new Listing(List.copyOf(keys), List.copyOf(unreachable), answered);
  }
}
