/**
 * The {@code amocrm-tokens} command line tool: status, verify, refresh, authorize, migrate, backup
 * and restore of amoCRM tokens in any store named by a URI. Its only public type is {@link
 * io.github.farolero.amocrm.cli.Main}; everything else is package-private. See the module's
 * README for the commands, the store URIs, the exit codes and the JSON shapes.
 */
@NullMarked
package io.github.farolero.amocrm.cli;

import org.jspecify.annotations.NullMarked;
