package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.micrometer.AmoCrmMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of every client the starter makes (when {@code amocrm-client-micrometer} and
 * a {@link MeterRegistry} bean are there, such as Actuator's): an {@link AmoCrmMetrics} bean on
 * the app's registry, heard by the clients as a token and request listener, and the single
 * account's grant tracked from the start. Off with {@code amocrm.metrics.enabled=false}; backs off
 * when the application defines its own {@link AmoCrmMetrics}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple"
        + ".SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({AmoCrmMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(name = "amocrm.metrics.enabled", matchIfMissing = true)
public class AmoCrmMetricsAutoConfiguration {

  /** Made by Spring. */
  public AmoCrmMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  AmoCrmMetrics amoCrmMetrics(MeterRegistry registry) {
    return AmoCrmMetrics.builder(registry).build();
  }

  /** The single account's gauges from the start, not only after its first refresh. */
  @Bean
  SmartInitializingSingleton amoCrmMetricsTracking(ObjectProvider<AmoCrmMetrics> metrics,
      ObjectProvider<AmoCrmClient> client) {
    return () -> {
      AmoCrmMetrics m = metrics.getIfUnique();
      AmoCrmClient c = client.getIfUnique();
      if (m != null && c != null) {
        m.track(c.tokens());
      }
    };
  }
}
