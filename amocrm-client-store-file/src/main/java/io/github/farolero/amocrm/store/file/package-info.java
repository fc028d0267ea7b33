/**
 * {@link io.github.farolero.amocrm.store.file.FileTokenStore}: tokens in a directory, one JSON
 * file per grant, written crash-safely, locked across the processes of a host, with backup
 * generations and optional AES-256-GCM encryption at rest.
 */
@NullMarked
package io.github.farolero.amocrm.store.file;

import org.jspecify.annotations.NullMarked;
