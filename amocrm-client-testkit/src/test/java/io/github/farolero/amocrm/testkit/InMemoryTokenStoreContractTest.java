package io.github.farolero.amocrm.testkit;

import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenStore;

class InMemoryTokenStoreContractTest extends TokenStoreContract {
  @Override
  protected TokenStore createStore() {
    return new InMemoryTokenStore();
  }
}
