/**
 * An amoCRM (Kommo) API v4 client whose OAuth tokens survive redeploys, crashes and clusters.
 *
 * <p>Start with {@link io.github.farolero.amocrm.AmoCrmClient#builder()}. Tokens live in a
 * {@link io.github.farolero.amocrm.store.TokenStore}; the client refreshes them on its own, once
 * per expiry across threads, processes and hosts, and saves the new pair before using it.
 *
 * <p>Beside the client: its {@link io.github.farolero.amocrm.RateLimit} and {@link
 * io.github.farolero.amocrm.RetryPolicy}, and the {@link io.github.farolero.amocrm.Sleeper} it
 * waits with. Services and their requests are in {@code api}, models in {@code model}, OAuth and
 * the token session in {@code auth}, the token store SPI in {@code store}, and every exception in
 * {@code error}.
 */
@NullMarked
package io.github.farolero.amocrm;

import org.jspecify.annotations.NullMarked;
