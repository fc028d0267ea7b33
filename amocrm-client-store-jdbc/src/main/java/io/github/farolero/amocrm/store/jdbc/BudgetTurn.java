package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.RateBudget.Turn;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A turn of {@link JdbcRateBudget} held in a slot, found again by its owner token. A second
 * release does nothing and costs no round trip; a release that fails may be tried again (else the
 * lease frees the slot).
 */
final class BudgetTurn implements Turn {

  private static final Logger log = LoggerFactory.getLogger(JdbcRateBudget.class);

  private final BudgetRows rows;
  private final BudgetStatements s;
  private final String key;
  private final String owner;
  private final long windowMicros;
  private final String budgetName;
  private final Duration lease;
  private final AtomicBoolean released = new AtomicBoolean();

  BudgetTurn(BudgetRows rows, BudgetStatements s, String key, String owner, long windowMicros,
      String budgetName, Duration lease) {
    this.rows = rows;
    this.s = s;
    this.key = key;
    this.owner = owner;
    this.windowMicros = windowMicros;
    this.budgetName = budgetName;
    this.lease = lease;
  }

  @Override
  public void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    boolean found;
    try {
      found = rows.release(s, key, owner, windowMicros);
    } catch (SQLException e) {
      released.set(false);
      throw SqlFailures.wrapBudget("JDBC rate budget " + budgetName
          + " could not release a turn in " + key, e);
    }
    if (!found) {
      log.warn("rate budget {}: a turn in {} was released after its lease of {} ran out and"
          + " another request took its slot; one more request than the limit may have been"
          + " sent in that window (a request that takes longer than the lease?)", budgetName, key,
          lease);
    }
  }

  @Override
  public String toString() {
    return "JdbcTurn{" + key + '}';
  }
}
