package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The contract run against a reference budget in memory (slots on {@link System#nanoTime()}),
 * and its negative control: a budget that frees a slot at release, not a window after it, breaks
 * the window check.
 */
class RateBudgetContractTest extends RateBudgetContract {

  @Override
  protected RateBudget createBudget(Duration lease) {
    return new SlotBudget(lease.toNanos(), true);
  }

  @Test
  void aBudgetThatForgetsTheWindowAfterReleaseIsCaught() throws Exception {
    List<long[]> held = takeAndReleaseConcurrently(new SlotBudget(TimeUnit.MINUTES.toNanos(1),
        false), 3, Duration.ofMillis(100), 8, 12);
    assertThat(mostHeldAtOnce(held, TimeUnit.MILLISECONDS.toNanos(100))).isGreaterThan(3);
  }

  /** Slots per scope, each free from a time on; a turn holds its slot until released. */
  private static final class SlotBudget implements RateBudget {
    private final long leaseNanos;
    private final boolean countWindowAfterRelease;
    private final Map<Scope, long[]> freeAt = new HashMap<>();
    private final Map<Scope, Long> pausedUntil = new HashMap<>();
    private final Map<Scope, Long> bannedUntil = new HashMap<>();
    private final Map<Scope, Object[]> owners = new HashMap<>();

    SlotBudget(long leaseNanos, boolean countWindowAfterRelease) {
      this.leaseNanos = leaseNanos;
      this.countWindowAfterRelease = countWindowAfterRelease;
    }

    @Override
    public synchronized Take tryTake(Scope scope, RateLimit limit) {
      long now = System.nanoTime();
      Long banned = bannedUntil.get(scope);
      if (banned != null && banned - now > 0) {
        return Take.banned(Duration.ofNanos(banned - now));
      }
      Long paused = pausedUntil.get(scope);
      if (paused != null && paused - now > 0) {
        return Take.waitFor(Duration.ofNanos(paused - now));
      }
      long[] slots = freeAt.computeIfAbsent(scope, s -> new long[64]);
      Object[] owner = owners.computeIfAbsent(scope, s -> new Object[64]);
      long earliest = Long.MAX_VALUE;
      for (int i = 0; i < limit.requests(); i++) {
        if (owner[i] == null && slots[i] - now <= 0) {
          Object token = new Object();
          owner[i] = token;
          slots[i] = now + leaseNanos;
          int slot = i;
          AtomicBoolean done = new AtomicBoolean();
          return Take.granted(() -> release(scope, slot, token, limit, done));
        }
        if (owner[i] == null) {
          earliest = Math.min(earliest, slots[i] - now);
        } else if (slots[i] - now <= 0) {
          owner[i] = null; // its lease ran out: free now
          return tryTake(scope, limit);
        }
      }
      long window = limit.window().toNanos();
      return Take.waitFor(Duration.ofNanos(Math.min(earliest, window)));
    }

    private synchronized void release(Scope scope, int slot, Object token, RateLimit limit,
        AtomicBoolean done) {
      Object[] owner = owners.get(scope);
      if (done.compareAndSet(false, true) && owner[slot] == token) {
        owner[slot] = null;
        freeAt.get(scope)[slot] = System.nanoTime()
            + (countWindowAfterRelease ? limit.window().toNanos() : 0);
      }
    }

    @Override
    public synchronized void pause(Scope scope, Duration pause) {
      long until = System.nanoTime() + pause.toNanos();
      pausedUntil.merge(scope, until, (a, b) -> b - a > 0 ? b : a);
    }

    @Override
    public synchronized void ban(Scope scope, Duration coolDown) {
      bannedUntil.put(scope, System.nanoTime() + coolDown.toNanos());
    }
  }
}
