package io.github.farolero.amocrm.internal;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;

/**
 * A discrete-event clock for one thread: waiting advances time to the next scheduled event (and
 * runs it) or by the wait, never sleeping.
 */
final class FakeNanoClock implements NanoClock {

  private record Event(long at, long seq, Runnable action) {}

  private long now = 1_000_000_000L;
  private long seq;
  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void await(Condition condition, long nanos) {
    long target = now + Math.max(0, nanos);
    Event next = events.peek();
    if (next != null && next.at <= target) {
      events.poll();
      now = Math.max(now, next.at);
      next.action.run();
    } else {
      now = target;
    }
  }

  void schedule(long at, Runnable action) {
    events.add(new Event(at, seq++, action));
  }

  /** Runs every event up to {@code t}, then sets the time to {@code t} (never backwards). */
  void advanceTo(long t) {
    while (!events.isEmpty() && events.peek().at <= t) {
      Event e = events.poll();
      now = Math.max(now, e.at);
      e.action.run();
    }
    now = Math.max(now, t);
  }

  void drain() {
    while (!events.isEmpty()) {
      Event e = events.poll();
      now = Math.max(now, e.at);
      e.action.run();
    }
  }
}
