package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.auth.TokenListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the token manager tells its {@link TokenListener}, delivered where it cannot hurt the
 * engine: after every lock is released, and with any {@link Throwable} a listener throws logged
 * (class and scrubbed message, never a token) and contained. Work done under locks queues its
 * notices in a batch and delivers them once the locks are gone and every waiter has its answer.
 */
final class Notices {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.tokens");

  private final TokenListener listener;
  private final UnaryOperator<String> scrub;
  private final List<Consumer<TokenListener>> queued = new ArrayList<>();
  private final boolean batch;
  private final AtomicBoolean delivered = new AtomicBoolean();

  private Notices(TokenListener listener, UnaryOperator<String> scrub, boolean batch) {
    this.listener = listener;
    this.scrub = scrub;
    this.batch = batch;
  }

  /** Notices delivered at once: for callers that hold no lock. */
  static Notices immediate(TokenListener listener, UnaryOperator<String> scrub) {
    return new Notices(listener, scrub, false);
  }

  /**
   * Returns an empty batch for the same listener. It is filled by one thread (a flight's), then
   * delivered by another after the flight completed.
   */
  Notices batch() {
    return new Notices(listener, scrub, true);
  }

  /** Tells the listener now, or when the batch is delivered. */
  void add(Consumer<TokenListener> notice) {
    if (batch) {
      queued.add(notice);
    } else {
      call(notice);
    }
  }

  /**
   * Delivers the batch, in order, once: later calls do nothing. The batch must be complete (its
   * work finished, which happens-before this call).
   */
  void deliver() {
    if (delivered.compareAndSet(false, true)) {
      for (Consumer<TokenListener> notice : queued) {
        call(notice);
      }
    }
  }

  private void call(Consumer<TokenListener> notice) {
    try {
      notice.accept(listener);
    } catch (Throwable t) { // a listener's Error must not stall or break the engine either
      String message = t.getMessage();
      log.warn("token listener {} threw {}{}; ignored", listener.getClass().getName(),
          t.getClass().getName(), message == null ? "" : ": " + scrub.apply(message));
    }
  }
}
