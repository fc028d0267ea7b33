package io.github.farolero.amocrm.store.env;

import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.TokenStoreContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The env store passes the reading half of the contract: seeding sets variables and builds a new
 * store from them, as a deploy would.
 */
class EnvTokenStoreContractTest extends TokenStoreContract {

  private final Map<String, String> env = new HashMap<>();
  private final List<String> prefixes = new ArrayList<>();

  @Override
  protected TokenStore createStore() {
    env.clear();
    prefixes.clear();
    return EnvTokenStore.of(env);
  }

  @Override
  protected void seed(TokenRecord record) {
    String set = "AMOCRM_";
    if (!store.keys().isEmpty()) {
      String prefix = "SEED" + (prefixes.size() + 1);
      prefixes.add(prefix);
      set = "AMOCRM_" + prefix + "_";
    }
    env.put(set + "DOMAIN", record.key().domain());
    if (record.isLongLived()) {
      env.put(set + "LONG_LIVED_TOKEN", record.accessToken());
    } else {
      env.put(set + "ACCESS_TOKEN", record.accessToken());
      env.put(set + "REFRESH_TOKEN", record.refreshToken());
    }
    env.put(set + "TOKEN_EXPIRES_AT", Long.toString(record.expiresAt().getEpochSecond()));
    EnvTokenStore.Builder b = EnvTokenStore.builder().environment(env);
    prefixes.forEach(b::prefix);
    store = b.build();
  }

  /** The seed is stamped as the oldest record (invariant 6); expiry is whole unix seconds. */
  @Override
  protected TokenRecord expectedAfterSeed(TokenRecord seeded) {
    return new TokenRecord(seeded.key(), seeded.accessToken(), seeded.refreshToken(),
        seeded.expiresAt().truncatedTo(ChronoUnit.SECONDS), Instant.EPOCH,
        seeded.accountDomain(), 0);
  }
}
