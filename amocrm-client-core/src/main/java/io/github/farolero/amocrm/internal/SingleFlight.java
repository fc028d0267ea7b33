package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.error.AmoCrmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Concurrent callers of one grant share one refresh (invariant 1), and the refresh runs where no
 * caller can break it (invariant 2).
 *
 * <p>A flight runs on a thread of its own, never on a caller's: once amoCRM has issued a pair, an
 * interrupt of the caller must not abandon the answer's body or close the token file's channel.
 * Callers wait for the flight with a bound, and an interrupt that arrives meanwhile is deferred:
 * the caller keeps waiting until the pair is saved, then its interrupt flag is set again. Flight
 * threads are not daemons, so the JVM does not end in the middle of a save either.
 *
 * <p>Every flight completes for every waiter, whatever its work throws ({@code Error}s too). Its
 * listener notices are delivered after that, outside every lock, by the caller that started it
 * (so a caller sees its own notices before it returns; a slow listener slows only that caller),
 * or by the flight's thread if that caller stopped waiting. Thread-safe.
 */
final class SingleFlight {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");
  private static final ExecutorService POOL = Threads.cachedPool("amocrm-token-refresh", false);

  /** A running or finished flight, as one caller sees it. */
  static final class Flight<T> {
    private final CompletableFuture<T> result;
    private final Notices notices;
    private final boolean startedHere;
    private volatile boolean abandoned;

    private Flight(CompletableFuture<T> result, Notices notices, boolean startedHere) {
      this.result = result;
      this.notices = notices;
      this.startedHere = startedHere;
    }

    /** Returns true if this caller started the flight (and delivers its notices). */
    boolean startedHere() {
      return startedHere;
    }

    /**
     * Waits for the result for at most {@code boundNanos}, deferring interrupts: the flight may be
     * saving a pair amoCRM has issued, and the caller's thread leaving early could let the JVM end
     * before it is saved. A deferred interrupt is restored before this returns or throws. The
     * caller that started the flight then delivers its notices.
     *
     * @param onTimeout makes the exception thrown when the bound passes
     * @throws RuntimeException what the flight threw, or {@code onTimeout}'s exception
     */
    T await(long boundNanos, Supplier<? extends RuntimeException> onTimeout) {
      boolean interrupted = false;
      boolean timedOut = false;
      long start = System.nanoTime();
      try {
        while (true) {
          long left = boundNanos - (System.nanoTime() - start);
          try {
            return result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (TimeoutException e) {
            timedOut = true;
            throw onTimeout.get();
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
              throw re;
            }
            if (cause instanceof Error err) {
              throw err;
            }
            throw new AmoCrmException("a token refresh failed", cause);
          }
        }
      } finally {
        if (startedHere) {
          if (timedOut) {
            abandoned = true; // the flight's thread delivers, unless it finished meanwhile
          }
          if (result.isDone()) {
            notices.deliver();
          }
        }
        if (interrupted) {
          log.info("{} was interrupted while tokens were being refreshed or saved; the interrupt"
              + " was deferred until they were saved, and is restored now",
              Thread.currentThread().getName());
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private final Object guard = new Object();
  private final Notices notices;
  private @Nullable Flight<?> running; // guarded by guard

  SingleFlight(Notices notices) {
    this.notices = notices;
  }

  /** Joins the running flight, or starts {@code work} as the new one. */
  @SuppressWarnings("unchecked")
  <T> Flight<T> join(Function<Notices, T> work) {
    synchronized (guard) {
      if (running != null) {
        Flight<T> other = (Flight<T>) running;
        return new Flight<>(other.result, other.notices, false);
      }
      Flight<T> f = new Flight<>(new CompletableFuture<>(), notices.batch(), true);
      running = f;
      start(f, work, true);
      return f;
    }
  }

  /** Starts {@code work} unless a flight is running; returns null then. */
  <T> @Nullable Flight<T> startIfIdle(Function<Notices, T> work) {
    synchronized (guard) {
      if (running != null) {
        return null;
      }
      Flight<T> f = new Flight<>(new CompletableFuture<>(), notices.batch(), true);
      running = f;
      start(f, work, true);
      return f;
    }
  }

  /** Runs {@code work} on a flight thread of its own, not shared with anyone. */
  <T> Flight<T> runAlone(Function<Notices, T> work) {
    Flight<T> f = new Flight<>(new CompletableFuture<>(), notices.batch(), true);
    start(f, work, false);
    return f;
  }

  /** Runs {@code task} on a flight thread, for background work such as a pending save. */
  static void background(Runnable task) {
    POOL.execute(task);
  }

  private <T> void start(Flight<T> f, Function<Notices, T> work, boolean shared) {
    try {
      POOL.execute(() -> {
        T value = null;
        Throwable failure = null;
        try {
          value = work.apply(f.notices);
        } catch (Throwable t) {
          failure = t;
        }
        if (shared) {
          synchronized (guard) {
            if (running == f) {
              running = null; // before completing: a waiter that looks again starts a new one
            }
          }
        }
        if (failure == null) {
          f.result.complete(value);
        } else {
          f.result.completeExceptionally(failure);
        }
        if (f.abandoned) {
          f.notices.deliver();
        }
      });
    } catch (RejectedExecutionException e) {
      if (shared) {
        running = null; // the caller holds guard
      }
      f.result.completeExceptionally(
          new AmoCrmException("could not start a token refresh thread", e));
    }
  }
}
