package io.github.farolero.amocrm.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.CompositeTokenStore.WritePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * The composite store under arbitrary sequences of writes, reads, member failures, recoveries
 * and data loss, with a read-only, old environment seed among the members:
 *
 * <ol>
 *   <li>a read returns the newest record (by {@link TokenRecord#RECENCY}) that any answering
 *       member holds, "absent" only when every member answered, and a version no lower than any
 *       answering member's, so the next write is accepted everywhere;
 *   <li>no acknowledged write is lost while a durable member that took it stays healthy, even
 *       when the writer is a new process that knows only what it reads;
 *   <li>an acknowledged write was taken as the write policy and the lock member demand.
 * </ol>
 */
class CompositeTokenStorePropertiesTest {

  private static final GrantKey KEY = GrantKey.of("example.amocrm.ru");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A member's traits. */
  record MemberSpec(boolean writable, boolean durable, @Nullable LockScope scope) {
    @Override
    public String toString() {
      return (writable ? "rw" : "ro") + (durable ? "-durable" : "-memory")
          + (scope == null ? "" : "-lock:" + scope);
    }
  }

  enum Failure { DOWN, LOADS_FAIL, WRITES_FAIL }

  sealed interface Op permits Write, Read, Fail, Heal, Wipe, Restart {}

  record Write() implements Op {}

  record Read() implements Op {}

  record Fail(int member, Failure how) implements Op {}

  record Heal(int member) implements Op {}

  record Wipe(int member) implements Op {}

  /** The writer is a new process: it knows no version but what it reads. */
  record Restart() implements Op {}

  record Scenario(List<MemberSpec> members, @Nullable Long envSeedVersion, WritePolicy policy,
      boolean singleHost, List<Op> ops) {}

  @Property(tries = 250)
  void readsServeTheNewestRecordAndAcknowledgedWritesSurvive(@ForAll("scenarios") Scenario s) {
    new Run(s).execute();
  }

  /** Executes one scenario against a composite of {@link FlakyStore}s and checks every step. */
  private static final class Run {
    final Scenario scenario;
    final List<FlakyStore> members = new ArrayList<>();
    final List<MemberSpec> specs = new ArrayList<>();
    final CompositeTokenStore composite;
    final @Nullable FlakyStore widestLock;
    /** Each acknowledged write and the durable members that took it (and still may hold it). */
    final List<TokenRecord> acked = new ArrayList<>();
    final List<Set<Integer>> holders = new ArrayList<>();
    int clock;
    long lastKnownVersion;

    Run(Scenario s) {
      this.scenario = s;
      CompositeTokenStore.Builder b = CompositeTokenStore.builder().writePolicy(s.policy())
          .singleHost(s.singleHost());
      for (int i = 0; i < s.members().size(); i++) {
        MemberSpec m = s.members().get(i);
        FlakyStore store = FlakyStore.of("m" + i, m.writable(), m.durable(), m.scope());
        members.add(store);
        specs.add(m);
        b.add(store);
      }
      if (s.envSeedVersion() != null) {
        // The environment seed: read-only, issued before every write, any version.
        FlakyStore env = FlakyStore.readOnly("env")
            .seed(record(-1_000, s.envSeedVersion()));
        members.add(env);
        specs.add(new MemberSpec(false, true, null));
        b.add(env);
      }
      this.composite = b.build();
      FlakyStore widest = null;
      LockScope widestScope = null;
      for (int i = 0; i < members.size(); i++) {
        // Only a writable member's lock serves: the lock member must take every write.
        LockScope sc = specs.get(i).writable() ? specs.get(i).scope() : null;
        if (sc != null && (widestScope == null || sc.compareTo(widestScope) > 0)) {
          widest = members.get(i);
          widestScope = sc;
        }
      }
      this.widestLock = widest;
    }

    static TokenRecord record(int tick, long version) {
      Instant issued = T0.plusSeconds(tick);
      return new TokenRecord(KEY, "access-" + tick, "refresh-" + tick,
          issued.plus(Duration.ofDays(1)), issued, KEY.domain(), version);
    }

    void execute() {
      for (Op op : scenario.ops()) {
        if (op instanceof Write) {
          write();
        } else if (op instanceof Read) {
          read();
        } else if (op instanceof Fail f) {
          FlakyStore m = member(f.member());
          switch (f.how()) {
            case DOWN -> m.down(true);
            case LOADS_FAIL -> m.failLoads = true;
            case WRITES_FAIL -> m.failWrites = true;
          }
        } else if (op instanceof Heal h) {
          member(h.member()).down(false);
        } else if (op instanceof Restart) {
          lastKnownVersion = 0;
        } else if (op instanceof Wipe w) {
          int i = w.member() % members.size();
          members.get(i).wipe();
          for (Set<Integer> h : holders) {
            h.remove(i);
          }
        }
      }
      read();
    }

    FlakyStore member(int i) {
      return members.get(i % members.size());
    }

    /** Like the token manager: read, write version + 1, re-version past conflicts. */
    void write() {
      long base;
      try {
        base = composite.load(KEY).map(TokenRecord::version).orElse(0L);
      } catch (TokenStoreException e) {
        base = lastKnownVersion;
      }
      TokenRecord attempt = record(++clock, Math.max(base, lastKnownVersion) + 1);
      for (int i = 0; i < 5; i++) {
        try {
          composite.write(attempt);
          lastKnownVersion = Math.max(lastKnownVersion, attempt.version());
          acknowledged(attempt);
          return;
        } catch (TokenVersionConflictException c) {
          attempt = attempt.withVersion(Math.max(c.storedVersion(), attempt.version()) + 1);
        } catch (TokenStoreException notAcknowledged) {
          return;
        }
      }
    }

    void acknowledged(TokenRecord w) {
      Set<Integer> took = new HashSet<>();
      boolean anyDurableWritable = false;
      for (int i = 0; i < members.size(); i++) {
        MemberSpec spec = specs.get(i);
        boolean holds = members.get(i).peek(KEY).map(w::sameTokens).orElse(false);
        if (spec.writable() && spec.durable()) {
          anyDurableWritable = true;
          if (holds) {
            took.add(i);
          }
        }
        if (scenario.policy() == WritePolicy.ALL && spec.writable()) {
          assertThat(holds).as("policy ALL, but writable member m%d did not take %s", i, w)
              .isTrue();
        }
      }
      if (anyDurableWritable) {
        assertThat(took).as("acknowledged %s but no durable member took it", w).isNotEmpty();
      }
      if (widestLock != null && !scenario.singleHost()) {
        assertThat(widestLock.peek(KEY).map(w::sameTokens).orElse(false))
            .as("acknowledged %s but the lock member %s did not take it", w, widestLock)
            .isTrue();
      }
      acked.add(w);
      holders.add(took);
    }

    void read() {
      TokenRecord expected = null;
      boolean anyFailing = false;
      long maxVersion = 0;
      for (FlakyStore m : members) {
        if (m.failLoads) {
          anyFailing = true;
          continue;
        }
        Optional<TokenRecord> held = m.peek(KEY);
        if (held.isPresent()) {
          maxVersion = Math.max(maxVersion, held.get().version());
          if (expected == null || TokenRecord.RECENCY.compare(held.get(), expected) > 0) {
            expected = held.get();
          }
        }
      }

      Optional<TokenRecord> got;
      try {
        got = composite.load(KEY);
      } catch (CompositeStoreException e) {
        assertThat(expected).as("read failed although a member answered with a record").isNull();
        assertThat(anyFailing).isTrue();
        assertThat(e.failures()).isNotEmpty();
        checkAcknowledgedWritesAreNotLost(null);
        return;
      }
      if (expected == null) {
        assertThat(got).as("a member holding nothing answered, yet a record came back").isEmpty();
        assertThat(anyFailing).as("claimed absent although a member failed").isFalse();
        checkAcknowledgedWritesAreNotLost(null);
        return;
      }
      TokenRecord r = got.orElseThrow(() -> new AssertionError("a member held a record"));
      assertThat(r.sameTokens(expected) && r.issuedAt().equals(expected.issuedAt()))
          .as("read %s, but the newest healthy record is %s", r, expected).isTrue();
      assertThat(r.version()).isGreaterThanOrEqualTo(maxVersion);
      for (FlakyStore m : members) {
        if (!m.failLoads) {
          m.peek(KEY).ifPresent(held -> assertThat(r.version())
              .as("read version vs %s after repair", m).isGreaterThanOrEqualTo(held.version()));
        }
      }
      for (int i = 0; i < members.size(); i++) {
        FlakyStore m = members.get(i);
        if (specs.get(i).writable() && !m.failLoads && !m.failWrites) {
          assertThat(m.peek(KEY).map(r::sameTokens).orElse(false))
              .as("%s was not repaired to %s", m, r).isTrue();
        }
      }
      lastKnownVersion = Math.max(lastKnownVersion, r.version());
      checkAcknowledgedWritesAreNotLost(r);
    }

    void checkAcknowledgedWritesAreNotLost(@Nullable TokenRecord read) {
      for (int i = 0; i < acked.size(); i++) {
        boolean protectedByAHealthyHolder = holders.get(i).stream()
            .anyMatch(m -> !members.get(m).failLoads);
        if (protectedByAHealthyHolder) {
          TokenRecord w = acked.get(i);
          assertThat(read).as("acknowledged %s is lost", w).isNotNull();
          assertThat(TokenRecord.RECENCY.compare(read, w.withVersion(0)))
              .as("read %s is older than acknowledged %s", read, w).isGreaterThanOrEqualTo(0);
        }
      }
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<MemberSpec> spec = Combinators.combine(
            Arbitraries.of(true, true, true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(LockScope.values()).injectNull(0.5))
        .as(MemberSpec::new);
    Arbitrary<List<MemberSpec>> specs = spec.list().ofMinSize(1).ofMaxSize(4)
        .filter(l -> l.stream().anyMatch(MemberSpec::writable));
    Arbitrary<Integer> member = Arbitraries.integers().between(0, 4);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.just(new Write())),
        net.jqwik.api.Tuple.of(4, Arbitraries.just(new Read())),
        net.jqwik.api.Tuple.of(2, Combinators.combine(member, Arbitraries.of(Failure.class))
            .as(Fail::new)),
        net.jqwik.api.Tuple.of(2, member.map(Heal::new)),
        net.jqwik.api.Tuple.of(1, member.map(Wipe::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Restart())));
    return Combinators.combine(
            specs,
            Arbitraries.longs().between(0, 2_000).injectNull(0.4),
            Arbitraries.of(WritePolicy.class),
            Arbitraries.of(true, false),
            op.list().ofMinSize(1).ofMaxSize(40))
        .as(Scenario::new);
  }
}
