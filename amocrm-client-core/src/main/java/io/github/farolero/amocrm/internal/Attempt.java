package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.TokenRecord;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of an API request, as a request tag shared by the interceptors: the auth
 * interceptor makes it, the rate limiter reads whether it is a retry (which goes ahead of the
 * queue), and the wire-side bearer interceptor records the token it sent. Thread-safe.
 */
final class Attempt {

  private final boolean retry;
  private volatile @Nullable TokenRecord sent;

  Attempt(boolean retry) {
    this.retry = retry;
  }

  /** Returns true for the retry of a request amoCRM refused with 401. */
  boolean retry() {
    return retry;
  }

  /** Returns the record whose access token went on the wire last, or null if none did. */
  @Nullable TokenRecord sent() {
    return sent;
  }

  void sent(TokenRecord record) {
    this.sent = record;
  }
}
