/**
 * Where tokens live: the {@link io.github.farolero.amocrm.store.TokenStore} SPI, its value types,
 * {@link io.github.farolero.amocrm.store.InMemoryTokenStore} and the fallback
 * {@link io.github.farolero.amocrm.store.CompositeTokenStore}.
 *
 * <p>File, environment and JDBC stores ship as separate artifacts that implement the same SPI.
 */
@NullMarked
package io.github.farolero.amocrm.store;

import org.jspecify.annotations.NullMarked;
