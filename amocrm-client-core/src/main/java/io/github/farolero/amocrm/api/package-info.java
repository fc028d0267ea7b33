/**
 * The amoCRM API v4 services: {@link io.github.farolero.amocrm.api.Leads}, contacts, companies,
 * tasks, pipelines, users, notes, custom field definitions, events and tags, reached from
 * {@link io.github.farolero.amocrm.AmoCrmClient}. Lists come a page at a time
 * ({@link io.github.farolero.amocrm.api.Listing#page}) or as a lazy stream that follows
 * amoCRM's next links and holds one page in memory; batch writes are split into requests of 50
 * and mapped back to their inputs.
 *
 * <p>The services are thread-safe; {@link io.github.farolero.amocrm.api.ListRequest},
 * {@link io.github.farolero.amocrm.api.Page} and the results are immutable; the iterators and
 * streams a listing returns are for one thread.
 */
@NullMarked
package io.github.farolero.amocrm.api;

import org.jspecify.annotations.NullMarked;
