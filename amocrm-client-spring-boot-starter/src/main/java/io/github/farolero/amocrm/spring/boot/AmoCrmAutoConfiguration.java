package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.AmoCrmClients;
import io.github.farolero.amocrm.ReferenceData;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.health.TokenHealthCheck;
import io.github.farolero.amocrm.health.TokenKeeper;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Auto-configuration of amocrm-client from the {@code amocrm.*} properties ({@link
 * AmoCrmProperties}): the {@link TokenStore}, the {@link AmoCrmClient} of the account named by
 * {@code amocrm.account-domain} and its cached {@link ReferenceData}, or with {@code
 * amocrm.multi-account=true} the {@link AmoCrmClients} registry of every account, a {@link
 * TokenHealthCheck}, and the {@link TokenKeeper} that
 * keeps every stored grant alive while the context runs ({@code amocrm.keep-alive.enabled},
 * default true). Each bean backs off when the application defines its own of the same type. Every
 * {@link TokenListener} and {@link RequestListener} bean of the application hears every client's
 * events.
 */
@AutoConfiguration(afterName =
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@EnableConfigurationProperties(AmoCrmProperties.class)
public class AmoCrmAutoConfiguration {

  /** Made by Spring. */
  public AmoCrmAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  TokenStore amoCrmTokenStore(AmoCrmProperties props, ObjectProvider<DataSource> dataSource,
      Environment environment) {
    return TokenStores.build(props.store(), dataSource.getIfUnique(), variables(environment));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ClientFactory amoCrmClientFactory(AmoCrmProperties props, TokenStore store,
      ObjectProvider<TokenListener> listener, ObjectProvider<RequestListener> requests,
      ObjectProvider<RateBudget> budget) {
    if (props.multiAccount() && props.accountDomain() != null) {
      throw new IllegalStateException(
          "amocrm.account-domain and amocrm.multi-account=true are exclusive");
    }
    return new ClientFactory(props, store, TokenListeners.of(listener.orderedStream().toList()),
        RequestListeners.of(requests.orderedStream().toList()), budget.getIfUnique());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty("amocrm.account-domain")
  AmoCrmClient amoCrmClient(AmoCrmProperties props, ClientFactory clients) {
    return clients.client(GrantKey.of(props.accountDomain()));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "amocrm.multi-account", havingValue = "true")
  AmoCrmClients amoCrmClients(AmoCrmProperties props, ClientFactory clients) {
    return AmoCrmClients.builder(clients.template())
        .maximumSize(props.accounts().maximumSize())
        .expireAfterAccess(props.accounts().expireAfterAccess())
        .build();
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(AmoCrmClient.class)
  ReferenceData amoCrmReferenceData(AmoCrmClient client) {
    return ReferenceData.of(client);
  }

  @Bean
  @ConditionalOnMissingBean
  TokenHealthCheck amoCrmTokenHealthCheck(TokenStore store) {
    return TokenHealthCheck.of(store);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "amocrm.keep-alive.enabled", matchIfMissing = true)
  TokenKeeper amoCrmTokenKeeper(AmoCrmProperties props, TokenStore store, ClientFactory clients,
      ObjectProvider<AmoCrmClient> client, ObjectProvider<AmoCrmClients> registry,
      ObjectProvider<TokenListener> listener) {
    AmoCrmClient single = client.getIfUnique();
    AmoCrmClients many = registry.getIfUnique();
    return TokenKeeper.builder(store, key -> {
      if (single != null && key.equals(single.grantKey())) {
        return single.tokens();
      }
      return many != null ? many.client(key).tokens() : clients.client(key).tokens();
    })
        .keepAliveAge(props.refresh().keepAliveAge())
        .interval(props.keepAlive().interval())
        .listener(TokenListeners.of(listener.orderedStream().toList()))
        .build();
  }

  @Bean
  @ConditionalOnBean(TokenKeeper.class)
  KeeperLifecycle amoCrmTokenKeeperLifecycle(TokenKeeper keeper) {
    return new KeeperLifecycle(keeper);
  }

  /**
   * The environment variables as Spring sees them (its {@code systemEnvironment} property
   * source), so a test can give the env seed and the key variable their own values.
   */
  @SuppressWarnings("unchecked")
  static Map<String, String> variables(Environment environment) {
    if (environment instanceof ConfigurableEnvironment configurable) {
      PropertySource<?> source = configurable.getPropertySources()
          .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
      if (source instanceof MapPropertySource map) {
        Map<String, String> out = new HashMap<>();
        ((Map<String, Object>) (Map<String, ?>) map.getSource()).forEach((k, v) -> {
          if (v != null) {
            out.put(k, v.toString());
          }
        });
        return out;
      }
    }
    return System.getenv();
  }
}
