package io.github.farolero.amocrm.error;

import org.jspecify.annotations.Nullable;

/**
 * The shared rate budget ({@code io.github.farolero.amocrm.RateBudget}) could not be reached, and
 * its fallback is to fail: the request was not sent, because nothing is sent that the cluster has
 * not counted. Retry later, or declare a fallback share
 * ({@code RateBudget.Fallback.localShare}) so that requests go on at a share of the limit while
 * the store is down. Budgets also throw it for their own store failures. Immutable.
 */
public class RateBudgetException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   * @param cause the store's failure, or null
   */
  public RateBudgetException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
