package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.TokenStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** With encryption at rest, the file store passes the same contract. */
class EncryptedFileTokenStoreContractTest extends TokenStoreContract {

  @TempDir Path tmp;

  @Override
  protected TokenStore createStore() {
    return FileTokenStore.builder()
        .directory(tmp.resolve("tokens"))
        .cipher(TokenCipher.fromBase64Key(TokenCipher.generateBase64Key()))
        .build();
  }

  @Override
  protected void makeUnavailable(TokenStore store) throws Exception {
    Path dir = ((FileTokenStore) store).directory();
    Files.move(dir, tmp.resolve("moved-away"));
    Files.writeString(dir, "not a directory");
  }
}
