package io.github.farolero.amocrm.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The mock's request limit: at most {@code limit} admitted requests in any window of
 * {@code windowNanos}, by arrival time on {@link System#nanoTime()} (real time: it polices real
 * traffic). Refused requests are not counted against the window. Also tracks the peak number of
 * arrivals, admitted or not, seen in any one window. Thread-safe.
 */
final class MockRateWindow {

  private final int limit; // 0: no limit
  private final long windowNanos;
  private final long[] admitted; // ring of the last `limit` admitted arrival times
  private int count;
  private int head;
  private final Deque<Long> recent = new ArrayDeque<>();
  private int peak;

  MockRateWindow(int limit, long windowNanos) {
    this.limit = limit;
    this.windowNanos = windowNanos;
    this.admitted = new long[Math.max(limit, 1)];
  }

  /** Records an arrival now; returns false if it breaks the limit (answer 429). */
  synchronized boolean admit() {
    long now = System.nanoTime();
    recent.addLast(now);
    while (now - recent.peekFirst() >= windowNanos) {
      recent.removeFirst();
    }
    peak = Math.max(peak, recent.size());
    if (limit == 0) {
      return true;
    }
    if (count == limit) {
      long oldest = admitted[head];
      if (now - oldest < windowNanos) {
        return false;
      }
      admitted[head] = now;
      head = (head + 1) % limit;
      return true;
    }
    admitted[(head + count) % limit] = now;
    count++;
    return true;
  }

  synchronized int peak() {
    return peak;
  }
}
