package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.testkit.RateBudgetContract;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The rate budget contract on one database, plus what is particular to the JDBC budget: two
 * statements per granted take and release, one count shared by budgets on separate data sources
 * (as two processes have), the tables created on first use, failures as {@link
 * RateBudgetException}.
 */
abstract class JdbcRateBudgetContract extends RateBudgetContract {

  /** One table prefix per test class (and JVM), created on first use. */
  private final String prefix = "rb" + Databases.newTable();
  private final Map<RateBudget, SwitchableDataSource> switches = new IdentityHashMap<>();

  /**
   * Returns a data source of the database; a new one per call where the database allows, so
   * that budgets on two of them share nothing in this JVM but the database.
   */
  protected abstract DataSource rawDataSource() throws Exception;

  protected abstract SqlDialect expectedDialect();

  private JdbcRateBudget.Builder builder(DataSource ds) {
    return JdbcRateBudget.builder().dataSource(ds).tablePrefix(prefix).createTableIfMissing(true);
  }

  @Override
  protected RateBudget createBudget(Duration lease) throws Exception {
    SwitchableDataSource ds = new SwitchableDataSource(rawDataSource());
    RateBudget b = builder(ds).lease(lease).build();
    switches.put(b, ds);
    return b;
  }

  @Override
  protected void makeUnavailable(RateBudget budget) {
    switches.get(budget).down(true);
  }

  private static RateBudget.Scope newScope() {
    return RateBudget.Scope.integration("jdbc-" + UUID.randomUUID(), "jdbc.amocrm.ru");
  }

  private static RateLimit limit(int requests) {
    return new RateLimit(requests, Duration.ofSeconds(10), Duration.ofMinutes(1));
  }

  @Test
  void detectsTheDialect() throws Exception {
    assertThat(builder(rawDataSource()).build().dialect()).isEqualTo(expectedDialect());
  }

  @Test
  void aGrantedTakeAndItsReleaseAreTwoStatements() throws Exception {
    CountingDataSource counting = new CountingDataSource(rawDataSource());
    JdbcRateBudget b = builder(counting).build();
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(3);
    b.tryTake(scope, limit).turn().release(); // first use: tables, the scope's rows
    assertThat(counting.executions()).as("first use creates rows: %s", counting)
        .isGreaterThan(2);
    for (int i = 0; i < 2; i++) {
      counting.reset();
      RateBudget.Turn turn = b.tryTake(scope, limit).turn();
      assertThat(turn).isNotNull();
      turn.release();
      assertThat(counting.roundTrips()).as("take + release: %s", counting).isEqualTo(2);
      assertThat(counting.count("execute UPDATE") + counting.count("execute WITH"))
          .as("%s", counting).isEqualTo(2);
    }
    // A take that finds no free slot asks once more, for the wait.
    b.tryTake(scope, limit).turn();
    counting.reset();
    RateBudget.Take waiting = b.tryTake(scope, limit);
    assertThat(waiting.turn()).isNull();
    assertThat(counting.roundTrips()).as("a take that waits: %s", counting).isEqualTo(2);
    assertThat(counting.count("execute SELECT")).isEqualTo(1);
    // A second release of a turn costs nothing.
    RateBudget.Turn turn = b.tryTake(newScope(), limit).turn();
    turn.release();
    counting.reset();
    turn.release();
    assertThat(counting.roundTrips()).isZero();
  }

  @Test
  void budgetsOnSeparateDataSourcesShareOneCount() throws Exception {
    JdbcRateBudget one = builder(rawDataSource()).build();
    JdbcRateBudget two = builder(rawDataSource()).build();
    RateBudget.Scope scope = newScope();
    RateLimit limit = limit(3);
    assertThat(one.tryTake(scope, limit).turn()).isNotNull();
    assertThat(two.tryTake(scope, limit).turn()).isNotNull();
    assertThat(one.tryTake(scope, limit).turn()).isNotNull();
    assertThat(two.tryTake(scope, limit).turn()).as("the fourth turn, from either").isNull();
    assertThat(one.tryTake(scope, limit).turn()).isNull();
    // A 429 reported by one pauses the other; a ban by one refuses the other.
    RateBudget.Scope other = newScope();
    one.pause(other, Duration.ofMinutes(1));
    RateBudget.Take paused = two.tryTake(other, limit);
    assertThat(paused.turn()).isNull();
    assertThat(paused.waitTime()).isGreaterThan(Duration.ofSeconds(50));
    two.ban(other, Duration.ofMinutes(2));
    assertThat(one.tryTake(other, limit).banned()).isTrue();
  }

  @Test
  void aReleaseAfterTheLeaseRanOutAndTheSlotWasTakenChangesNothing() throws Exception {
    RateBudget leased = createBudget(Duration.ofMillis(300));
    RateBudget.Scope scope = newScope();
    RateLimit limit = new RateLimit(1, Duration.ofMillis(1), Duration.ofMinutes(1));
    RateBudget.Turn late = leased.tryTake(scope, limit).turn();
    assertThat(late).isNotNull();
    RateBudget.Turn next = null;
    // Until a bound, not a count of tries: a held slot's hint is one window (1 ms here), so a
    // count of tries could end before the 300 ms lease on a quick machine.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (next == null && System.nanoTime() - deadline < 0) {
      RateBudget.Take t = leased.tryTake(scope, limit);
      next = t.turn();
      if (next == null) {
        Thread.sleep(Math.max(1, Math.min(50, t.waitTime().toMillis())));
      }
    }
    assertThat(next).as("the slot is taken again after the lease").isNotNull();
    late.release(); // logged; must not free the slot the next turn holds
    assertThat(leased.tryTake(scope, limit).turn()).isNull();
    next.release();
  }

  @Test
  void aDownDatabaseIsARateBudgetExceptionAndTheFallbackIsDeclared() throws Exception {
    SwitchableDataSource ds = new SwitchableDataSource(rawDataSource());
    JdbcRateBudget b = builder(ds).build();
    assertThat(b.fallback()).isEqualTo(RateBudget.Fallback.fail());
    b.tryTake(newScope(), limit(2)).turn().release();
    ds.down(true);
    assertThatThrownBy(() -> b.tryTake(newScope(), limit(2)))
        .isInstanceOf(RateBudgetException.class)
        .hasMessageContaining("cannot be reached");
    JdbcRateBudget shared = b.withFallback(RateBudget.Fallback.localShare(4));
    assertThat(shared.fallback()).isEqualTo(RateBudget.Fallback.localShare(4));
    assertThat(shared.toString()).contains("local share 1/4").contains(prefix);
  }

  @Test
  void missingTablesAreNamedInTheFailure() throws Exception {
    JdbcRateBudget b = JdbcRateBudget.builder().dataSource(rawDataSource())
        .tablePrefix("rb_missing_" + Math.abs(prefix.hashCode())).build();
    assertThatThrownBy(() -> b.tryTake(newScope(), limit(1)))
        .isInstanceOf(RateBudgetException.class)
        .hasMessageContaining("does not exist");
  }
}
