package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The entities of one type (leads, contacts...), kept compactly as their JSON (UTF-8) in id order,
 * so a test can seed 100,000 of them and page through them fast: a page with no filter is a slice
 * of stored bytes, never parsed. Ids are consecutive from {@code firstId}. Thread-safe.
 */
final class MockEntityStore {

  private final long firstId;
  // guarded by this; index = id - firstId; null for a deleted entity
  private final ArrayList<byte @Nullable []> rows = new ArrayList<>();

  MockEntityStore(long firstId) {
    this.firstId = firstId;
  }

  /** Stores a new entity; {@code maker} gets its id and returns its JSON object. */
  synchronized long insert(LongFunction<Map<String, Object>> maker) {
    long id = firstId + rows.size();
    rows.add(MockJson.bytes(maker.apply(id)));
    return id;
  }

  /** Stores {@code count} new entities made by {@code maker}; returns the first id. */
  synchronized long seed(int count, LongFunction<Map<String, Object>> maker) {
    long first = firstId + rows.size();
    rows.ensureCapacity(rows.size() + count);
    for (int i = 0; i < count; i++) {
      rows.add(MockJson.bytes(maker.apply(first + i)));
    }
    return first;
  }

  private int deletions; // guarded by this
  // The rows parsed, for filtered lists (a sync reads one list many times); null until asked,
  // an entry null until parsed again after a write. Read-only to callers. Guarded by this.
  private @Nullable ArrayList<@Nullable Map<String, Object>> parsed;

  synchronized boolean exists(long id) {
    return id >= firstId && id - firstId < rows.size() && rows.get((int) (id - firstId)) != null;
  }

  /** Deletes an entity: it leaves every list; its id is not reused. False if there is none. */
  synchronized boolean delete(long id) {
    if (!exists(id)) {
      return false;
    }
    rows.set((int) (id - firstId), null);
    forget(id);
    deletions++;
    return true;
  }

  /** True once an entity was deleted: lists can no longer be slices of positions. */
  synchronized boolean hasDeletions() {
    return deletions > 0;
  }

  synchronized @Nullable Map<String, Object> get(long id) {
    return exists(id) ? MockJson.parseObject(rows.get((int) (id - firstId))) : null;
  }

  synchronized void replace(long id, Map<String, Object> entity) {
    rows.set((int) (id - firstId), MockJson.bytes(entity));
    forget(id);
  }

  private void forget(long id) {
    if (parsed != null) {
      parsed.set((int) (id - firstId), null);
    }
  }

  synchronized int size() {
    return rows.size() - deletions;
  }

  /** Returns the stored JSON of positions [from, to) in id order. */
  synchronized List<byte[]> slice(int from, int to) {
    int f = Math.max(0, Math.min(from, rows.size()));
    int t = Math.max(f, Math.min(to, rows.size()));
    return new ArrayList<>(rows.subList(f, t));
  }

  /** Returns every entity, parsed (for filtered lists); callers must not change them. */
  synchronized List<Map<String, Object>> all() {
    if (parsed == null) {
      parsed = new ArrayList<>(rows.size());
    }
    while (parsed.size() < rows.size()) {
      parsed.add(null);
    }
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      byte[] row = rows.get(i);
      if (row != null) {
        Map<String, Object> m = parsed.get(i);
        if (m == null) {
          m = MockJson.parseObject(row);
          parsed.set(i, m);
        }
        out.add(m);
      }
    }
    return out;
  }
}
