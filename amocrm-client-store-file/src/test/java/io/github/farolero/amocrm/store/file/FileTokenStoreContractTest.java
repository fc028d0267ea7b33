package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.TokenStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The file store passes the store contract, locks included. */
class FileTokenStoreContractTest extends TokenStoreContract {

  @TempDir Path tmp;

  @Override
  protected TokenStore createStore() {
    return FileTokenStore.of(tmp.resolve("tokens"));
  }

  /** A file where the directory should be: fails for root too, unlike a chmod. */
  @Override
  protected void makeUnavailable(TokenStore store) throws Exception {
    Path dir = ((FileTokenStore) store).directory();
    Files.move(dir, tmp.resolve("moved-away"));
    Files.writeString(dir, "not a directory");
  }
}
