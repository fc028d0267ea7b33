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
    Duration myLease = Duration.ofMinutes(2); // only the holder's lease matters here
    JdbcRateBudget mine = JdbcRateBudget.builder().dataSource(ds).tablePrefix(prefix)
        .createTableIfMissing(true).lease(myLease).build();
    try (Workers workers = new Workers(Path.of("target", "workers", "budget-sigkill"),
        JdbcWorkerStore.class)) {
      Workers.Worker holder = workers.start("holder", BudgetHolderWorker.class,
          List.of(Databases.postgresUrl(pg), prefix, clientId, "2",
              Long.toString(LEASE.toMillis())));
      assertThat(holder.await("TAKEN", 120)).isEqualTo("TAKEN 2");
      long[] heldUntil = leaseEnds(ds, prefix, scope); // per slot, ascending

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
      RateBudget.Turn second = takeEventually(mine, scope, limit);
      // When each slot was taken again, by the database's clock: its new lease end less this
      // budget's lease. Each must be no earlier than the dead holder's lease end on it (the
      // holder took its two slots a few ms apart, so they free a few ms apart).
      long[] takenAt = leaseEnds(ds, prefix, scope);
      for (int i = 0; i < 2; i++) {
        takenAt[i] -= TimeUnit.MILLISECONDS.toMicros(myLease.toMillis());
      }
      System.out.printf("budget SIGKILL run: holder pid %d held 2 turns until %d and %d µs (DB"
          + " clock); refused here %d times while it lived; taken again at %d and %d µs (%d and"
          + " %d ms after the leases' ends)%n", holder.pid(), heldUntil[0], heldUntil[1], refused,
          takenAt[0], takenAt[1], (takenAt[0] - heldUntil[0]) / 1000,
          (takenAt[1] - heldUntil[1]) / 1000);
      assertThat(takenAt[0]).as("a slot taken only after the dead holder's lease ran out")
          .isGreaterThanOrEqualTo(heldUntil[0]);
      assertThat(takenAt[1]).as("the other slot too")
          .isGreaterThanOrEqualTo(heldUntil[1]);
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

  /** The two held slots' lease ends (free_at), ascending; both must be owned. */
  private static long[] leaseEnds(DataSource ds, String prefix, RateBudget.Scope scope)
      throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT free_at, owner_token FROM " + prefix + "_slots WHERE scope_key = ?"
            + " ORDER BY free_at")) {
      ps.setString(1, scope.key());
      long[] ends = new long[2];
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getString(2)).as("slot owned").isNotNull();
          ends[n++] = rs.getLong(1);
        }
      }
      assertThat(n).as("slots").isEqualTo(2);
      return ends;
    }
  }
}
