package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.harness.Workers;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Must-show: a process killed with SIGKILL while it holds the refresh lease. Another process that
 * needs a refresh waits, takes the lease once it has run out (by PostgreSQL's clock), refreshes
 * once, and amoCRM sees no reused refresh token. That it waits is seen, not assumed: the
 * successor prints {@code ACQUIRING} when its client starts to take the lease and {@code ACQUIRED}
 * once it holds it; between the two, while the holder lives, it does not get it.
 *
 * <p>The killed process is stopped inside its refresh, after it took the lease and before its
 * token request left the process (an interceptor that never returns): the moment a crash leaves a
 * lease behind with nothing sent. (Had the request reached amoCRM, the old refresh token would be
 * spent and the new pair lost with the process: no lock can undo that; see the README.)
 */
class LeaseHolderKilledTest {

  private static final Duration KILLED_HOLDERS_LEASE = Duration.ofSeconds(8);
  /** How long the successor is watched not getting the lease while the holder lives. */
  private static final long WHILE_HELD_MILLIS = 1_500;

  @Test
  void anotherProcessTakesOverAfterTheKilledHoldersLeaseRunsOut() throws Exception {
    EmbeddedPostgres pg = Databases.postgres();
    DataSource ds = Databases.postgresDataSource(pg);
    String table = Databases.newTable();
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).tableName(table)
        .createTableIfMissing(true).build();
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start();
        Workers workers = new Workers(Path.of("target", "workers", "sigkill"),
            JdbcWorkerStore.class)) {
      GrantKey key = GrantKey.of(amo.accountDomain());
      store.write(amo.issueTokens().toRecord(key, 1));
      clock.advance(Duration.ofHours(25)); // the token has expired: the next call refreshes
      List<String> common = List.of("clock=" + clock.instant(),
          "jdbcUrl=" + Databases.postgresUrl(pg), "dbUser=postgres", "table=" + table,
          "domain=" + amo.accountDomain(), "baseUrl=" + amo.baseUrl(),
          "clientId=" + amo.clientId(), "clientSecret=" + amo.clientSecret(),
          "redirectUri=" + amo.redirectUri(), "index=0");

      Workers.Worker holder = workers.start("holder", concat(common, "mode=stall",
          "leaseMillis=" + KILLED_HOLDERS_LEASE.toMillis()));
      holder.await("STALLED", 120);
      Lease held = lease(ds, table, key);
      assertThat(held.owner()).as("the stalled process holds the lease")
          .startsWith(holder.pid() + "@");
      assertThat(held.until()).isAfter(held.dbNow());

      Workers.Worker successor = workers.start("successor", concat(common, "mode=once",
          "waitMillis=120000"));
      successor.await("STARTED", 120);
      // The successor is waiting for the lease: it said it started to take it, and for a while
      // (a few of its polls) it does not get it, while the holder lives.
      successor.await("ACQUIRING", 120);
      assertThat(successor.poll("ACQUIRED", WHILE_HELD_MILLIS))
          .as("the successor took the lease while its holder was alive").isNull();
      assertThat(lease(ds, table, key).owner()).as("the holder still holds the lease")
          .isEqualTo(held.owner());

      holder.process.destroyForcibly(); // SIGKILL: no release, no finally blocks
      assertThat(holder.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(amo.refreshCalls()).as("the killed holder's request never left it").isZero();
      successor.await("ACQUIRED", 120);
      assertThat(lease(ds, table, key).dbNow()).as("the successor got the lease only after the"
          + " dead holder's lease ran out (DB clock)").isAfterOrEqualTo(held.until());

      String result = successor.await("RESULT", 180);
      assertThat(result).as("successor; stderr:\n" + successor.stderr()).isEqualTo("RESULT ok");
      assertThat(successor.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      TokenRecord now = store.load(key).orElseThrow();
      OffsetDateTime written = updatedAt(ds, table, key);
      System.out.printf("SIGKILL run: holder pid %d held the lease until %s (DB clock) and was"
              + " killed; successor pid %d wrote version %d at %s; refresh calls %d, revoked %d,"
              + " API calls %d (401: %d)%n", holder.pid(), held.until(), successor.pid(),
          now.version(), written, amo.refreshCalls(), amo.revokedRefreshes(), amo.apiCalls(),
          amo.unauthorizedApiCalls());
      assertThat(amo.refreshCalls()).as("refresh calls").isEqualTo(1);
      assertThat(amo.revokedRefreshes()).as("revoked refreshes").isZero();
      assertThat(now.version()).isEqualTo(2);
      assertThat(amo.isAccessTokenValid(now.accessToken())).isTrue();
      // The successor could only write after the dead holder's lease ran out.
      assertThat(written).isAfterOrEqualTo(held.until());
      assertThat(lease(ds, table, key).owner()).as("the successor released its lease").isNull();
    }
  }

  private static List<String> concat(List<String> common, String... more) {
    List<String> all = new java.util.ArrayList<>(common);
    all.addAll(List.of(more));
    return all;
  }

  record Lease(String owner, OffsetDateTime until, OffsetDateTime dbNow) {}

  private static Lease lease(DataSource ds, String table, GrantKey key) throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT lease_owner, lease_until, CURRENT_TIMESTAMP FROM " + table
            + " WHERE grant_key = ?")) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return new Lease(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
            rs.getObject(3, OffsetDateTime.class));
      }
    }
  }

  private static OffsetDateTime updatedAt(DataSource ds, String table, GrantKey key)
      throws Exception {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT updated_at FROM " + table + " WHERE grant_key = ?")) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getObject(1, OffsetDateTime.class);
      }
    }
  }
}
