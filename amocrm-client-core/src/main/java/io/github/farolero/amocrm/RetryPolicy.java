package io.github.farolero.amocrm;

import java.time.Duration;
import java.util.Objects;

/**
 * When the API client tries a request again: on {@code 429}, {@code 502}, {@code 503},
 * {@code 504} and I/O errors, at most {@link #maxAttempts()} times in all, waiting an exponential
 * backoff with jitter between tries ({@code baseDelay * 2^(retry-1)}, capped at {@code maxDelay},
 * then a random amount from half of it to all of it), or the answer's {@code Retry-After} when it
 * asks for longer. A {@code Retry-After} longer than {@code maxDelay} is not waited for: the error
 * is thrown at once.
 *
 * <p>Reads ({@code GET}) are retried. Writes ({@code POST}, {@code PATCH}) are retried only when
 * {@link Builder#retryWrites(boolean)} is set: a write whose answer was lost may have been saved,
 * and sending it again may save it twice. {@code 403} is never retried (retrying a blocked account
 * lengthens the ban), nor is any other status.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {

  private static final RetryPolicy DEFAULTS = new Builder().build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final boolean retryWrites;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.retryWrites = b.retryWrites;
  }

  /** Returns the defaults: 4 attempts, 1 s base delay, 30 s maximum delay, reads only. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a policy that never retries. */
  public static RetryPolicy none() {
    return new Builder().maxAttempts(1).build();
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this policy's settings. */
  public Builder newBuilder() {
    return new Builder().maxAttempts(maxAttempts).baseDelay(baseDelay).maxDelay(maxDelay)
        .retryWrites(retryWrites);
  }

  /** Returns how many times a request is sent at most, the first time included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the delay before the first retry, before jitter. */
  public Duration baseDelay() {
    return baseDelay;
  }

  /** Returns the longest delay between two tries. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Returns true if writes ({@code POST}, {@code PATCH}) are retried too. */
  public boolean retryWrites() {
    return retryWrites;
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", baseDelay=" + baseDelay + ", maxDelay="
        + maxDelay + ", retryWrites=" + retryWrites + '}';
  }

  /** Builds a {@link RetryPolicy}. Setters check their argument at once. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration baseDelay = Duration.ofSeconds(1);
    private Duration maxDelay = Duration.ofSeconds(30);
    private boolean retryWrites;

    private Builder() {}

    /**
     * Sets how many times a request is sent at most, the first included. Default 4; 1 never
     * retries.
     *
     * @param maxAttempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the delay before the first retry. Default 1 second (amoCRM's limit is per second).
     *
     * @param baseDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder baseDelay(Duration baseDelay) {
      Objects.requireNonNull(baseDelay, "baseDelay == null");
      if (baseDelay.isNegative()) {
        throw new IllegalArgumentException("baseDelay is negative: " + baseDelay);
      }
      this.baseDelay = baseDelay;
      return this;
    }

    /**
     * Sets the longest delay between two tries, and the longest {@code Retry-After} honoured.
     * Default 30 seconds.
     *
     * @param maxDelay not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxDelay(Duration maxDelay) {
      Objects.requireNonNull(maxDelay, "maxDelay == null");
      if (maxDelay.isNegative()) {
        throw new IllegalArgumentException("maxDelay is negative: " + maxDelay);
      }
      this.maxDelay = maxDelay;
      return this;
    }

    /**
     * Retries writes too. Default false: a write whose answer was lost may have been saved, and
     * repeating it may save it twice. Set it when duplicates are harmless or checked.
     *
     * @param retryWrites true to retry writes
     * @return this builder
     */
    public Builder retryWrites(boolean retryWrites) {
      this.retryWrites = retryWrites;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalStateException if {@code baseDelay} is longer than {@code maxDelay}
     */
    public RetryPolicy build() {
      if (baseDelay.compareTo(maxDelay) > 0) {
        throw new IllegalStateException("baseDelay " + baseDelay + " > maxDelay " + maxDelay);
      }
      return new RetryPolicy(this);
    }
  }
}
