package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.TokenStoreContract;

class InMemoryTokenStoreContractTest extends TokenStoreContract {
  @Override
  protected TokenStore createStore() {
    return new InMemoryTokenStore();
  }
}
