/**
 * Token health and keep-alive, for operators, monitors and apps: {@link
 * io.github.farolero.amocrm.health.TokenHealthCheck} tells whether every grant of a store is
 * healthy (OK, WARN, CRITICAL, UNKNOWN, with reasons) without calling amoCRM unless asked to
 * verify; {@link io.github.farolero.amocrm.health.TokenKeeper} refreshes grants an idle app does not
 * use before their refresh tokens die of age. The {@code amocrm-tokens} command line tool and the
 * Spring Boot starter are built on these.
 */
@NullMarked
package io.github.farolero.amocrm.health;

import org.jspecify.annotations.NullMarked;
