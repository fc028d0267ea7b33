package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import io.github.farolero.amocrm.testkit.TokenStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The store contract, plus what is particular to the JDBC store, on one database. Each test gets
 * a table of its own, created by the store ({@code createTableIfMissing}).
 */
abstract class JdbcTokenStoreContract extends TokenStoreContract {

  /** Every test's data source, switchable, around the database's own. */
  protected SwitchableDataSource dataSource;
  protected String table;

  /** Returns the database's data source (shared by the tests of the class). */
  protected abstract DataSource rawDataSource() throws Exception;

  /** Returns the dialect the store should detect. */
  protected abstract SqlDialect expectedDialect();

  /** True if the driver makes {@code Connection.setReadOnly(true)} binding on the server. */
  protected boolean readOnlyConnectionsAreEnforced() {
    return true;
  }

  @Override
  protected TokenStore createStore() throws Exception {
    dataSource = new SwitchableDataSource(rawDataSource());
    table = Databases.newTable();
    return JdbcTokenStore.builder()
        .dataSource(dataSource)
        .tableName(table)
        .createTableIfMissing(true)
        .build();
  }

  @Override
  protected void makeUnavailable(TokenStore store) {
    dataSource.down(true);
  }

  private JdbcTokenStore jdbc() {
    return (JdbcTokenStore) store;
  }

  // --- Schema and dialect -----------------------------------------------------------------------

  @Test
  void detectsTheDialectAndOffersAClusterLock() {
    assertThat(jdbc().dialect()).isEqualTo(expectedDialect());
    assertThat(store.locker().orElseThrow().scope()).isEqualTo(LockScope.CLUSTER);
    assertThat(store.info().durable()).isTrue();
    assertThat(store.info().writable()).isTrue();
  }

  @Test
  void shippedSchemaFileCreatesAWorkingTable() throws Exception {
    String other = Databases.newTable();
    Databases.execute(rawDataSource(), expectedDialect().createTableSql(other));
    JdbcTokenStore s = JdbcTokenStore.builder().dataSource(rawDataSource()).tableName(other)
        .dialect(expectedDialect()).build();
    TokenRecord r = record(GrantKey.of("schema.amocrm.ru", "Client-A"), 1);
    s.write(r);
    assertThat(s.load(r.key())).contains(r);
    // Client ids are case-sensitive: another case is another grant.
    assertThat(s.load(GrantKey.of("schema.amocrm.ru", "client-a"))).isEmpty();
  }

  @Test
  void storeOnAMissingTableFailsClearlyWithoutCreatingIt() throws Exception {
    JdbcTokenStore s = JdbcTokenStore.builder().dataSource(rawDataSource())
        .tableName(Databases.newTable()).build();
    assertThatThrownBy(() -> s.load(GrantKey.of("missing.amocrm.ru")))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("missing.amocrm.ru");
  }

  // --- Compare-and-set --------------------------------------------------------------------------

  /**
   * Unlike the inherited {@code concurrentWritersOfOneVersionHaveExactlyOneWinner}, which writes
   * version 1 before its writers race on the {@code UPDATE}, no row exists here: the writers race
   * on the {@code INSERT}, and the losers must take the duplicate-key path to a conflict.
   */
  @Test
  void racingFirstWritesOfAGrantHaveExactlyOneWinner() throws Exception {
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 4; round++) {
        GrantKey key = GrantKey.of("first" + round + ".amocrm.ru");
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        List<TokenRecord> candidates = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          TokenRecord mine = record(key, 1);
          candidates.add(mine);
          futures.add(pool.submit(() -> {
            start.await();
            try {
              store.write(mine);
              wins.incrementAndGet();
            } catch (TokenVersionConflictException e) {
              conflicts.incrementAndGet();
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
        assertThat(wins.get()).as("winners of the first write, round %d", round).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(writers - 1);
        assertThat(candidates).contains(store.load(key).orElseThrow());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writerWhoseLeaseRanOutIsRefusedByTheVersionCheck() {
    GrantKey key = GrantKey.of("slow-holder.amocrm.ru");
    store.write(record(key, 1));
    GrantLocker locker = store.locker().orElseThrow();
    // A takes a short lease and reads version 1, then stalls past its lease.
    GrantLock a = locker.acquire(key, Duration.ofMillis(300), Duration.ofSeconds(5));
    TokenRecord readByA = store.load(key).orElseThrow();
    // B gets the lock once A's lease ran out (by the database's clock), and writes version 2.
    TokenRecord byB;
    try (GrantLock b = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(30))) {
      TokenRecord readByB = store.load(key).orElseThrow();
      byB = record(key, readByB.version() + 1);
      store.write(byB);
    }
    // A wakes up and writes what it made from version 1: refused, B's record stays.
    TokenRecord byA = record(key, readByA.version() + 1);
    assertThatThrownBy(() -> store.write(byA))
        .isExactlyInstanceOf(TokenVersionConflictException.class);
    a.close();
    assertThat(store.load(key)).contains(byB);
  }

  // --- Round trips -------------------------------------------------------------------------------

  /**
   * What each operation asks of the database, pinned: a write of a grant that has a record, a
   * load, and each step of the lease are one statement each, in auto-commit (no {@code BEGIN},
   * {@code COMMIT} or auto-commit switch: a statement on its own commits whole or not at all);
   * a first write is three (the {@code UPDATE} that finds no row, the look, the {@code INSERT}),
   * a refused write two. The query timeout is set on every statement, except on PostgreSQL,
   * where {@link QueryTimeouts} keeps it (the driver would arm a timer per statement). Before
   * this, a write or a lease step was a transaction: two more round trips on MySQL and MariaDB
   * (the auto-commit switches), one more ({@code COMMIT}) on PostgreSQL.
   */
  @Test
  void eachOperationIsAsFewStatementsAsItNeeds() {
    CountingDataSource counting = new CountingDataSource(dataSource);
    JdbcTokenStore s = JdbcTokenStore.builder().dataSource(counting).tableName(table)
        .dialect(expectedDialect()).createTableIfMissing(true).build();
    s.keys(); // the table, made on first use
    boolean watched = expectedDialect() == SqlDialect.POSTGRESQL;
    GrantKey key = GrantKey.of("round-trips.amocrm.ru");
    List<String> report = new ArrayList<>();
    record Step(String name, int statements, Runnable run) {}
    GrantLock[] lock = new GrantLock[1];
    TokenRecord second = record(key, 2);
    for (Step step : List.of(
        new Step("first write", 3, () -> s.write(record(key, 1))),
        new Step("write", 1, () -> s.write(second)),
        new Step("load", 1, () -> assertThat(s.load(key)).contains(second)),
        new Step("refused write", 2, () -> assertThatThrownBy(() -> s.write(record(key, 2)))
            .isExactlyInstanceOf(TokenVersionConflictException.class)),
        new Step("lease taken", 1, () -> lock[0] = s.locker().orElseThrow()
            .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))),
        new Step("lease released", 1, () -> lock[0].close()))) {
      counting.reset();
      step.run().run();
      report.add(step.name() + " " + counting);
      assertThat(counting.executions()).as("%s: statements %s", step.name(), counting)
          .isEqualTo(step.statements());
      assertThat(counting.roundTrips()).as("%s: round trips %s", step.name(), counting)
          .isEqualTo(step.statements());
      assertThat(counting.count("setQueryTimeout")).as("%s: timeouts set %s", step.name(),
          counting).isEqualTo(watched ? 0 : step.statements());
      if (!watched) {
        // Connector/J may ask the server whether the connection is read-only.
        assertThat(counting.count("isReadOnly")).as("%s: %s", step.name(), counting).isZero();
      }
    }
    for (int i = 3; i <= 20; i++) {
      s.write(record(key, i));
    }
    counting.reset();
    for (int i = 21; i <= 40; i++) {
      s.write(record(key, i));
      s.load(key);
    }
    assertThat(counting.roundTrips()).as("20 writes and 20 loads: %s", counting).isEqualTo(40);
    System.out.printf("round trips on %s: %s%n", expectedDialect(), report);
  }

  // --- Transactions and failures ----------------------------------------------------------------

  @Test
  void failedCommitLeavesTheOldRecord() {
    GrantKey key = GrantKey.of("commit.amocrm.ru");
    TokenRecord v1 = record(key, 1);
    store.write(v1);
    dataSource.failCommit(true);
    TokenRecord v2 = record(key, 2);
    assertThatThrownBy(() -> store.write(v2))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageNotContaining(v2.accessToken())
        .hasMessageNotContaining(String.valueOf(v2.refreshToken()));
    assertThatThrownBy(() -> store.write(record(GrantKey.of("commit2.amocrm.ru"), 1)))
        .isExactlyInstanceOf(TokenStoreException.class);
    dataSource.failCommit(false);
    assertThat(store.load(key)).contains(v1);
    assertThat(store.load(GrantKey.of("commit2.amocrm.ru"))).isEmpty();
  }

  @Test
  void unreachableDatabaseIsAStoreFailureForEveryOperation() {
    GrantKey key = GrantKey.of("down-all.amocrm.ru");
    store.write(record(key, 1));
    dataSource.down(true);
    assertThatThrownBy(() -> store.load(key)).isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("cannot be reached");
    assertThatThrownBy(() -> store.write(record(key, 2)))
        .isExactlyInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> store.keys()).isExactlyInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> store.delete(key)).isExactlyInstanceOf(TokenStoreException.class);
    assertThatThrownBy(() -> store.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(1)))
        .isExactlyInstanceOf(TokenStoreException.class);
    dataSource.down(false);
    assertThat(store.load(key).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void readOnlyDatabaseRefusesWritesAndLocksAsAStoreFailure() {
    org.junit.jupiter.api.Assumptions.assumeTrue(readOnlyConnectionsAreEnforced(),
        "this driver treats read-only connections as a hint");
    GrantKey key = GrantKey.of("read-only.amocrm.ru");
    TokenRecord v1 = record(key, 1);
    store.write(v1);
    dataSource.readOnly(true);
    TokenRecord v2 = record(key, 2);
    assertThatThrownBy(() -> store.write(v2))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("read-only")
        .hasMessageNotContaining(v2.accessToken());
    assertThatThrownBy(() -> store.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(1)))
        .isExactlyInstanceOf(TokenStoreException.class);
    assertThat(store.load(key)).contains(v1);
    dataSource.readOnly(false);
    store.write(v2);
    assertThat(store.load(key)).contains(v2);
  }

  // --- The lease row ----------------------------------------------------------------------------

  @Test
  void leaseOnAGrantWithoutRecordIsNoRecord() {
    GrantKey key = GrantKey.of("lease-only.amocrm.ru");
    try (GrantLock l = store.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThat(store.load(key)).isEmpty();
      assertThat(store.keys()).doesNotContain(key);
      assertThat(store.delete(key)).isFalse();
      TokenRecord first = record(key, 1);
      store.write(first); // the first record goes into the row that holds the lease
      assertThat(store.load(key)).contains(first);
      // ...and the lease is still held.
      assertThatThrownBy(() -> store.locker().orElseThrow()
          .acquire(key, Duration.ofMinutes(1), Duration.ofMillis(100)))
          .isExactlyInstanceOf(LockTimeoutException.class);
    }
  }

  @Test
  void deleteKeepsARunningLease() {
    GrantKey key = GrantKey.of("delete-locked.amocrm.ru");
    store.write(record(key, 4));
    GrantLocker locker = store.locker().orElseThrow();
    try (GrantLock l = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThat(store.delete(key)).isTrue();
      assertThat(store.load(key)).isEmpty();
      assertThatThrownBy(() -> locker.acquire(key, Duration.ofMinutes(1), Duration.ofMillis(100)))
          .isExactlyInstanceOf(LockTimeoutException.class);
    }
    try (GrantLock again = locker.acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThat(again.key()).isEqualTo(key);
    }
  }

  /**
   * A waiter for a held lease is blocked, not failing and not through: its thread is seen parked
   * between polls inside {@code LeaseLocker.acquire} while the lease is held, and it returns with
   * the lease once the holder releases it.
   */
  @Test
  void aWaiterForAHeldLeaseBlocksUntilTheHolderReleases() throws Exception {
    GrantKey key = GrantKey.of("waiter.amocrm.ru");
    store.write(record(key, 1));
    JdbcTokenStore other = jdbc().newBuilder().build(); // another instance: another owner
    GrantLock held = store.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5));
    Waiter<GrantLock> waiter;
    try {
      waiter = Waiter.start("lease-waiter", () -> other.locker().orElseThrow()
          .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(30)));
      waiter.assertBlockedIn("io.github.farolero.amocrm.store.jdbc.LeaseLocker", "acquire",
          Duration.ofSeconds(10), Duration.ofMillis(600));
    } finally {
      held.close();
    }
    try (GrantLock mine = waiter.get(Duration.ofSeconds(30))) {
      assertThat(mine.key()).isEqualTo(key);
      // Now the waiter holds it: the first holder is the one kept out.
      assertThatThrownBy(() -> store.locker().orElseThrow()
          .acquire(key, Duration.ofMinutes(1), Duration.ofMillis(100)))
          .isExactlyInstanceOf(LockTimeoutException.class);
    }
  }

  @Test
  void twoStoresOnOneTableExcludeEachOther() throws Exception {
    JdbcTokenStore other = JdbcTokenStore.builder().dataSource(rawDataSource()).tableName(table)
        .build();
    GrantKey key = GrantKey.of("two-stores.amocrm.ru");
    try (GrantLock l = store.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> other.locker().orElseThrow()
          .acquire(key, Duration.ofMinutes(1), Duration.ofMillis(200)))
          .isExactlyInstanceOf(LockTimeoutException.class)
          .hasMessageContaining(key.domain())
          .hasMessageContaining("@"); // names the holder: pid@host
    }
    try (GrantLock l = other.locker().orElseThrow()
        .acquire(key, Duration.ofMinutes(1), Duration.ofSeconds(5))) {
      assertThat(l.key()).isEqualTo(key);
    }
  }

  // --- Encryption ------------------------------------------------------------------------------

  @Test
  void encryptedColumnsHoldNoTokenAndNeedTheRightKey() throws Exception {
    TokenCipher cipher = TokenCipher.fromBase64Key(TokenCipher.generateBase64Key());
    JdbcTokenStore encrypted = jdbc().newBuilder().cipher(cipher).build();
    GrantKey key = GrantKey.of("secret.amocrm.ru");
    TokenRecord r = record(key, 1);
    encrypted.write(r);
    assertThat(encrypted.load(key)).contains(r);

    String[] raw = rawTokens(key);
    assertThat(raw[0]).startsWith("v1:").doesNotContain(r.accessToken());
    assertThat(raw[1]).startsWith("v1:").doesNotContain(String.valueOf(r.refreshToken()));
    assertThat(encrypted.toString()).contains(cipher.keyFingerprint());

    // Without the key, with another key: a clear error, never garbage tokens.
    assertThatThrownBy(() -> store.load(key)).isExactlyInstanceOf(TokenDecryptionException.class)
        .hasMessageContaining("no token encryption key");
    JdbcTokenStore wrongKey = jdbc().newBuilder()
        .cipher(TokenCipher.fromBase64Key(TokenCipher.generateBase64Key())).build();
    assertThatThrownBy(() -> wrongKey.load(key)).isExactlyInstanceOf(TokenDecryptionException.class)
        .hasMessageNotContaining(raw[0]);

    // The grant key is the associated data: the row's tokens copied onto another grant fail.
    GrantKey other = GrantKey.of("copy.amocrm.ru");
    encrypted.write(record(other, 1));
    try (Connection c = rawDataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + table
            + " SET access_token = ?, refresh_token = ? WHERE grant_key = ?")) {
      c.setAutoCommit(true);
      ps.setString(1, raw[0]);
      ps.setString(2, raw[1]);
      ps.setString(3, other.id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThatThrownBy(() -> encrypted.load(other))
        .isExactlyInstanceOf(TokenDecryptionException.class);

    // An encrypted store refuses an unencrypted row.
    GrantKey plain = GrantKey.of("plain.amocrm.ru");
    store.write(record(plain, 1));
    assertThatThrownBy(() -> encrypted.load(plain))
        .isExactlyInstanceOf(TokenDecryptionException.class);
  }

  /** Reads a row's token columns as stored. */
  protected String[] rawTokens(GrantKey key) throws Exception {
    try (Connection c = rawDataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT access_token, refresh_token FROM " + table + " WHERE grant_key = ?")) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return new String[] {rs.getString(1), rs.getString(2)};
      }
    }
  }

  // --- Times -----------------------------------------------------------------------------------

  @Test
  void instantsKeepMicrosecondsAndCutNanoseconds() {
    GrantKey key = GrantKey.of("micros.amocrm.ru");
    TokenRecord base = record(key, 1);
    Instant issued = Instant.parse("2026-05-06T07:08:09.123456789Z");
    TokenRecord r = new TokenRecord(key, base.accessToken(), base.refreshToken(),
        issued.plusSeconds(86_400), issued, key.domain(), 1);
    store.write(r);
    TokenRecord loaded = store.load(key).orElseThrow();
    assertThat(loaded.issuedAt()).isEqualTo(Instant.parse("2026-05-06T07:08:09.123456Z"));
    assertThat(loaded.expiresAt()).isEqualTo(Instant.parse("2026-05-07T07:08:09.123456Z"));
    assertThat(loaded.sameTokens(r)).isTrue();
  }

  @Test
  void builderRefusesBadSettings() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().build())
        .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("dataSource");
    for (String bad : new String[] {"tokens; DROP TABLE x", "1tokens", "a.b.c", "\"quoted\"",
        "tok-ens", "", "a".repeat(64), "public."}) {
      assertThatThrownBy(() -> JdbcTokenStore.builder().tableName(bad))
          .as(bad).isExactlyInstanceOf(IllegalArgumentException.class);
    }
    // A schema-qualified name is accepted, and is the table the store names.
    assertThat(JdbcTokenStore.builder().dataSource(dataSource).tableName("app.amocrm_tokens")
        .build().info().name()).isEqualTo("jdbc:app.amocrm_tokens");
    assertThatThrownBy(() -> JdbcTokenStore.builder().queryTimeout(Duration.ZERO))
        .isExactlyInstanceOf(IllegalArgumentException.class);
  }
}
