package io.github.farolero.amocrm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.farolero.amocrm.store.CompositeStoreException.MemberFailure;
import io.github.farolero.amocrm.store.CompositeTokenStore.WritePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeTokenStoreTest {

  private static final GrantKey KEY = GrantKey.of("example.amocrm.ru");
  private static final GrantKey OTHER = GrantKey.of("other.amocrm.ru");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** A record issued {@code hours} after T0; tokens name the hour so records are told apart. */
  private static TokenRecord rec(GrantKey key, int hours, long version) {
    Instant issued = T0.plus(Duration.ofHours(hours));
    return new TokenRecord(key, "access-" + hours, "refresh-" + hours,
        issued.plus(Duration.ofDays(1)), issued, key.domain(), version);
  }

  private static TokenRecord rec(int hours, long version) {
    return rec(KEY, hours, version);
  }

  /** Records what the composite reports. */
  private static final class Reports implements CompositeTokenStore.Listener {
    final List<String> seen = new ArrayList<>();

    @Override
    public void memberFailed(StoreInfo member, String operation, GrantKey key,
        RuntimeException error) {
      seen.add(member.name() + ":" + operation);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  @Test
  void newestRecordWinsNotTheFirstFound() {
    FlakyStore first = FlakyStore.durable("first").seed(rec(1, 50));
    FlakyStore second = FlakyStore.durable("second").seed(rec(5, 2));
    FlakyStore third = FlakyStore.durable("third").seed(rec(3, 9));
    TokenRecord r = CompositeTokenStore.of(first, second, third).load(KEY).orElseThrow();
    assertThat(r.sameTokens(rec(5, 0))).isTrue();
    assertThat(r.issuedAt()).isEqualTo(rec(5, 0).issuedAt());
  }

  @Test
  void sameIssueTimeIsDecidedByVersion() {
    TokenRecord low = new TokenRecord(KEY, "a-low", "r-low", T0.plusSeconds(60), T0,
        KEY.domain(), 3);
    TokenRecord high = new TokenRecord(KEY, "a-high", "r-high", T0.plusSeconds(60), T0,
        KEY.domain(), 4);
    FlakyStore a = FlakyStore.durable("a").seed(low);
    FlakyStore b = FlakyStore.durable("b").seed(high);
    assertThat(CompositeTokenStore.of(a, b).load(KEY).orElseThrow().accessToken())
        .isEqualTo("a-high");
  }

  @Test
  void anOldEnvSeedNeverShadowsANewerToken() {
    FlakyStore env = FlakyStore.readOnly("env").seed(rec(0, 900));
    FlakyStore file = FlakyStore.durable("file").seed(rec(48, 3));
    assertThat(CompositeTokenStore.of(env, file).load(KEY).orElseThrow().sameTokens(rec(48, 0)))
        .isTrue();
  }

  @Test
  void returnedVersionIsAtLeastEveryMembersSoTheNextWriteIsAcceptedByAll() {
    FlakyStore fresh = FlakyStore.durable("fresh").seed(rec(10, 2));
    FlakyStore staleHighVersion = FlakyStore.durable("stale").seed(rec(1, 9));
    FlakyStore env = FlakyStore.readOnly("env").seed(rec(0, 40));
    CompositeTokenStore c = CompositeTokenStore.of(fresh, staleHighVersion, env);

    TokenRecord read = c.load(KEY).orElseThrow();
    assertThat(read.sameTokens(rec(10, 0))).isTrue();
    assertThat(staleHighVersion.peek(KEY).orElseThrow().sameTokens(read))
        .as("a stale member with a higher version is repaired too").isTrue();
    assertThat(read.version()).isGreaterThanOrEqualTo(40);
    assertThat(read.version()).isGreaterThanOrEqualTo(fresh.peek(KEY).orElseThrow().version());
    assertThat(read.version())
        .isGreaterThanOrEqualTo(staleHighVersion.peek(KEY).orElseThrow().version());

    TokenRecord next = rec(11, read.version() + 1);
    c.write(next);
    assertThat(fresh.peek(KEY)).contains(next);
    assertThat(staleHighVersion.peek(KEY)).contains(next);
    assertThat(env.peek(KEY).orElseThrow().sameTokens(rec(0, 0))).isTrue();
  }

  @Test
  void aReadOnlyMembersVersionIsMergedWhenNothingNeedsRepair() {
    FlakyStore file = FlakyStore.durable("file").seed(rec(48, 3));
    FlakyStore env = FlakyStore.readOnly("env").seed(rec(0, 900));
    TokenRecord read = CompositeTokenStore.of(file, env).load(KEY).orElseThrow();
    assertThat(read.sameTokens(rec(48, 0))).isTrue();
    assertThat(read.version()).isGreaterThanOrEqualTo(900);
    assertThat(file.writes.get()).isZero();
  }

  @Test
  void versionIsMergedEvenWhenNothingNeedsRepair() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(5, 3));
    FlakyStore b = FlakyStore.durable("b").seed(rec(5, 8)); // same tokens, higher version
    TokenRecord read = CompositeTokenStore.of(a, b).load(KEY).orElseThrow();
    assertThat(read.version()).isGreaterThanOrEqualTo(8);
  }

  @Test
  void staleAndMissingMembersAreRepairedButReadOnlyOnesAreNot() {
    FlakyStore stale = FlakyStore.durable("stale").seed(rec(1, 1));
    FlakyStore missing = FlakyStore.memory("missing");
    FlakyStore winner = FlakyStore.durable("winner").seed(rec(7, 4));
    FlakyStore env = FlakyStore.readOnly("env").seed(rec(0, 1));
    CompositeTokenStore c = CompositeTokenStore.of(stale, missing, winner, env);

    TokenRecord read = c.load(KEY).orElseThrow();

    assertThat(stale.peek(KEY).orElseThrow().sameTokens(read)).isTrue();
    assertThat(missing.peek(KEY).orElseThrow().sameTokens(read)).isTrue();
    assertThat(stale.peek(KEY).orElseThrow().issuedAt()).isEqualTo(read.issuedAt());
    assertThat(env.writeAttempts.get()).isZero();
    assertThat(env.peek(KEY).orElseThrow().sameTokens(rec(0, 0))).isTrue();
    assertThat(winner.writes.get()).isZero(); // it already held the winner
    assertThat(read.version()).isGreaterThanOrEqualTo(stale.peek(KEY).orElseThrow().version());

    // A second read finds nothing to repair.
    int writesBefore = stale.writes.get() + missing.writes.get() + winner.writes.get();
    c.load(KEY);
    assertThat(stale.writes.get() + missing.writes.get() + winner.writes.get())
        .isEqualTo(writesBefore);
  }

  @Test
  void aFailedRepairIsReportedButTheReadSucceeds() {
    Reports reports = new Reports();
    FlakyStore winner = FlakyStore.durable("winner").seed(rec(7, 4));
    FlakyStore broken = FlakyStore.durable("broken").seed(rec(1, 1));
    broken.failWrites = true;
    CompositeTokenStore c = CompositeTokenStore.builder().add(winner).add(broken)
        .listener(reports).build();
    TokenRecord read = c.load(KEY).orElseThrow();
    assertThat(read.sameTokens(rec(7, 0))).isTrue();
    assertThat(read.version()).isGreaterThanOrEqualTo(4);
    assertThat(reports.seen).containsExactly("broken:repair");
  }

  @Test
  void aFailingMemberIsSteppedOverWhenAnotherHoldsTheRecord() {
    Reports reports = new Reports();
    FlakyStore down = FlakyStore.durable("down");
    down.down(true);
    FlakyStore up = FlakyStore.durable("up").seed(rec(2, 1));
    CompositeTokenStore c = CompositeTokenStore.builder().add(down).add(up).listener(reports)
        .build();
    assertThat(c.load(KEY).orElseThrow().sameTokens(rec(2, 0))).isTrue();
    assertThat(reports.seen).contains("down:load");
  }

  @Test
  void absentIsClaimedOnlyWhenEveryMemberAnswered() {
    FlakyStore empty = FlakyStore.durable("empty");
    FlakyStore down = FlakyStore.durable("down");
    down.down(true);
    assertThat(CompositeTokenStore.of(empty, FlakyStore.memory("empty2")).load(KEY)).isEmpty();
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> CompositeTokenStore.of(empty, down).load(KEY));
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("down");
  }

  @Test
  void whenEveryMemberFailsOneExceptionCarriesEveryCause() {
    FlakyStore a = FlakyStore.durable("a");
    FlakyStore b = FlakyStore.memory("b");
    FlakyStore c = FlakyStore.readOnly("c");
    a.down(true);
    b.down(true);
    c.down(true);
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> CompositeTokenStore.of(a, b, c).load(KEY));
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("a", "b", "c");
    assertThat(e.failures()).allSatisfy(f -> assertThat(f.cause())
        .isInstanceOf(TokenStoreException.class).hasMessageContaining("is down"));
    assertThat(e.getCause()).isSameAs(e.failures().get(0).cause());
    assertThat(Arrays.asList(e.getSuppressed()))
        .containsExactly(e.failures().get(1).cause(), e.failures().get(2).cause());
    assertThat(e.getMessage()).contains("a: TokenStoreException").contains("b: ")
        .contains("c: ").contains(KEY.id());
    assertThat(e).isInstanceOf(TokenStoreException.class);
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  @Test
  void atLeastOneDurableIsEnoughByDefault() {
    FlakyStore file = FlakyStore.durable("file");
    FlakyStore db = FlakyStore.durable("db");
    FlakyStore memory = FlakyStore.memory("memory");
    db.failWrites = true;
    memory.failWrites = true;
    CompositeTokenStore.of(file, db, memory).write(rec(1, 1));
    assertThat(file.peek(KEY)).contains(rec(1, 1));
  }

  @Test
  void aWriteOnlyNonDurableMembersTookFailsWhenADurableMemberExists() {
    FlakyStore file = FlakyStore.durable("file");
    FlakyStore memory = FlakyStore.memory("memory");
    file.failWrites = true;
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> CompositeTokenStore.of(memory, file).write(rec(1, 1)));
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("file");
  }

  @Test
  void withoutDurableMembersAnyMemberIsEnough() {
    FlakyStore m1 = FlakyStore.memory("m1");
    FlakyStore m2 = FlakyStore.memory("m2");
    m1.failWrites = true;
    CompositeTokenStore c = CompositeTokenStore.of(m1, m2);
    assertThat(c.info().durable()).isFalse();
    c.write(rec(1, 1));
    assertThat(m2.peek(KEY)).contains(rec(1, 1));
  }

  @Test
  void writePolicyAllNeedsEveryWritableMember() {
    FlakyStore file = FlakyStore.durable("file");
    FlakyStore memory = FlakyStore.memory("memory");
    FlakyStore env = FlakyStore.readOnly("env");
    CompositeTokenStore c = CompositeTokenStore.builder().add(file).add(memory).add(env)
        .writePolicy(WritePolicy.ALL).build();
    c.write(rec(1, 1)); // the read-only member does not count
    assertThat(env.writeAttempts.get()).isZero();

    memory.failWrites = true;
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> c.write(rec(2, 2)));
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("memory");
  }

  @Test
  void theLockProvidingMemberMustTakeTheWrite() {
    FlakyStore file = FlakyStore.durable("file");
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    db.failWrites = true;
    CompositeTokenStore c = CompositeTokenStore.of(file, db);
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> c.write(rec(1, 1)));
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("db");
    assertThat(file.writes.get()).isEqualTo(1); // it took it, and that was not enough
  }

  @Test
  void onlyTheWidestLockMemberIsRequired() {
    FlakyStore fileLock = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    fileLock.failWrites = true;
    CompositeTokenStore.of(fileLock, db).write(rec(1, 1));
    assertThat(db.peek(KEY)).contains(rec(1, 1));
  }

  @Test
  void inASingleHostDeploymentANarrowerLockMemberMayTakeTheWrite() {
    FlakyStore fileLock = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    db.failWrites = true;
    CompositeTokenStore strict = CompositeTokenStore.of(fileLock, db);
    assertThatThrownBy(() -> strict.write(rec(1, 1))).isInstanceOf(CompositeStoreException.class);
    CompositeTokenStore singleHost = CompositeTokenStore.builder().add(fileLock).add(db)
        .singleHost(true).build();
    singleHost.write(rec(2, 2));
    assertThat(fileLock.peek(KEY)).contains(rec(2, 2));
  }

  @Test
  void aConflictInEveryMemberIsAVersionConflict() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(1, 5));
    FlakyStore b = FlakyStore.durable("b").seed(rec(1, 7));
    assertThatThrownBy(() -> CompositeTokenStore.of(a, b).write(rec(2, 5)))
        .isInstanceOf(TokenVersionConflictException.class);
    assertThat(a.peek(KEY)).contains(rec(1, 5));
    assertThat(b.peek(KEY)).contains(rec(1, 7));
  }

  @Test
  void aConflictInTheLockMemberIsAVersionConflictEvenIfOthersTookTheWrite() {
    FlakyStore file = FlakyStore.durable("file");
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER).seed(rec(1, 9));
    TokenVersionConflictException e = catchThrowableOfType(TokenVersionConflictException.class,
        () -> CompositeTokenStore.of(file, db).write(rec(2, 3)));
    assertThat(e).isNotNull();
    assertThat(e.storedVersion()).isEqualTo(9);
    // The token manager re-versions past it and writes again: now everyone takes it.
    CompositeTokenStore.of(file, db).write(rec(2, e.storedVersion() + 1));
    assertThat(db.peek(KEY)).contains(rec(2, 10));
    assertThat(file.peek(KEY)).contains(rec(2, 10));
  }

  @Test
  void aConflictInANonLockMemberDoesNotFailTheWrite() {
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    FlakyStore file = FlakyStore.durable("file").seed(rec(1, 9));
    CompositeTokenStore.of(db, file).write(rec(2, 3));
    assertThat(db.peek(KEY)).contains(rec(2, 3));
    // The next read still serves the newest record and lifts its version past the conflict.
    TokenRecord read = CompositeTokenStore.of(db, file).load(KEY).orElseThrow();
    assertThat(read.sameTokens(rec(2, 0))).isTrue();
    assertThat(read.version()).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aCompositeWithoutWritableMembersRefusesWrites() {
    CompositeTokenStore c = CompositeTokenStore.of(FlakyStore.readOnly("env"));
    assertThat(c.info().writable()).isFalse();
    assertThatThrownBy(() -> c.write(rec(1, 1))).isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("no writable member");
  }

  @Test
  void everyWriteFailureIsReported() {
    Reports reports = new Reports();
    FlakyStore a = FlakyStore.durable("a");
    FlakyStore b = FlakyStore.memory("b");
    b.failWrites = true;
    CompositeTokenStore.builder().add(a).add(b).listener(reports).build().write(rec(1, 1));
    assertThat(reports.seen).containsExactly("b:write");
  }

  @Test
  void aThrowingListenerDoesNotBreakTheComposite() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(1, 1));
    FlakyStore b = FlakyStore.memory("b");
    b.down(true);
    CompositeTokenStore c = CompositeTokenStore.builder().add(a).add(b)
        .listener((m, op, k, e) -> {
          throw new IllegalStateException("listener bug");
        }).build();
    assertThat(c.load(KEY)).isPresent();
    c.write(rec(2, 2));
  }

  // -------------------------------------------------------------------------------------------
  // The lock

  @Test
  void theLockComesFromTheWidestMember() {
    FlakyStore file = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore memory = FlakyStore.locking("memory", LockScope.JVM);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    CompositeTokenStore c = CompositeTokenStore.of(file, memory, db);
    GrantLocker locker = c.locker().orElseThrow();
    assertThat(locker.scope()).isEqualTo(LockScope.CLUSTER);
    try (GrantLock lock = locker.acquire(KEY, LEASE, WAIT)) {
      assertThat(lock.key()).isEqualTo(KEY);
    }
    assertThat(db.lockAcquisitions.get()).isEqualTo(1);
    assertThat(file.lockAttempts.get() + memory.lockAttempts.get()).isZero();
  }

  @Test
  void amongEqualScopesTheFirstMemberLocks() {
    FlakyStore f1 = FlakyStore.locking("f1", LockScope.HOST);
    FlakyStore f2 = FlakyStore.locking("f2", LockScope.HOST);
    CompositeTokenStore.of(f1, f2).locker().orElseThrow().acquire(KEY, LEASE, WAIT).close();
    assertThat(f1.lockAcquisitions.get()).isEqualTo(1);
    assertThat(f2.lockAttempts.get()).isZero();
  }

  @Test
  void noMemberWithALockMeansNoLock() {
    assertThat(CompositeTokenStore.of(FlakyStore.durable("a"), FlakyStore.memory("b")).locker())
        .isEmpty();
  }

  @Test
  void aDownWidestLockFailsRatherThanFallingBack() {
    FlakyStore file = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    db.failLocks = true;
    CompositeTokenStore c = CompositeTokenStore.of(file, db);
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> c.locker().orElseThrow().acquire(KEY, LEASE, WAIT));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("db").contains("single-host");
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("db");
    assertThat(file.lockAttempts.get()).isZero();
  }

  @Test
  void aSingleHostDeploymentFallsBackToTheNextWidestLock() {
    FlakyStore memory = FlakyStore.locking("memory", LockScope.JVM);
    FlakyStore file = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    db.failLocks = true;
    Reports reports = new Reports();
    CompositeTokenStore c = CompositeTokenStore.builder().add(memory).add(file).add(db)
        .singleHost(true).listener(reports).build();
    c.locker().orElseThrow().acquire(KEY, LEASE, WAIT).close();
    assertThat(file.lockAcquisitions.get()).isEqualTo(1);
    assertThat(memory.lockAttempts.get()).isZero();
    assertThat(reports.seen).containsExactly("db:lock");
  }

  @Test
  void everyLockDownInASingleHostDeploymentCarriesEveryCause() {
    FlakyStore file = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    file.failLocks = true;
    db.failLocks = true;
    CompositeTokenStore c = CompositeTokenStore.builder().add(file).add(db).singleHost(true)
        .build();
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> c.locker().orElseThrow().acquire(KEY, LEASE, WAIT));
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("db", "file");
  }

  @Test
  void aLockTimeoutOfTheWidestLockIsNotSteppedOver() {
    FlakyStore file = FlakyStore.locking("file", LockScope.HOST);
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    db.lockTimesOut = true;
    for (boolean singleHost : new boolean[] {false, true}) {
      CompositeTokenStore c = CompositeTokenStore.builder().add(file).add(db)
          .singleHost(singleHost).build();
      assertThatThrownBy(() -> c.locker().orElseThrow().acquire(KEY, LEASE, WAIT))
          .as("singleHost=%s", singleHost)
          .isExactlyInstanceOf(LockTimeoutException.class);
    }
    assertThat(file.lockAttempts.get()).isZero();
  }

  @Test
  void theCompositeLockExcludesASecondHolder() {
    FlakyStore db = FlakyStore.locking("db", LockScope.CLUSTER);
    GrantLocker locker = CompositeTokenStore.of(FlakyStore.durable("file"), db).locker()
        .orElseThrow();
    try (GrantLock held = locker.acquire(KEY, LEASE, WAIT)) {
      assertThat(held.key()).isEqualTo(KEY);
      assertThatThrownBy(() -> locker.acquire(KEY, LEASE, Duration.ZERO))
          .isInstanceOf(LockTimeoutException.class);
      locker.acquire(OTHER, LEASE, Duration.ZERO).close(); // other grants are not blocked
    }
    locker.acquire(KEY, LEASE, Duration.ZERO).close();
  }

  // -------------------------------------------------------------------------------------------
  // keys, delete, info, builder

  @Test
  void keysAreTheUnionOfTheMembers() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(KEY, 1, 1));
    FlakyStore b = FlakyStore.memory("b").seed(rec(OTHER, 1, 1)).seed(rec(KEY, 2, 2));
    FlakyStore env = FlakyStore.readOnly("env").seed(rec(GrantKey.of("third.kommo.com"), 0, 1));
    assertThat(CompositeTokenStore.of(a, b, env).keys())
        .containsExactlyInAnyOrder(KEY, OTHER, GrantKey.of("third.kommo.com"));
  }

  @Test
  void keysFailWhenEveryMemberIsDown() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(KEY, 1, 1));
    FlakyStore b = FlakyStore.memory("b").seed(rec(OTHER, 1, 1));
    a.failKeys = true;
    b.failKeys = true;
    CompositeStoreException e = catchThrowableOfType(CompositeStoreException.class,
        () -> CompositeTokenStore.of(a, b).keys());
    assertThat(e).isNotNull();
    assertThat(e.failures()).extracting(MemberFailure::store).containsExactly("a", "b");
  }

  @Test
  void deleteRemovesFromEveryWritableMember() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(1, 1));
    FlakyStore b = FlakyStore.memory("b").seed(rec(1, 1));
    CompositeTokenStore c = CompositeTokenStore.of(a, b);
    assertThat(c.delete(KEY)).isTrue();
    assertThat(a.peek(KEY)).isEmpty();
    assertThat(b.peek(KEY)).isEmpty();
    assertThat(c.delete(KEY)).isFalse();
    a.failDeletes = true;
    b.failDeletes = true;
    assertThatThrownBy(() -> c.delete(KEY)).isInstanceOf(CompositeStoreException.class);
  }

  @Test
  void aPartlyFailedDeleteIsNotReportedAsDone() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(1, 1));
    FlakyStore b = FlakyStore.durable("b").seed(rec(1, 1));
    b.failDeletes = true;
    CompositeTokenStore c = CompositeTokenStore.of(a, b);
    boolean reportedDeleted;
    try {
      reportedDeleted = c.delete(KEY);
    } catch (TokenStoreException expected) {
      return;
    }
    assertThat(reportedDeleted).isTrue();
    b.failDeletes = false;
    assertThat(c.load(KEY)).as("a grant reported deleted comes back").isEmpty();
  }

  @Test
  void keysDoNotClaimAbsenceWhenAMemberFailed() {
    FlakyStore a = FlakyStore.durable("a").seed(rec(KEY, 1, 1));
    FlakyStore b = FlakyStore.durable("b").seed(rec(OTHER, 1, 1));
    b.failKeys = true;
    assertThatThrownBy(() -> CompositeTokenStore.of(a, b).keys())
        .isInstanceOf(TokenStoreException.class);
  }

  @Test
  void infoDescribesTheMembers() {
    CompositeTokenStore c = CompositeTokenStore.of(FlakyStore.readOnly("env"),
        FlakyStore.memory("mem"));
    assertThat(c.info().name()).contains("env").contains("mem");
    assertThat(c.info().writable()).isTrue();
    assertThat(c.info().durable()).as("a read-only durable member does not make it durable")
        .isFalse();
    assertThat(CompositeTokenStore.of(FlakyStore.durable("f")).info().durable()).isTrue();
    assertThat(c.members()).hasSize(2);
    assertThat(c.toString()).contains("AT_LEAST_ONE_DURABLE");
  }

  @Test
  void builderChecks() {
    assertThatThrownBy(() -> CompositeTokenStore.builder().build())
        .isInstanceOf(IllegalStateException.class);
    FlakyStore a = FlakyStore.durable("a");
    assertThatThrownBy(() -> CompositeTokenStore.builder().add(a).add(a))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatNullPointerException().isThrownBy(() -> CompositeTokenStore.builder().add(null))
        .withMessage("store == null");
    assertThatNullPointerException()
        .isThrownBy(() -> CompositeTokenStore.builder().writePolicy(null));
    assertThatNullPointerException().isThrownBy(() -> CompositeTokenStore.of(a).load(null))
        .withMessage("key == null");
  }
}
