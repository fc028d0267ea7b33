package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.TokenStoreContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in file store keeps the contract too, so the composite tests rest on a fair member. */
class TestFileStoreContractTest extends TokenStoreContract {
  @TempDir
  Path dir;

  @Override
  protected TokenStore createStore() {
    return new TestFileStore(dir.resolve(UUID.randomUUID().toString()));
  }
}
