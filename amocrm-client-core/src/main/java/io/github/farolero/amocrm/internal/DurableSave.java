package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.Sleeper;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenStoreTimeoutException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a pair amoCRM has just issued (invariant 2): such a pair is the live one, and the old
 * refresh token is already dead, so it must reach the store.
 *
 * <ul>
 *   <li>A version conflict means the store holds an older write: the pair is re-versioned and
 *       written again.
 *   <li>Other failures are tried again on a short schedule of the injected {@link Sleeper}, up to
 *       the policy's attempts; a store that did not answer in time is not asked again at once
 *       (that would only pile up threads on a hung store).
 *   <li>After the last failure the pair is kept in memory as <em>pending</em>, the listener is
 *       told, and later API calls save it again in the background, at most every few seconds.
 * </ul>
 *
 * Thread-safe.
 */
final class DurableSave {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");
  private static final Duration PENDING_RETRY_INTERVAL = Duration.ofSeconds(5);
  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
  private static final int MAX_CONFLICTS = 1000;

  private final GrantKey key;
  private final StoreCalls store;
  private final Sleeper sleeper;
  private final Clock clock;
  private final int attempts;
  private final AtomicBoolean retrying = new AtomicBoolean();
  private volatile @Nullable TokenRecord pending;
  private volatile @Nullable RuntimeException lastFailure;
  private volatile Instant nextRetry = Instant.MIN;

  DurableSave(GrantKey key, StoreCalls store, Sleeper sleeper, Clock clock, int attempts) {
    this.key = key;
    this.store = store;
    this.sleeper = sleeper;
    this.clock = clock;
    this.attempts = attempts;
  }

  /**
   * Saves a fresh pair. Returns the record as saved (its version may have grown), or, if every
   * attempt failed, as kept in memory: then {@link #isPending} is true for it.
   */
  TokenRecord save(TokenRecord next, Notices notices) {
    TokenRecord attempt = next;
    RuntimeException last = null;
    int failures = 0;
    int conflicts = 0;
    int tries = 0;
    while (true) {
      tries++;
      try {
        store.write(attempt);
        pending = null;
        lastFailure = null;
        return attempt;
      } catch (TokenVersionConflictException c) {
        last = c;
        if (++conflicts > MAX_CONFLICTS) {
          break; // versions only grow by others' writes: something is badly wrong
        }
        attempt = attempt.withVersion(Math.max(c.storedVersion(), attempt.version()) + 1);
      } catch (TokenStoreTimeoutException t) {
        last = t;
        break;
      } catch (RuntimeException e) {
        last = e;
        if (++failures >= attempts || !pause(failures)) {
          break;
        }
      }
    }
    RuntimeException failure = last;
    pending = attempt;
    lastFailure = failure;
    nextRetry = clock.instant().plus(PENDING_RETRY_INTERVAL);
    log.error("could not save the new tokens of {} to {} ({} attempts); keeping them in memory"
        + " and trying again later. A restart before then loses them: {}", key,
        store.storeName(), tries, String.valueOf(failure));
    notices.add(l -> l.onStoreWriteFailed(key, failure));
    return attempt;
  }

  /** Returns true if {@code record} holds the pair whose save is pending. */
  boolean isPending(TokenRecord record) {
    return record.sameTokens(pending);
  }

  /** Returns the pending pair, or null. */
  @Nullable TokenRecord pending() {
    return pending;
  }

  /** Returns why the pending pair could not be saved. */
  TokenStoreException pendingFailure() {
    RuntimeException f = lastFailure;
    return f instanceof TokenStoreException t ? t
        : new TokenStoreException("could not save the tokens of " + key + " to "
            + store.storeName(), f);
  }

  /**
   * If a pair is pending and its next try is due, saves it again in the background, unless the
   * manager is busy ({@code mutation} held). Never waits.
   *
   * @param adopt told the record the store holds once the pending pair is settled
   */
  void retryIfDue(Lock mutation, Consumer<TokenRecord> adopt) {
    if (pending == null || clock.instant().isBefore(nextRetry)
        || !retrying.compareAndSet(false, true)) {
      return;
    }
    try {
      SingleFlight.background(() -> {
        try {
          retryNow(mutation, adopt);
        } finally {
          retrying.set(false);
        }
      });
    } catch (RuntimeException e) {
      retrying.set(false);
    }
  }

  private void retryNow(Lock mutation, Consumer<TokenRecord> adopt) {
    if (!mutation.tryLock()) {
      return; // a refresh or an authorization is running; it settles the pending pair itself
    }
    try {
      TokenRecord p = pending;
      if (p == null) {
        return;
      }
      nextRetry = clock.instant().plus(PENDING_RETRY_INTERVAL);
      try {
        store.write(p);
        pending = null;
        log.info("saved the pending tokens of {} to {}", key, store.storeName());
      } catch (TokenVersionConflictException c) {
        settleConflict(p, c, adopt);
      } catch (RuntimeException e) {
        log.warn("still cannot save the pending tokens of {}: {}", key, e.toString());
      }
    } finally {
      mutation.unlock();
    }
  }

  /**
   * The pending pair met a newer version in the store. If the store holds the same pair (a write
   * that timed out landed after all) or one issued later (a person authorized again), the store
   * wins; otherwise the pending pair, fresh from amoCRM, is the live one and is written over it.
   */
  private void settleConflict(TokenRecord p, TokenVersionConflictException c,
      Consumer<TokenRecord> adopt) {
    try {
      TokenRecord stored = store.load().orElse(null);
      if (stored != null && (stored.sameTokens(p) || stored.issuedAt().isAfter(p.issuedAt()))) {
        pending = null;
        adopt.accept(stored);
        return;
      }
      TokenRecord again = p.withVersion(c.storedVersion() + 1);
      store.write(again);
      pending = null;
      adopt.accept(again);
    } catch (RuntimeException e) {
      log.warn("still cannot save the pending tokens of {}: {}", key, e.toString());
    }
  }

  /** Waits before the next attempt; false if interrupted (the flag is kept). */
  private boolean pause(int failures) {
    try {
      sleeper.sleep(FIRST_RETRY_DELAY.multipliedBy(failures));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
