/**
 * Incremental sync: cursors that read what changed in amoCRM since the last run, resume where
 * they stopped after a crash, and miss nothing at page or second boundaries.
 *
 * <ul>
 *   <li>{@link io.github.farolero.amocrm.sync.EntitySync} reads leads, contacts or companies by
 *       {@code updated_at};
 *   <li>{@link io.github.farolero.amocrm.sync.EventSync} reads the events feed, which is where
 *       deletions show ({@code lead_deleted}...);
 *   <li>a {@link io.github.farolero.amocrm.sync.Watermark} says where a cursor stands, and a
 *       {@link io.github.farolero.amocrm.sync.WatermarkStore} the app chooses keeps it
 *       ({@link io.github.farolero.amocrm.sync.InMemoryWatermarkStore}, or the JDBC one in
 *       {@code amocrm-client-store-jdbc}).
 * </ul>
 *
 * <p>The contract is at least once: a batch's watermark is saved only after the app's handler has
 * returned, so a crash redelivers the batch it was handling, never skips it.
 */
@NullMarked
package io.github.farolero.amocrm.sync;

import org.jspecify.annotations.NullMarked;
