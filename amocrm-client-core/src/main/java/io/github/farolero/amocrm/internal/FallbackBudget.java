package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.time.Duration;
import java.util.Objects;

/** A budget with another fallback: {@link RateBudget#withFallback}. Thread-safe. */
public final class FallbackBudget implements RateBudget {
  private final RateBudget budget;
  private final Fallback fallback;

  private FallbackBudget(RateBudget budget, Fallback fallback) {
    this.budget = budget;
    this.fallback = fallback;
  }

  /** Returns {@code budget} with {@code fallback}, unwrapping an earlier one. */
  public static RateBudget of(RateBudget budget, Fallback fallback) {
    Objects.requireNonNull(fallback, "fallback == null");
    RateBudget inner = budget instanceof FallbackBudget ? ((FallbackBudget) budget).budget : budget;
    return new FallbackBudget(inner, fallback);
  }

  @Override
  public Take tryTake(Scope scope, RateLimit limit) {
    return budget.tryTake(scope, limit);
  }

  @Override
  public void pause(Scope scope, Duration pause) {
    budget.pause(scope, pause);
  }

  @Override
  public void ban(Scope scope, Duration coolDown) {
    budget.ban(scope, coolDown);
  }

  @Override
  public Fallback fallback() {
    return fallback;
  }

  @Override
  public String toString() {
    return budget + " (when down: " + fallback + ")";
  }
}
