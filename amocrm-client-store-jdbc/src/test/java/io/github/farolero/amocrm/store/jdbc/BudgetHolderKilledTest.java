package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.harness.Workers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two real processes share one budget, and one killed with SIGKILL while it holds turns stalls
 * the other only until its lease ran out (by PostgreSQL's clock): a worker JVM takes both turns
 * of a scope and holds them; this JVM gets none while the worker lives, and gets them once the
 * worker is killed and its lease has run out, not before.
 */
class BudgetHolderKilledTest {

  private static final Duration LEASE = Duration.ofSeconds(3);
  /** How long this process is watched not getting a turn while the holder lives. */
  private static final long WHILE_HELD_MILLIS = 1_000;

  @Test
  void anotherProcessGetsTheKilledHoldersTurnsAfterTheLease() throws Exception {
    EmbeddedPostgres pg = Databases.postgres();
    DataSource ds = Databases.postgresDataSource(pg);
    String prefix = "rb" + Databases.newTable();
    String clientId = "killed-" + UUID.randomUUID();
    RateBudget.Scope scope = RateBudget.Scope.integration(clientId, "killed.amocrm.ru");
    RateLimit limit = new RateLimit(2, Duration.ofMillis(100), Duration.ofMinutes(1));
    JdbcRateBudget mine = JdbcRateBudget.builder().dataSource(ds).tablePrefix(prefix)
        .createTableIfMissing(true).build(); // a 2-minute lease of its own: only the holder's counts
    try (Workers workers = new Workers(Path.of("target", "workers", "budget-sigkill"),
        JdbcWorkerStore.class)) {
      Workers.Worker holder = workers.start("holder", BudgetHolderWorker.class,
          List.of(Databases.postgresUrl(pg), prefix, clientId, "2",
              Long.toString(LEASE.toMillis())));
      assertThat(holder.await("TAKEN", 120)).isEqualTo("TAKEN 2");
      long heldUntil = latestFreeAt(ds, prefix, scope);

      // The other process's turns count here: none is free while it lives.
      long watchUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WHILE_HELD_MILLIS);
      int refused = 0;
      while (System.nanoTime() - watchUntil < 0) {
        RateBudget.Take take = mine.tryTake(scope, limit);
        assertThat(take.turn()).as("a turn while the holder holds both").isNull();
        assertThat(take.waitTime()).isLessThanOrEqualTo(LEASE);
        refused++;
        Thread.sleep(50);
      }
      assertThat(holder.process.isAlive()).isTrue();

      holder.process.toHandle().destroyForcibly(); // SIGKILL: no release, no finally blocks
      assertThat(holder.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

      RateBudget.Turn first = takeEventually(mine, scope, limit);
      long grantedAt = dbNow(ds);
      RateBudget.Turn second = takeEventually(mine, scope, limit);
      System.out.printf("budget SIGKILL run: holder pid %d held 2 turns until %d µs (DB clock);"
          + " refused here %d times while it lived; granted again at %d µs (%d ms after the"
          + " lease's end)%n", holder.pid(), heldUntil, refused, grantedAt,
          (grantedAt - heldUntil) / 1000);
      assertThat(grantedAt).as("granted only after the dead holder's lease ran out (DB clock)")
          .isGreaterThanOrEqualTo(heldUntil);
      first.release();
      second.release();
    }
  }

  private static RateBudget.Turn takeEventually(RateBudget b, RateBudget.Scope scope,
      RateLimit limit) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      RateBudget.Take take = b.tryTake(scope, limit);
      if (take.turn() != null) {
        return take.turn();
      }
      assertThat(System.nanoTime() - deadline).as("a turn within 60 s").isNegative();
      Thread.sleep(Math.max(1, Math.min(take.waitTime().toMillis(), 50)));
    }
  }

  private static long latestFreeAt(DataSource ds, String prefix, RateBudget.Scope scope)
      throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT MAX(free_at), COUNT(owner_token) FROM " + prefix + "_slots WHERE scope_key = ?")) {
      ps.setString(1, scope.key());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(2)).as("slots owned by the holder").isEqualTo(2);
        return rs.getLong(1);
      }
    }
  }

  private static long dbNow(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT " + BudgetStatements.now(SqlDialect.POSTGRESQL));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
