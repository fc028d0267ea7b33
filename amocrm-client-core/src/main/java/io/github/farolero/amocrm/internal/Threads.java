package io.github.farolero.amocrm.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The library's own threads. */
final class Threads {
  private Threads() {}

  /**
   * Returns an unbounded pool of named threads that end after two idle seconds.
   *
   * @param name the threads' name prefix
   * @param daemon false for work the JVM must not cut short when the application's last thread
   *     ends (a token refresh whose new pair is being saved)
   */
  static ExecutorService cachedPool(String name, boolean daemon) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread t = new Thread(task, name + "-" + count.incrementAndGet());
          t.setDaemon(daemon);
          return t;
        });
  }
}
