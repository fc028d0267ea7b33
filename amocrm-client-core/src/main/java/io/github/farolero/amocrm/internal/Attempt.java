package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.TokenRecord;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of an API request, as a request tag shared by the interceptors: the transport (or
 * the auth interceptor) makes it, the rate limiter reads whether it is a retry (which goes ahead of
 * the queue) and keeps its permit in it, and the wire-side bearer interceptor records the token it
 * sent. Sharing one mutable tag spares rebuilding the request at each interceptor. Thread-safe.
 */
final class Attempt {

  private final boolean retry;
  private volatile @Nullable TokenRecord sent;
  private volatile SlidingWindowLimiter.@Nullable Permit permit;

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

  /** Returns the limiter's permit this attempt holds, or null if it has none (yet). */
  SlidingWindowLimiter.@Nullable Permit permit() {
    return permit;
  }

  void permit(SlidingWindowLimiter.@Nullable Permit permit) {
    this.permit = permit;
  }
}
