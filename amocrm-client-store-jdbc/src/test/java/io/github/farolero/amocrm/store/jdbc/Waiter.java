package io.github.farolero.amocrm.store.jdbc;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call run on its own thread, and proof that it is blocked where a test claims: the thread is
 * WAITING or TIMED_WAITING with a given method on its stack (a latch counted down before the
 * call would prove only that the call was about to start).
 */
final class Waiter<T> {

  private final Thread thread;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private Waiter(String name, Callable<T> call) {
    this.thread = new Thread(() -> {
      try {
        result.complete(call.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, name);
    thread.setDaemon(true);
  }

  /** Starts the call on a new thread. */
  public static <T> Waiter<T> start(String name, Callable<T> call) {
    Waiter<T> w = new Waiter<>(name, call);
    w.thread.start();
    return w;
  }

  /**
   * Waits until the thread is parked (WAITING or TIMED_WAITING) inside {@code className.method},
   * then checks over {@code hold} that it stays so and has not returned. Fails if it returned, or
   * was never seen parked there within {@code within}.
   *
   * @return the stack it was seen parked in, for messages
   */
  public String assertBlockedIn(String className, String method, Duration within, Duration hold)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    AtomicReference<String> seen = new AtomicReference<>();
    while (seen.get() == null) {
      if (result.isDone()) {
        throw new AssertionError(thread.getName() + " returned instead of blocking: "
            + describe());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(thread.getName() + " was not seen parked in " + className + "."
            + method + " within " + within + "; state " + thread.getState() + " at "
            + Arrays.toString(thread.getStackTrace()));
      }
      seen.set(parkedIn(className, method));
      if (seen.get() == null) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
    }
    // Seen blocked once; it must stay blocked (parked again between its polls) for a while.
    long until = System.nanoTime() + hold.toNanos();
    int observations = 0;
    while (System.nanoTime() - until < 0) {
      if (result.isDone()) {
        throw new AssertionError(thread.getName() + " stopped waiting after " + observations
            + " observations: " + describe());
      }
      if (parkedIn(className, method) != null) {
        observations++;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    if (observations == 0) {
      throw new AssertionError(thread.getName() + " was not seen parked again in " + hold);
    }
    return seen.get();
  }

  /** Returns the stack if the thread is parked inside the method, else null. */
  private String parkedIn(String className, String method) {
    Thread.State state = thread.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return null;
    }
    StackTraceElement[] stack = thread.getStackTrace();
    for (StackTraceElement e : stack) {
      if (e.getClassName().equals(className) && e.getMethodName().equals(method)) {
        // Still parked after the stack was taken: the frame belongs to the parked state.
        Thread.State again = thread.getState();
        return again == Thread.State.WAITING || again == Thread.State.TIMED_WAITING
            ? state + " in " + Arrays.toString(stack) : null;
      }
    }
    return null;
  }

  /** Returns true once the call returned or threw. */
  public boolean isDone() {
    return result.isDone();
  }

  /** Waits for the call's result; rethrows what it threw, wrapped. */
  public T get(Duration timeout) throws Exception {
    return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private String describe() {
    try {
      return "returned " + result.getNow(null);
    } catch (RuntimeException e) {
      return "threw " + e.getCause();
    }
  }
}
