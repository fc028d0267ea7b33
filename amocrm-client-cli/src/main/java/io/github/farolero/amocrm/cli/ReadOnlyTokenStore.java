package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.util.List;
import java.util.Optional;

/**
 * A source that can only be read: an old app's token file or table, read once into memory. A
 * write would go nowhere that lasts, so it fails instead.
 */
final class ReadOnlyTokenStore implements TokenStore {

  private final TokenStore delegate;
  private final StoreInfo info;

  ReadOnlyTokenStore(TokenStore delegate, String name) {
    this.delegate = delegate;
    this.info = new StoreInfo(name, false, true);
  }

  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    return delegate.load(key);
  }

  @Override
  public void write(TokenRecord record) {
    throw readOnly();
  }

  @Override
  public boolean delete(GrantKey key) {
    throw readOnly();
  }

  @Override
  public List<GrantKey> keys() {
    return delegate.keys();
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  private TokenStoreException readOnly() {
    return new TokenStoreException(info.name() + " is a read-only source (an old app's tokens);"
        + " migrate from it into a store: amocrm-tokens migrate --from " + info.name()
        + " --to URI");
  }

  @Override
  public String toString() {
    return "ReadOnlyTokenStore{" + info.name() + '}';
  }
}
