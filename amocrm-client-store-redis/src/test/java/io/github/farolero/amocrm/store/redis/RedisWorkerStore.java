package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.harness.StoreWorker;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Redis store of a worker process: a {@link RedisTokenStore} on {@code redisUri}
 * and {@code prefix}.
 */
public final class RedisWorkerStore implements StoreWorker.Opener {
  private @Nullable RedisTokenStore store;

  @Override
  public TokenStore open(Map<String, String> a) {
    RedisTokenStore opened = RedisTokenStore.builder(a.get("redisUri")).keyPrefix(a.get("prefix"))
        .build();
    store = opened;
    return opened;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
