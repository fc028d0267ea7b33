/**
 * An amoCRM (Kommo) API v4 client whose OAuth tokens survive redeploys, crashes and clusters.
 *
 * <p>Start with {@link io.github.farolero.amocrm.AmoCrmClient#builder()}. Tokens live in a
 * {@link io.github.farolero.amocrm.store.TokenStore}; the client refreshes them on its own, once
 * per expiry across threads, processes and hosts, and saves the new pair before using it.
 */
@NullMarked
package io.github.farolero.amocrm;

import org.jspecify.annotations.NullMarked;
