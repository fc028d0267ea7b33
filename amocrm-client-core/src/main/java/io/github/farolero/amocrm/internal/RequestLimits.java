package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client's limits: its integration's, the account-wide one (if set), and where they are counted
 * (in the JVM, or through a shared budget).
 *
 * @param limit the integration's limit
 * @param accountLimit the limit of every integration on the account together, or null for none
 * @param budget the budget shared by every process, or null to count in this JVM only
 */
public record RequestLimits(
    RateLimit limit, @Nullable RateLimit accountLimit, @Nullable RateBudget budget) {

  /** Checks the integration's limit is there. */
  public RequestLimits {
    Objects.requireNonNull(limit, "limit == null");
  }

  /** Returns the integration's limit alone, counted in this JVM. */
  public static RequestLimits of(RateLimit limit) {
    return new RequestLimits(limit, null, null);
  }
}
