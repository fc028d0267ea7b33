package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.spring.boot.AmoCrmProperties.StoreKind;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Builds the token store the {@code amocrm.store.*} properties describe. */
final class TokenStores {

  private TokenStores() {}

  /**
   * Builds the store.
   *
   * @param props the store's properties
   * @param dataSource the app's data source, or null if it has none
   * @param environment the environment variables (the seed's and the key variable's source)
   */
  static TokenStore build(AmoCrmProperties.Store props, @Nullable DataSource dataSource,
      Map<String, String> environment) {
    List<StoreKind> order = props.order().isEmpty() ? defaultOrder(props, dataSource)
        : props.order();
    if (order.isEmpty()) {
      throw new IllegalStateException("amocrm: no token store is configured: set"
          + " amocrm.store.file.directory, define a DataSource bean, set amocrm.store.order,"
          + " or define a TokenStore bean of your own");
    }
    if (order.stream().distinct().count() != order.size()) {
      throw new IllegalStateException("amocrm.store.order names a store twice: " + order);
    }
    List<TokenStore> members = new ArrayList<>(order.size());
    for (StoreKind kind : order) {
      members.add(member(kind, props, dataSource, environment));
    }
    if (members.size() == 1) {
      return members.get(0);
    }
    CompositeTokenStore.Builder composite = CompositeTokenStore.builder();
    members.forEach(composite::add);
    return composite.build();
  }

  private static List<StoreKind> defaultOrder(AmoCrmProperties.Store props,
      @Nullable DataSource dataSource) {
    List<StoreKind> order = new ArrayList<>();
    if (props.file().directory() != null) {
      order.add(StoreKind.FILE);
    }
    if (dataSource != null) {
      order.add(StoreKind.JDBC);
    }
    // The seed alone cannot save a refreshed pair: only beside a writable store.
    if (!order.isEmpty() && props.env().enabled()) {
      order.add(StoreKind.ENV);
    }
    return order;
  }

  private static TokenStore member(StoreKind kind, AmoCrmProperties.Store props,
      @Nullable DataSource dataSource, Map<String, String> environment) {
    switch (kind) {
      case FILE: {
        AmoCrmProperties.FileStore file = props.file();
        if (file.directory() == null) {
          throw new IllegalStateException(
              "amocrm.store.order names file but amocrm.store.file.directory is not set");
        }
        FileTokenStore.Builder b = FileTokenStore.builder().directory(file.directory());
        cipher(props, environment).ifPresent(b::cipher);
        return b.build();
      }
      case JDBC: {
        if (dataSource == null) {
          throw new IllegalStateException(
              "amocrm.store.order names jdbc but the application has no DataSource bean");
        }
        JdbcTokenStore.Builder b = JdbcTokenStore.builder()
            .dataSource(dataSource)
            .tableName(props.jdbc().tableName())
            .createTableIfMissing(props.jdbc().createTable());
        cipher(props, environment).ifPresent(b::cipher);
        return b.build();
      }
      case ENV: {
        if (!props.env().enabled()) {
          throw new IllegalStateException(
              "amocrm.store.order names env but amocrm.store.env.enabled is false");
        }
        EnvTokenStore.Builder b = EnvTokenStore.builder().environment(environment);
        props.env().prefixes().forEach(b::prefix);
        return b.build();
      }
      case MEMORY:
        return new InMemoryTokenStore();
      default:
        throw new AssertionError(kind);
    }
  }

  /** The key from the property, else from its variable; the key is never in a message. */
  private static java.util.Optional<TokenCipher> cipher(AmoCrmProperties.Store file,
      Map<String, String> environment) {
    if (file.key() != null) {
      try {
        return java.util.Optional.of(TokenCipher.fromBase64Key(file.key()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "amocrm.store.key must hold 32 bytes in base64 (openssl rand -base64 32)");
      }
    }
    return TokenCipher.fromEnvironment(environment, file.keyEnv());
  }
}
