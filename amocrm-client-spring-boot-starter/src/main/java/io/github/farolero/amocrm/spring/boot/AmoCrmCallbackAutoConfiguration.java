package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.AmoCrmClients;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The OAuth endpoints of a servlet web app, on with {@code amocrm.callback.enabled=true}: {@code
 * GET /amocrm/authorize} redirects the user to amoCRM's consent page with a signed {@code state};
 * {@code GET /amocrm/callback} (the redirect URI; {@code amocrm.callback.path}) checks the state,
 * exchanges the code and saves the grant. Backs off when the application defines a bean named
 * {@code amocrmCallbackRoutes}.
 */
@AutoConfiguration(after = AmoCrmAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnProperty(name = "amocrm.callback.enabled", havingValue = "true")
@ConditionalOnBean(ClientFactory.class)
public class AmoCrmCallbackAutoConfiguration {

  /** Made by Spring. */
  public AmoCrmCallbackAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "amocrmCallbackRoutes")
  RouterFunction<ServerResponse> amocrmCallbackRoutes(AmoCrmProperties props,
      ClientFactory clients, ObjectProvider<AmoCrmClient> client,
      ObjectProvider<AmoCrmClients> registry) {
    String secret = props.clientSecret();
    if (secret == null || secret.isBlank()) {
      throw new IllegalStateException("amocrm.client-secret is required for the callback");
    }
    OAuthStates states = new OAuthStates(secret, props.callback().stateTtl(), Clock.systemUTC());
    return new CallbackRoutes(props, states, clients, client::getIfUnique,
        registry::getIfUnique).routes();
  }
}
