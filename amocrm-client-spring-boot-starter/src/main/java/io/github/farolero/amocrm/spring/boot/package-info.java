/**
 * Spring Boot auto-configuration of amocrm-client: the {@code amocrm.*} properties ({@link
 * io.github.farolero.amocrm.spring.boot.AmoCrmProperties}), the token store, client and
 * keep-alive beans ({@link io.github.farolero.amocrm.spring.boot.AmoCrmAutoConfiguration}), the
 * Actuator health indicator ({@link
 * io.github.farolero.amocrm.spring.boot.AmoCrmHealthAutoConfiguration}) and the OAuth endpoints
 * ({@link io.github.farolero.amocrm.spring.boot.AmoCrmCallbackAutoConfiguration}) and the
 * Micrometer metrics ({@link io.github.farolero.amocrm.spring.boot.AmoCrmMetricsAutoConfiguration}).
 * Every bean backs off when the application defines its own.
 */
@NullMarked
package io.github.farolero.amocrm.spring.boot;

import org.jspecify.annotations.NullMarked;
