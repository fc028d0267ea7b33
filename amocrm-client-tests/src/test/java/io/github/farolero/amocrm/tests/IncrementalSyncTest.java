package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.model.Event;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.sync.EntitySync;
import io.github.farolero.amocrm.sync.EventSync;
import io.github.farolero.amocrm.sync.SyncResult;
import io.github.farolero.amocrm.sync.Watermark;
import io.github.farolero.amocrm.sync.WatermarkStore;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The incremental sync over the mock: 10,000 leads, 4,000 of them in one second and more seconds
 * that straddle page boundaries, while leads change (and are deleted) during the sync.
 */
class IncrementalSyncTest {

  private static final int CROWDED = 4_000;
  private static final int TOTAL = 10_000;
  // Seconds after the crowded one: sizes around a page (250) and past it, and small ones.
  private static final int[] SPREAD = {1, 249, 250, 251, 3, 600, 17, 120, 499, 500, 2, 77};

  private final MutableClock clock = MutableClock.create();

  /** Seeds the leads on the mock's clock; returns their ids. */
  private List<Long> seed(ApiFixture f) {
    List<Long> ids = new ArrayList<>(f.amo.seedLeads(CROWDED));
    for (int i = 0; ids.size() < TOTAL; i++) {
      clock.advance(Duration.ofSeconds(1));
      ids.addAll(f.amo.seedLeads(Math.min(SPREAD[i % SPREAD.length], TOTAL - ids.size())));
    }
    clock.advance(Duration.ofMinutes(1));
    return ids;
  }

  private ApiFixture fixture() {
    return new ApiFixture(b -> b.clock(clock), b -> b.clock(clock));
  }

  private EntitySync<Lead> sync(ApiFixture f, WatermarkStore store) {
    return EntitySync.leads(f.client).store(store).clock(clock).settle(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Changes leads while the sync runs: after every third batch the clock moves a second and
   * three leads change: one of the crowded second that was already handed over (it leaves that
   * second and shifts the ones after it, the case a page-offset cursor skips over), and two at
   * random; every seventh batch a lead is deleted.
   */
  private final class Changer {
    final ApiFixture f;
    final List<Long> ids;
    final Random random = new Random(42);
    final Set<Long> deleted = new HashSet<>();
    final Map<Long, String> names = new HashMap<>();
    int batches;
    int changes;

    Changer(ApiFixture f, List<Long> ids) {
      this.f = f;
      this.ids = ids;
    }

    void afterBatch(List<Lead> batch) {
      batches++;
      if (batches % 3 == 0) {
        clock.advance(Duration.ofSeconds(1));
        List<Lead> updates = new ArrayList<>();
        long early = batch.get(0).id(); // handed over just now
        for (long id : List.of(early, pick(), pick())) {
          if (!deleted.contains(id) && updates.stream().noneMatch(l -> l.id() == id)) {
            String name = "changed " + (++changes);
            names.put(id, name);
            updates.add(Lead.builder().id(id).name(name).build());
          }
        }
        f.client.leads().update(updates);
      }
      if (batches % 7 == 0) {
        long id = pick();
        if (deleted.add(id)) {
          f.amo.deleteEntity("leads", id);
        }
      }
    }

    long pick() {
      return ids.get(random.nextInt(ids.size()));
    }
  }

  @Test
  void everyLeadIsSeenAtLeastOnceInItsLatestStateWhileLeadsChange() {
    try (ApiFixture f = fixture()) {
      List<Long> ids = seed(f);
      WatermarkStore store = WatermarkStore.inMemory();
      EntitySync<Lead> sync = sync(f, store);
      Changer changer = new Changer(f, ids);
      Map<Long, Lead> mirror = new HashMap<>();
      int[] handed = {0};
      Consumer<List<Lead>> handler = batch -> {
        batch.forEach(l -> mirror.put(l.id(), l));
        handed[0] += batch.size();
        changer.afterBatch(batch);
      };

      SyncResult first = sync.run(handler);
      assertThat(first.caughtUp()).isTrue();
      assertThat(changer.changes).isGreaterThan(20);
      assertThat(changer.deleted).isNotEmpty();
      // Every lead that was not deleted, nor changed during the run (a change moves it past the
      // run's upper bound, to the next run), was handed over.
      Set<Long> expected = new HashSet<>(ids);
      expected.removeAll(changer.deleted);
      Set<Long> unchanged = new HashSet<>(expected);
      unchanged.removeAll(changer.names.keySet());
      assertThat(mirror.keySet()).containsAll(unchanged);

      // The changes landed after the run's upper bound: the next run (after the settle time)
      // hands over each changed lead in its latest state.
      clock.advance(Duration.ofSeconds(30));
      SyncResult second = sync(f, store).run(batch -> batch.forEach(l -> mirror.put(l.id(), l)));
      assertThat(second.caughtUp()).isTrue();
      assertThat(mirror.keySet()).containsAll(expected); // none missed
      assertThat(second.delivered()).isGreaterThanOrEqualTo(changer.names.size()
          - (int) changer.names.keySet().stream().filter(changer.deleted::contains).count());
      changer.names.forEach((id, name) -> {
        if (!changer.deleted.contains(id)) {
          assertThat(mirror.get(id).name()).as("lead %s", id).isEqualTo(name);
        }
      });
      // Nothing handed over twice more than needed: the duplicates are bounded by the changes.
      assertThat(handed[0]).isLessThan(TOTAL + 3 * changer.changes + 250);

      // The deletions come from the events feed.
      Set<Long> reportedDeleted = new HashSet<>();
      EventSync deletions = EventSync.deletions(f.client).store(store).clock(clock).build();
      deletions.run(batch -> batch.forEach(e -> reportedDeleted.add(e.entityId())));
      assertThat(reportedDeleted).isEqualTo(changer.deleted);
      // ...once: a second run of the feed hands nothing again.
      List<Event> again = new ArrayList<>();
      deletions.run(again::addAll);
      assertThat(again).isEmpty();
    }
  }

  @Test
  void aCrashMidBatchResumesWithoutMissingAnything() {
    try (ApiFixture f = fixture()) {
      List<Long> ids = seed(f);
      WatermarkStore store = WatermarkStore.inMemory();
      Set<Long> handled = new HashSet<>();
      int[] batches = {0};
      // Crash twice: once inside the crowded second (batch 5), once in the seconds after (25),
      // each after handling half of the batch.
      Consumer<List<Lead>> crashing = batch -> {
        batches[0]++;
        if (batches[0] == 5 || batches[0] == 25) {
          batch.subList(0, batch.size() / 2).forEach(l -> handled.add(l.id()));
          throw new IllegalStateException("crash at batch " + batches[0]);
        }
        batch.forEach(l -> handled.add(l.id()));
      };
      assertThatThrownBy(() -> sync(f, store).run(crashing)).hasMessage("crash at batch 5");
      Watermark saved = store.load("leads").orElseThrow();
      assertThat(saved.from()).isEqualTo(MutableClock.create().instant()); // still the crowded second
      assertThatThrownBy(() -> sync(f, store).run(crashing)).hasMessage("crash at batch 25");
      SyncResult done = sync(f, store).run(crashing);
      assertThat(done.caughtUp()).isTrue();
      assertThat(handled).containsAll(ids);
    }
  }

  @Test
  void naiveCursorMissesLeadsInTheSameScenario() {
    try (ApiFixture f = fixture()) {
      List<Long> ids = seed(f);
      // The cursor most sync code starts with: filter updated_at > watermark, watermark = the
      // last updated_at of the page.
      Set<Long> seen = new HashSet<>();
      long watermark = Instant.EPOCH.getEpochSecond();
      long upper = clock.instant().getEpochSecond();
      for (int guard = 0; guard < 1_000; guard++) {
        Page<Lead> page = f.client.leads().page(ListRequest.builder().limit(250)
            .filterRange("updated_at", Instant.ofEpochSecond(watermark + 1),
                Instant.ofEpochSecond(upper))
            .order("updated_at", ListRequest.Direction.ASC).build());
        if (page.isEmpty()) {
          break;
        }
        page.items().forEach(l -> seen.add(l.id()));
        watermark = page.items().get(page.items().size() - 1).updatedAt().getEpochSecond();
      }
      Set<Long> missed = new HashSet<>(ids);
      missed.removeAll(seen);
      // It leaves a crowded second after its first page, and every second a page ends in.
      assertThat(missed).hasSizeGreaterThan(CROWDED - 250);

      // The watermark cursor on the same data misses none.
      Set<Long> synced = new HashSet<>();
      sync(f, WatermarkStore.inMemory()).run(b -> b.forEach(l -> synced.add(l.id())));
      assertThat(synced).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  @Test
  void builderChecksItsArguments() {
    try (ApiFixture f = fixture()) {
      assertThatThrownBy(() -> EntitySync.leads(f.client).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
      assertThatThrownBy(() -> EntitySync.leads(f.client).pageSize(1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> EntitySync.leads(f.client).key(" "))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> EntitySync.leads(f.client).settle(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> EventSync.of(f.client, "bad type"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
