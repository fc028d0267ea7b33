package io.github.farolero.amocrm.sync;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link WatermarkStore} in memory: lost when the process ends, so a restart syncs from the
 * start again (every item once more, nothing missed). Thread-safe.
 */
public final class InMemoryWatermarkStore implements WatermarkStore {

  private final ConcurrentMap<String, Watermark> watermarks = new ConcurrentHashMap<>();

  /** Makes an empty store. */
  public InMemoryWatermarkStore() {}

  @Override
  public Optional<Watermark> load(String key) {
    return Optional.ofNullable(watermarks.get(Objects.requireNonNull(key, "key == null")));
  }

  @Override
  public void save(String key, Watermark watermark) {
    watermarks.put(Objects.requireNonNull(key, "key == null"),
        Objects.requireNonNull(watermark, "watermark == null"));
  }

  @Override
  public String toString() {
    return "InMemoryWatermarkStore{" + watermarks.size() + " keys}";
  }
}
