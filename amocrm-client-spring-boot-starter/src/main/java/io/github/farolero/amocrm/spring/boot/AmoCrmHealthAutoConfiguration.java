package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.health.TokenHealthCheck;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code amocrm} (when Actuator is on the classpath): UP while the
 * tokens are healthy, DOWN with the reason code when a person must act (such as {@code
 * reauthorization-required}). Off with {@code management.health.amocrm.enabled=false}; backs off
 * when the application defines a bean named {@code amocrmHealthIndicator}.
 */
@AutoConfiguration(after = AmoCrmAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TokenHealthCheck.class)
@ConditionalOnEnabledHealthIndicator("amocrm")
public class AmoCrmHealthAutoConfiguration {

  /** Made by Spring. */
  public AmoCrmHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "amocrmHealthIndicator")
  HealthIndicator amocrmHealthIndicator(TokenHealthCheck check,
      ObjectProvider<AmoCrmClient> client) {
    return new TokenHealthIndicator(check, client::getIfUnique);
  }
}
