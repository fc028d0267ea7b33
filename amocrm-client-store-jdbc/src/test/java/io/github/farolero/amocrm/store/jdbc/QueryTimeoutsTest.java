package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The watcher that keeps PostgreSQL's query timeout: it cancels a statement that runs past its
 * timeout (within a period after it), never one whose execution returned, reports the failure
 * as a timeout, and stops when no statement runs. On a real database: {@code
 * FailureModesTest.statementTimeoutOnALockedRowFailsAndLeavesTheRecord}.
 */
class QueryTimeoutsTest {

  /** A statement whose execution blocks until it is cancelled, as one on a locked row does. */
  private static final class Blocking {
    final CountDownLatch cancelled = new CountDownLatch(1);
    final AtomicInteger cancels = new AtomicInteger();
    final Statement statement = (Statement) Proxy.newProxyInstance(
        Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (p, m, a) -> {
          if (m.getName().equals("cancel")) {
            cancels.incrementAndGet();
            cancelled.countDown();
            return null;
          }
          throw new UnsupportedOperationException(m.getName());
        });

    /** Runs "the statement": returns when cancelled, throwing what the driver would. */
    void execute(long maxMillis) throws SQLException, InterruptedException {
      if (cancelled.await(maxMillis, TimeUnit.MILLISECONDS)) {
        throw new SQLException("ERROR: canceling statement due to user request", "57014");
      }
    }
  }

  @Test
  void aStatementPastItsTimeoutIsCancelledAndReportedAsATimeout() throws Exception {
    Blocking b = new Blocking();
    long start = System.nanoTime();
    SQLException failure = null;
    try (QueryTimeouts.Watch w = QueryTimeouts.watch(b.statement, 1)) {
      try {
        b.execute(10_000);
      } catch (SQLException e) {
        failure = w.failure(e);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat((Throwable) failure).isInstanceOf(SQLTimeoutException.class)
        .hasMessageContaining("query timeout of 1 s");
    assertThat(failure.getSQLState()).isEqualTo("57014");
    // Never before its timeout (a load can only make it later; how much later is not asserted:
    // a loaded machine's scheduling is not the watcher's).
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(b.cancels.get()).isEqualTo(1);
  }

  @Test
  void aStatementThatReturnedInTimeIsNeverCancelled() throws Exception {
    Blocking b = new Blocking();
    List<QueryTimeouts.Watch> closed = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      try (QueryTimeouts.Watch w = QueryTimeouts.watch(b.statement, 1)) {
        closed.add(w);
        // returns at once
        assertThat((Throwable) w.failure(new SQLException("x")))
            .isNotInstanceOf(SQLTimeoutException.class);
      }
    }
    // Closed watches are no longer watched, and one the watcher reached anyway (it took the
    // watch just before it closed) cancels nothing: no waiting for the deadline needed.
    assertThat(closed).noneMatch(QueryTimeouts::watching);
    closed.forEach(QueryTimeouts.Watch::expire);
    assertThat(b.cancels.get()).isZero();
    assertThat((Throwable) closed.get(0).failure(new SQLException("x")))
        .isNotInstanceOf(SQLTimeoutException.class);
  }

  @Test
  void theWatcherStopsWhenNothingRunsAndStartsAgain() throws Exception {
    Blocking first = new Blocking();
    try (QueryTimeouts.Watch w = QueryTimeouts.watch(first.statement, 1)) {
      assertThat(watcherAlive()).isTrue();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (watcherAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(watcherAlive()).as("the watcher after a second without statements").isFalse();
    Blocking second = new Blocking();
    try (QueryTimeouts.Watch w = QueryTimeouts.watch(second.statement, 1)) {
      assertThatCancelled(second, w);
    }
  }

  private static void assertThatCancelled(Blocking b, QueryTimeouts.Watch w) throws Exception {
    try {
      b.execute(10_000);
    } catch (SQLException e) {
      assertThat((Throwable) w.failure(e)).isInstanceOf(SQLTimeoutException.class);
      return;
    }
    throw new AssertionError("not cancelled");
  }

  private static boolean watcherAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("amocrm-jdbc-query-timeouts") && t.isAlive());
  }
}
