package io.github.farolero.amocrm.store.redis;

import io.github.farolero.amocrm.harness.ClusterRefreshScenario;
import io.github.farolero.amocrm.harness.StoreWorker;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.List;
import java.util.UUID;

/**
 * The cluster must-show ({@link ClusterRefreshScenario}) on one Redis: each worker has its own
 * {@link RedisTokenStore} and connection pool under a fresh key prefix; the lock is the
 * {@code SET NX PX} lease, timed by Redis's clock.
 */
class RedisClusterRefreshTest extends ClusterRefreshScenario {

  @Override
  protected SharedStore openStore() {
    String uri = RedisServers.sharedUri();
    String prefix = "storm:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    RedisTokenStore store = RedisTokenStore.builder(uri).keyPrefix(prefix).build();
    return new SharedStore() {
      @Override
      public TokenStore store() {
        return store;
      }

      @Override
      public List<String> workerArgs() {
        return List.of("redisUri=" + uri, "prefix=" + prefix);
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  @Override
  protected Class<? extends StoreWorker.Opener> opener() {
    return RedisWorkerStore.class;
  }

  @Override
  protected String label() {
    return "Redis";
  }
}
