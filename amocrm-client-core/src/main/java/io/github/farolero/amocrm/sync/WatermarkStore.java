package io.github.farolero.amocrm.sync;

import java.util.Optional;

/**
 * Keeps sync cursors' {@link Watermark}s between runs, by a key the app chooses (one per cursor,
 * such as {@code "example.amocrm.ru/leads"}). The app implements it over its own storage, or
 * uses {@link #inMemory()} or {@code JdbcWatermarkStore} (module {@code amocrm-client-store-jdbc}).
 *
 * <p>A save must be durable when it returns: the cursor saves after the app handled a batch, and
 * a watermark that is lost sends the next run back to redeliver (never to skip). Implementations
 * must be thread-safe.
 */
public interface WatermarkStore {

  /**
   * Returns the watermark saved under a key.
   *
   * @param key the cursor's key
   * @return the watermark, or empty if none was saved
   * @throws RuntimeException if the storage failed; the run stops
   */
  Optional<Watermark> load(String key);

  /**
   * Saves a watermark under a key, replacing the one there.
   *
   * @param key the cursor's key
   * @param watermark the watermark
   * @throws RuntimeException if the storage failed; the run stops, and the batch is delivered
   *     again next time
   */
  void save(String key, Watermark watermark);

  /** Returns a new store that keeps watermarks in memory, for tests and one-process apps. */
  static WatermarkStore inMemory() {
    return new InMemoryWatermarkStore();
  }
}
