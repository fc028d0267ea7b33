/**
 * {@link io.github.farolero.amocrm.store.env.EnvTokenStore}: a read-only seed of tokens from
 * environment variables ({@code AMOCRM_ACCESS_TOKEN} and friends), which loses to any stored
 * record.
 */
@NullMarked
package io.github.farolero.amocrm.store.env;

import org.jspecify.annotations.NullMarked;
