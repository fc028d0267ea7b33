package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.TokenStoreContract;

/** The composite passes the same contract as its members (here, two in-memory stores). */
class CompositeTokenStoreContractTest extends TokenStoreContract {
  @Override
  protected TokenStore createStore() {
    return CompositeTokenStore.of(new InMemoryTokenStore("first"), new InMemoryTokenStore("second"));
  }
}
