/**
 * {@link io.github.farolero.amocrm.store.jdbc.JdbcTokenStore}: amoCRM tokens in a table of your
 * database, with a cluster-wide refresh lease; the schema per database
 * ({@link io.github.farolero.amocrm.store.jdbc.SqlDialect}); and
 * {@link io.github.farolero.amocrm.store.jdbc.LegacyTokenImport}, which moves tokens out of an
 * older application's {@code tokens} table; and
 * {@link io.github.farolero.amocrm.store.jdbc.JdbcRateBudget}, amoCRM's rate limit shared by every
 * process through two tables of the same database.
 */
@NullMarked
package io.github.farolero.amocrm.store.jdbc;

import org.jspecify.annotations.NullMarked;
