package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.health.HealthReason;
import io.github.farolero.amocrm.health.HealthState;
import io.github.farolero.amocrm.health.StoreHealth;
import io.github.farolero.amocrm.health.TokenHealth;
import io.github.farolero.amocrm.health.TokenHealthCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The Actuator view of {@link TokenHealthCheck}: OK and WARN are UP (the state and the reasons in
 * the details), CRITICAL is DOWN (such as {@code reauthorization-required}: a person must
 * authorize again), UNKNOWN (the store cannot be read) is UNKNOWN. With a single account's client
 * it checks that grant as this process sees it (so a refresh refused as revoked shows at once);
 * without one, every grant of the store. Details carry reason codes, messages, fingerprints and
 * times, never a token.
 */
final class TokenHealthIndicator implements HealthIndicator {

  private final TokenHealthCheck check;
  private final Supplier<@Nullable AmoCrmClient> client;

  TokenHealthIndicator(TokenHealthCheck check, Supplier<@Nullable AmoCrmClient> client) {
    this.check = Objects.requireNonNull(check, "check == null");
    this.client = Objects.requireNonNull(client, "client == null");
  }

  @Override
  public Health health() {
    AmoCrmClient single = client.get();
    if (single != null) {
      TokenHealth grant = check.check(single.tokens());
      return Health.status(status(grant.state()))
          .withDetail("state", grant.state().name())
          .withDetail("grant", grant.key().toString())
          .withDetail("reasons", reasons(grant.reasons()))
          .build();
    }
    StoreHealth store = check.checkAll();
    List<Map<String, Object>> grants = new ArrayList<>();
    for (TokenHealth grant : store.grants()) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("grant", grant.key().toString());
      g.put("state", grant.state().name());
      g.put("reasons", reasons(grant.reasons()));
      grants.add(g);
    }
    return Health.status(status(store.state()))
        .withDetail("state", store.state().name())
        .withDetail("store", store.store())
        .withDetail("reasons", reasons(store.reasons()))
        .withDetail("grants", grants)
        .build();
  }

  static Status status(HealthState state) {
    switch (state) {
      case OK:
      case WARN:
        return Status.UP;
      case CRITICAL:
        return Status.DOWN;
      default:
        return Status.UNKNOWN;
    }
  }

  private static List<Map<String, String>> reasons(List<HealthReason> reasons) {
    List<Map<String, String>> out = new ArrayList<>(reasons.size());
    for (HealthReason r : reasons) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("code", r.code());
      m.put("state", r.state().name());
      m.put("message", r.message());
      out.add(m);
    }
    return out;
  }
}
