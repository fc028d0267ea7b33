/**
 * Implementation of the JDBC token store: SQL text per dialect, the lease locker, error mapping.
 * Not API: anything here may change in any release.
 */
@NullMarked
package io.github.farolero.amocrm.store.jdbc.internal;

import org.jspecify.annotations.NullMarked;
