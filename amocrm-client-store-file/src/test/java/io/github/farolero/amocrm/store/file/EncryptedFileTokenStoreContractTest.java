package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenStore;

/** With encryption at rest, the file store passes the same contract. */
class EncryptedFileTokenStoreContractTest extends FileTokenStoreContractTest {

  @Override
  protected TokenStore createStore() {
    return FileTokenStore.builder()
        .directory(tmp.resolve("tokens"))
        .cipher(TokenCipher.fromBase64Key(TokenCipher.generateBase64Key()))
        .build();
  }
}
